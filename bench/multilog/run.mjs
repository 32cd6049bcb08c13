#!/usr/bin/env node
// multilog throughput and memory, side by side with the C loggers, on the same input file:
//   ours (packages/cli/dist/bin/multilog.js), daemontools 0.76 /usr/bin/multilog, runit svlogd, s6-log.
// Scripts: one directory, four, and a selection (-* +*ERROR*), each on mixed lines and 1 M short lines, stdin
// a file and a pipe (svlogd: -t with config s16777215/n20 [+patterns]; s6-log: t n20 s16777215 [-.* +ERROR] dirs).
// Median wall time of RUNS runs (default 5) each, and the median CPU time (user+system) from /proc/PID/stat
// (less disturbed by other load on the machine); peak RSS from VmHWM in /proc/PID/status, polled until exit.
// Usage: node bench/multilog/run.mjs [--mb 50] [--lines 1000000] [--runs 5] [--dir /dev/shm] [--ours BUNDLE]
//   The log directories go to --dir (default /dev/shm when present, so the disk's fsync latency, which
//   every tool pays alike, does not drown the loggers' own cost; pass --dir /tmp to include it).
import { spawn } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { median, needer } from '../lib.mjs';

const { values } = parseArgs({
  options: { mb: { type: 'string', default: '50' }, lines: { type: 'string', default: '1000000' }, runs: { type: 'string', default: '5' }, dir: { type: 'string' }, ours: { type: 'string' } },
});
const MB = Number(values.mb);
const SHORT_LINES = Number(values.lines);
const RUNS = Number(values.runs);
const base = values.dir ?? (existsSync('/dev/shm') ? '/dev/shm' : '/tmp');
// --ours PATH: another build of ours (e.g. a copy of an earlier bundle, for a before/after table)
const OURS = values.ours ?? fileURLToPath(new URL('../../packages/cli/dist/bin/multilog.js', import.meta.url));
// Ours runs with its Node flags (packages/cli/build/node-flags.mjs), as its launcher starts it.
const { NODE_FLAGS } = await import(new URL('../../packages/cli/build/node-flags.mjs', import.meta.url).href);
const OURS_FLAGS = NODE_FLAGS.multilog ?? [];

// The scripts: one directory, four directories, and a selection (only lines with ERROR); each tool spells
// them its own way. svlogd reads s/n and patterns from DIR/config (same pattern syntax as multilog); s6-log
// selects with regular expressions (matched anywhere in the line).
const SCRIPTS = {
  '1 dir': { ml: (ds) => ['t', 's16777215', 'n20', ds[0]], s6: (ds) => ['t', 'n20', 's16777215', ds[0]], svlogd: [''], dirs: 1 },
  '4 dirs': { ml: (ds) => ['t', 's16777215', 'n20', ...ds], s6: (ds) => ['t', 'n20', 's16777215', ...ds], svlogd: [''], dirs: 4 },
  '-* +*ERROR*': { ml: (ds) => ['t', 's16777215', 'n20', '-*', '+*ERROR*', ds[0]], s6: (ds) => ['t', 'n20', 's16777215', '-.*', '+ERROR', ds[0]], svlogd: ['-*', '+*ERROR*'], dirs: 1 },
};

const tools = [
  { name: 'dt multilog (ours)', bin: OURS, cmd: (sc, ds) => [process.execPath, ...OURS_FLAGS, OURS, ...sc.ml(ds)] },
  { name: 'daemontools multilog', bin: '/usr/bin/multilog', cmd: (sc, ds) => ['/usr/bin/multilog', ...sc.ml(ds)] },
  {
    name: 'runit svlogd -t',
    bin: '/usr/bin/svlogd',
    setup: (sc, ds) => {
      for (const d of ds) {
        mkdirSync(d);
        writeFileSync(join(d, 'config'), ['s16777215', 'n20', ...sc.svlogd.filter(Boolean)].join('\n') + '\n');
      }
    },
    cmd: (sc, ds) => ['/usr/bin/svlogd', '-t', ...ds],
  },
  { name: 's6-log', bin: '/usr/bin/s6-log', cmd: (sc, ds) => ['/usr/bin/s6-log', ...sc.s6(ds)] },
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

function runOnce(tool, script, input, stdin, work) {
  const ds = Array.from({ length: script.dirs }, (_x, k) => join(work, `log${k}`));
  for (const d of ds) rmSync(d, { recursive: true, force: true });
  tool.setup?.(script, ds);
  const [cmd, ...args] = tool.cmd(script, ds);
  const fd = openSync(input, 'r');
  return new Promise((resolve, reject) => {
    const t0 = process.hrtime.bigint();
    // stdin a pipe: cat writes into it, as a service writes into its log pipe
    const cat = stdin === 'pipe' ? spawn('/bin/cat', [], { stdio: [fd, 'pipe', 'inherit'] }) : undefined;
    const child = spawn(cmd, args, { stdio: [cat ? cat.stdout : fd, 'ignore', 'inherit'] });
    closeSync(fd);
    const poll = procPoller(child.pid);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      const secs = Number(process.hrtime.bigint() - t0) / 1e9;
      const { peak: peakKb, cpu } = poll.stop();
      if (code !== 0) return reject(new Error(`${tool.name} exited ${code ?? signal}`));
      const logged = ds.reduce((s, d) => s + readdirSync(d).filter((n) => n === 'current' || n.startsWith('@')).reduce((a, n) => a + statSync(join(d, n)).size, 0), 0);
      resolve({ secs, peakKb, cpu, logged });
    });
  });
}

