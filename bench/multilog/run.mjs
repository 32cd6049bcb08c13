#!/usr/bin/env node
// multilog throughput and memory, side by side with the C loggers, on the same input file:
//   ours (packages/cli/dist/bin/multilog.js), daemontools 0.76 /usr/bin/multilog, runit svlogd, s6-log.
// Script: `t s16777215 n20 ./log` (svlogd: -t with config s16777215/n20; s6-log: t n20 s16777215 ./log).
// Median wall time of RUNS runs (default 5) each, and the median CPU time (user+system) from /proc/PID/stat
// (less disturbed by other load on the machine); peak RSS from VmHWM in /proc/PID/status, polled until exit.
// Usage: node bench/multilog/run.mjs [--mb 200] [--runs 5] [--dir /dev/shm]
//   The log directories go to --dir (default /dev/shm when present, so the disk's fsync latency, which
//   every tool pays alike, does not drown the loggers' own cost; pass --dir /tmp to include it).
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median, needer } from '../lib.mjs';

const { values } = parseArgs({
  options: { mb: { type: 'string', default: '200' }, runs: { type: 'string', default: '5' }, dir: { type: 'string' } },
});
const MB = Number(values.mb);
const RUNS = Number(values.runs);
const base = values.dir ?? (existsSync('/dev/shm') ? '/dev/shm' : '/tmp');
const OURS = fileURLToPath(new URL('../../packages/cli/dist/bin/multilog.js', import.meta.url));

const tools = [
  { name: 'dt multilog (ours)', bin: OURS, cmd: (d) => [process.execPath, OURS, 't', 's16777215', 'n20', d] },
  { name: 'daemontools multilog', bin: '/usr/bin/multilog', cmd: (d) => ['/usr/bin/multilog', 't', 's16777215', 'n20', d] },
  {
    name: 'runit svlogd -t',
    bin: '/usr/bin/svlogd',
    setup: (d) => {
      mkdirSync(d);
      writeFileSync(join(d, 'config'), 's16777215\nn20\n');
    },
    cmd: (d) => ['/usr/bin/svlogd', '-t', d],
  },
  { name: 's6-log', bin: '/usr/bin/s6-log', cmd: (d) => ['/usr/bin/s6-log', 't', 'n20', 's16777215', d] },
];
const need = needer('multilog');
for (const t of tools) need(t.bin, 'apt-get install daemontools runit s6; build packages/cli');

// Realistic service logs: an ISO time, a level, a component, a message with key=value pairs, sometimes long.
function makeInput(path, bytes) {
  let seed = 12345;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const pick = (a) => a[Math.floor(rnd() * a.length)];
  const levels = ['INFO', 'INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR'];
  const comps = ['http', 'db', 'cache', 'auth', 'worker', 'scheduler'];
  const msgs = ['request completed', 'query ok', 'cache miss', 'token refreshed', 'job finished', 'retrying', 'connection reset by peer'];
  const fd = openSync(path, 'w');
  let written = 0;
  let lines = 0;
  while (written < bytes) {
    const parts = [];
    for (let i = 0; i < 2000; i++) {
      const t = new Date(1764000000000 + lines * 7).toISOString();
      let l = `${t} ${pick(levels)} [${pick(comps)}] ${pick(msgs)} method=${pick(['GET', 'POST', 'PUT'])} path=/api/v1/${pick(['users', 'orders', 'items'])}/${Math.floor(rnd() * 1e6)} status=${pick([200, 200, 201, 304, 404, 500])} ms=${Math.floor(rnd() * 900)} req=${Math.floor(rnd() * 2 ** 31).toString(16)}`;
      if (rnd() < 0.01) l += ' stack=' + 'at handler (/srv/app/lib/handler.js:42:13) '.repeat(1 + Math.floor(rnd() * 40));
      parts.push(l);
      lines++;
    }
    const buf = Buffer.from(parts.join('\n') + '\n');
    writeSync(fd, buf);
    written += buf.length;
  }
  closeSync(fd);
  return { bytes: written, lines };
}

