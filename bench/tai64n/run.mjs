#!/usr/bin/env node
// Throughput of our tai64n / tai64nlocal beside daemontools 0.76's and s6's (s6-tai64n, s6-tai64nlocal; runit
// has neither), on the same inputs: mixed log lines (SIZE_MB, 40-200 bytes) and 1 M short lines (13 bytes),
// stdin a file and a pipe (cat |), output to /dev/null, Node's start included. Runs are interleaved (ours,
// daemontools, s6, ours...) so machine load hits all alike; the median of RUNS runs is reported as wall time
// and as CPU time (user + system of everything the case runs, from /usr/bin/time), the steadier figure on a
// loaded machine. The last column is the fastest C tool's figure over ours (> 1: ours is faster).
//   node bench/tai64n/run.mjs            (RUNS=7 SIZE_MB=50 by default; build packages/cli first)
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, needer } from '../lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUNS = Number(process.env.RUNS ?? 7);
const SIZE_MB = Number(process.env.SIZE_MB ?? 50);
const SHORT_LINES = Number(process.env.SHORT_LINES ?? 1_000_000);
const node = process.execPath;
const ours = (p) => join(root, 'packages', 'cli', 'dist', 'bin', `${p}.js`);
// Ours runs with its Node flags (packages/cli/build/node-flags.mjs), as its bin's first line starts it.
const { nodeFlagsOf } = await import(new URL('../../packages/cli/build/node-flags.mjs', import.meta.url).href);
const oursCmd = (p) => `'${node}' ${nodeFlagsOf(p)} '${ours(p)}'`;
const need = needer('tai64n');
for (const f of ['/usr/bin/time', '/usr/bin/tai64n', '/usr/bin/tai64nlocal', ours('tai64n'), ours('tai64nlocal')]) need(f, 'install daemontools; build packages/cli');
for (const f of ['/usr/bin/s6-tai64n', '/usr/bin/s6-tai64nlocal']) need(f, 'apt-get install s6');

const dir = mkdtempSync(join(tmpdir(), 'dt-bench-tai64n-'));
try {
  // Realistic log lines: timestamps, levels, request paths, key=value pairs, 40-200 bytes.
  const mixedPath = join(dir, 'mixed.txt');
  let fd = openSync(mixedPath, 'w');
  const levels = ['INFO', 'INFO', 'INFO', 'WARN', 'DEBUG', 'ERROR'];
  const paths = ['/api/v1/users', '/healthz', '/api/v1/orders/4711', '/static/app.js', '/login'];
  let size = 0;
  let batch = [];
  for (let i = 0; size < SIZE_MB * 1024 * 1024; i++) {
    const extra = 'x'.repeat((i * 37) % 120);
    const line = `2026-11-25T12:${String(i % 60).padStart(2, '0')}:00.${String(i % 1000).padStart(3, '0')}Z ${levels[i % 6]} worker[${i % 16}] ${['GET', 'POST'][i % 2]} ${paths[i % 5]} status=${[200, 200, 304, 404, 500][i % 5]} ms=${(i * 13) % 997} ${extra}\n`;
    batch.push(line);
    size += line.length;
    if (batch.length === 10000) {
      writeSync(fd, batch.join(''));
      batch = [];
    }
  }
  writeSync(fd, batch.join(''));
  closeSync(fd);
  // What a busy service writes most: short lines ("line 0000042\n", 13 bytes).
  const shortPath = join(dir, 'short.txt');
  fd = openSync(shortPath, 'w');
  for (let i = 0; i < SHORT_LINES; i += 10000) {
    let s = '';
    for (let k = i; k < Math.min(i + 10000, SHORT_LINES); k++) s += `line ${String(k % 1e7).padStart(7, '0')}\n`;
    writeSync(fd, s);
  }
  closeSync(fd);
  const stamp = (p) => {
    const out = `${p}.stamped`;
    execFileSync('/bin/sh', ['-c', `/usr/bin/tai64n < '${p}' > '${out}'`]);
    return out;
  };
  const inputs = [
    { name: `mixed ${SIZE_MB} MB`, path: mixedPath, stamped: stamp(mixedPath) },
    { name: `${SHORT_LINES / 1e6} M short lines`, path: shortPath, stamped: stamp(shortPath) },
  ];
  const mb = (p) => statSync(p).size / 1e6;

  const programs = [
    { prog: 'tai64n', input: 'path', tools: [[oursCmd('tai64n')], ['/usr/bin/tai64n'], ['/usr/bin/s6-tai64n']] },
    { prog: 'tai64nlocal', input: 'stamped', env: 'TZ=America/Los_Angeles ', tools: [[oursCmd('tai64nlocal')], ['/usr/bin/tai64nlocal'], ['/usr/bin/s6-tai64nlocal']] },
  ];
  const names = ['ours', 'daemontools', 's6'];

  const timesPath = join(dir, 'times');
  const time = (script) => {
    const r = spawnSync('/usr/bin/time', ['-o', timesPath, '-f', '%e %U %S', '/bin/sh', '-c', script], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`${script} exited ${r.status}`);
    const [wall, user, sys] = readFileSync(timesPath, 'utf8').trim().split(/\s+/).map(Number);
    return { wall, cpu: user + sys };
  };

  console.log(`node ${process.version}; load average ${readFileSync('/proc/loadavg', 'latin1').split(' ').slice(0, 3).join(' ')}; ${RUNS} interleaved runs each, medians; output to /dev/null; Node's start included`);
  console.log('');
  console.log(`| case | ${names.map((n) => `${n} wall s`).join(' | ')} | ${names.map((n) => `${n} CPU s`).join(' | ')} | ours MB/s | fastest C / ours (wall) | fastest C / ours (CPU) |`);
  console.log(`| --- |${' ---: |'.repeat(names.length * 2 + 3)}`);
  for (const p of programs) {
    for (const input of inputs) {
      const file = input[p.input];
      for (const stdin of ['file', 'pipe']) {
        const sh = (cmd) => (stdin === 'file' ? `${p.env ?? ''}${cmd} < '${file}' > /dev/null` : `cat '${file}' | ${p.env ?? ''}${cmd} > /dev/null`);
        const res = p.tools.map(() => []);
        for (let i = 0; i < RUNS; i++) p.tools.forEach(([cmd], k) => res[k].push(time(sh(cmd))));
        const wall = res.map((rs) => median(rs.map((x) => x.wall)));
        const cpu = res.map((rs) => median(rs.map((x) => x.cpu)));
        const bestWall = Math.min(...wall.slice(1));
        const bestCpu = Math.min(...cpu.slice(1));
        const cells = [...wall.map((x) => x.toFixed(3)), ...cpu.map((x) => x.toFixed(2)), (mb(file) / wall[0]).toFixed(0), `${(bestWall / wall[0]).toFixed(2)}x`, `${(bestCpu / cpu[0]).toFixed(2)}x`];
        console.log(`| ${p.prog}, ${input.name}, stdin a ${stdin} | ${cells.join(' | ')} |`);
      }
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