function makeShort(path, count) {
  const fd = openSync(path, 'w');
  for (let i = 0; i < count; i += 10000) {
    let s = '';
    for (let k = i; k < Math.min(i + 10000, count); k++) s += `line ${String(k % 1e7).padStart(7, '0')}\n`;
    writeSync(fd, s);
  }
  closeSync(fd);
  return { bytes: count * 13, lines: count };
}

const work = mkdtempSync(join(base, 'dt-bench-multilog-'));
try {
  const mixed = join(work, 'mixed.log');
  const short = join(work, 'short.log');
  const inputs = [
    { name: `mixed ${MB} MB`, path: mixed, ...makeInput(mixed, MB * 1e6) },
    { name: `${SHORT_LINES / 1e6} M short lines`, path: short, ...makeShort(short, SHORT_LINES) },
  ];
  console.log(`node ${process.version}, ours with ${OURS_FLAGS.join(' ') || 'no flags'}; load average ${readFileSync('/proc/loadavg', 'latin1').split(' ').slice(0, 3).join(' ')}`);
  for (const i of inputs) console.log(`input ${i.name}: ${(i.bytes / 1e6).toFixed(1)} MB, ${i.lines} lines (avg ${(i.bytes / i.lines).toFixed(0)} bytes)`);
  console.log(`logs in ${base}; ${RUNS} interleaved runs each (ours, daemontools, svlogd, s6-log, ours...), medians; peak RSS the highest VmHWM`);
  console.log('');
  const short2 = ['ours', 'daemontools', 'svlogd', 's6-log'];
  console.log(`| case | ${short2.map((n) => `${n} s`).join(' | ')} | ${short2.map((n) => `${n} CPU s`).join(' | ')} | fastest C / ours (wall) | fastest C / ours (CPU) | ours peak RSS | C peak RSS (dt/svlogd/s6) |`);
  console.log(`| --- |${' ---: |'.repeat(short2.length * 2 + 4)}`);
  const warnings = [];
  for (const [sname, script] of Object.entries(SCRIPTS)) {
    for (const input of inputs) {
      for (const stdin of ['file', 'pipe']) {
        const runs = tools.map(() => []);
        for (let i = 0; i < RUNS; i++) for (let k = 0; k < tools.length; k++) runs[k].push(await runOnce(tools[k], script, input.path, stdin, work));
        const secs = runs.map((rs) => median(rs.map((r) => r.secs)));
        const cpu = runs.map((rs) => median(rs.map((r) => r.cpu)));
        const peak = runs.map((rs) => Math.max(...rs.map((r) => r.peakKb)) / 1024);
        if (runs[0][0].logged !== runs[1][0].logged) warnings.push(`${sname}, ${input.name}, ${stdin}: ours logged ${runs[0][0].logged} bytes, 0.76 ${runs[1][0].logged}`);
        const bw = Math.min(...secs.slice(1));
        const bc = Math.min(...cpu.slice(1));
        const cells = [...secs.map((x) => x.toFixed(3)), ...cpu.map((x) => x.toFixed(2)), `${(bw / secs[0]).toFixed(2)}x`, `${(bc / cpu[0]).toFixed(2)}x`, `${peak[0].toFixed(1)} MB`, peak.slice(1).map((x) => x.toFixed(1)).join(' / ') + ' MB'];
        console.log(`| ${sname}, ${input.name}, stdin a ${stdin} | ${cells.join(' | ')} |`);
      }
    }
  }
  console.log('(wall time follows the machine\'s load: on a busy machine compare the CPU columns)');
  for (const w of warnings) console.log(`WARNING: ${w}`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