// Peak RSS (VmHWM) and CPU time (utime+stime, 1/100 s) of a running process, polled every 5 ms until it exits:
// the last reading is at most 5 ms old. No /usr/bin/time needed.
function procPoller(pid) {
  let peak = 0;
  let cpu = 0;
  const read = () => {
    try {
      const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'));
      if (m) peak = Math.max(peak, Number(m[1]));
      const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      cpu = Math.max(cpu, (Number(f[11]) + Number(f[12])) / 100); // fields 14 and 15 of stat(5)
    } catch {
      // gone
    }
  };
  read();
  const timer = setInterval(read, 5);
  return { stop: () => (clearInterval(timer), { peak, cpu }) };
}

function runOnce(tool, input, work) {
  const dir = join(work, 'log');
  rmSync(dir, { recursive: true, force: true });
  tool.setup?.(dir);
  const [cmd, ...args] = tool.cmd(dir);
  const fd = openSync(input, 'r');
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: [fd, 'ignore', 'inherit'] });
    closeSync(fd);
    const poll = procPoller(child.pid);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      const { peak: peakKb, cpu } = poll.stop();
      if (code !== 0) return reject(new Error(`${tool.name} exited ${code ?? signal}`));
      const logged = readdirSync(dir).filter((n) => n === 'current' || n.startsWith('@')).reduce((a, n) => a + statSync(join(dir, n)).size, 0);
      resolve({ secs, peakKb, cpu, logged });
    });
  });
}


const work = mkdtempSync(join(base, 'dt-bench-multilog-'));
try {
  const input = join(work, 'input.log');
  const { bytes, lines } = makeInput(input, MB * 1e6);
  console.log(`load average ${readFileSync('/proc/loadavg', 'latin1').split(' ').slice(0, 3).join(' ')}; input: ${(bytes / 1e6).toFixed(1)} MB, ${lines} lines (avg ${(bytes / lines).toFixed(0)} bytes); logs in ${base}; ${RUNS} runs each, median`);
  const results = [];
  for (const tool of tools) {
    const runs = [];
    for (let i = 0; i < RUNS; i++) runs.push(await runOnce(tool, input, work));
    const secs = median(runs.map((r) => r.secs));
    results.push({
      tool,
      secs,
      cpu: median(runs.map((r) => r.cpu)),
      peakKb: Math.max(...runs.map((r) => r.peakKb)),
      logged: runs[0].logged,
      all: runs.map((r) => r.secs),
    });
  }
  const refTool = results.find((r) => r.tool.name === 'daemontools multilog');
  const ref = refTool.secs;
  const refCpu = refTool.cpu;
  const pad = (s, n) => String(s).padEnd(n);
  const lpad = (s, n) => String(s).padStart(n);
  console.log(`${pad('logger', 22)}${lpad('median s', 10)}${lpad('MB/s', 9)}${lpad('lines/s', 12)}${lpad('vs 0.76', 9)}${lpad('CPU s', 8)}${lpad('CPU vs 0.76', 13)}${lpad('peak RSS', 11)}  runs (s)`);
  for (const r of results) {
    console.log(
      `${pad(r.tool.name, 22)}${lpad(r.secs.toFixed(3), 10)}${lpad((bytes / 1e6 / r.secs).toFixed(1), 9)}${lpad(Math.round(lines / r.secs).toLocaleString('en-US'), 12)}${lpad((ref / r.secs).toFixed(2) + 'x', 9)}${lpad(r.cpu.toFixed(2), 8)}${lpad((refCpu / r.cpu).toFixed(2) + 'x', 13)}${lpad((r.peakKb / 1024).toFixed(1) + ' MB', 11)}  ${r.all.map((s) => s.toFixed(2)).join(' ')}`,
    );
  }
  console.log('(wall time follows the machine\'s load: on a busy machine compare the CPU columns)');
  const ours = results[0];
  const real = results[1];
  if (ours.logged !== real.logged) console.log(`WARNING: ours logged ${ours.logged} bytes, 0.76 ${real.logged}`);
  // Memory must not grow with the input: ours on a tenth of the input, for comparison.
  const small = join(work, 'small.log');
  makeInput(small, (MB * 1e6) / 10);
  const s = await runOnce(tools[0], small, work);
  console.log(`ours peak RSS on ${(MB / 10).toFixed(0)} MB: ${(s.peakKb / 1024).toFixed(1)} MB (on ${MB} MB: ${(ours.peakKb / 1024).toFixed(1)} MB)`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
