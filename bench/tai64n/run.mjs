#!/usr/bin/env node
// Throughput of our tai64n / tai64nlocal against daemontools 0.76's (/usr/bin), side by side, on the same
// input of realistic log lines (>= 100 MB), output to /dev/null. Runs are interleaved (ours, C, ours, C...)
// so machine load hits both alike; the median of RUNS runs is reported, as wall time and as CPU time (user +
// system of everything the case runs, from /usr/bin/time): on a loaded machine CPU time is the steadier figure.
//   node bench/tai64n/run.mjs            (RUNS=7 SIZE_MB=100 by default; build packages/cli first)
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { median, needer } from '../lib.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUNS = Number(process.env.RUNS ?? 7);
const SIZE_MB = Number(process.env.SIZE_MB ?? 100);
const node = process.execPath;
const ours = (p) => join(root, 'packages', 'cli', 'dist', 'bin', `${p}.js`);
const lib = join(root, 'packages', 'tai64', 'dist', 'index.js');
const need = needer('tai64n');
for (const f of ['/usr/bin/time', '/usr/bin/tai64n', '/usr/bin/tai64nlocal', ours('tai64n'), ours('tai64nlocal'), lib]) need(f, 'install daemontools; build packages/tai64 and packages/cli');

const dir = mkdtempSync(join(tmpdir(), 'dt-bench-tai64n-'));
try {
  // Realistic log lines: timestamps, levels, request paths, key=value pairs, 40-200 bytes.
  const logPath = join(dir, 'log.txt');
  const fd = openSync(logPath, 'w');
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
  const stampedPath = join(dir, 'stamped.txt');
  execFileSync('/bin/sh', ['-c', `/usr/bin/tai64n < '${logPath}' > '${stampedPath}'`]);
  const mb = (p) => statSync(p).size / 1e6;

  const socketScript = `import { runFilter, LineStamper } from ${JSON.stringify(lib)}; await runFilter(new LineStamper(), { async: true });`;
  const cases = [
    { title: 'tai64n, stdin a file', input: logPath, sh: (cmd) => `${cmd} < '${logPath}' > /dev/null`, ours: `'${node}' '${ours('tai64n')}'`, c: '/usr/bin/tai64n' },
    { title: 'tai64n, stdin a pipe (cat |)', input: logPath, sh: (cmd) => `cat '${logPath}' | ${cmd} > /dev/null`, ours: `'${node}' '${ours('tai64n')}'`, c: '/usr/bin/tai64n' },
    { title: 'tai64n, pipe, net.Socket reader', input: logPath, sh: (cmd) => `cat '${logPath}' | ${cmd} > /dev/null`, ours: `'${node}' --input-type=module -e '${socketScript}'`, c: '/usr/bin/tai64n' },
    { title: 'tai64nlocal, stdin a file (TZ=America/Los_Angeles)', input: stampedPath, sh: (cmd) => `TZ=America/Los_Angeles ${cmd} < '${stampedPath}' > /dev/null`, ours: `'${node}' '${ours('tai64nlocal')}'`, c: '/usr/bin/tai64nlocal' },
  ];

  const timesPath = join(dir, 'times');
  const time = (script) => {
    const r = spawnSync('/usr/bin/time', ['-o', timesPath, '-f', '%e %U %S', '/bin/sh', '-c', script], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`${script} exited ${r.status}`);
    const [wall, user, sys] = readFileSync(timesPath, 'utf8').trim().split(/\s+/).map(Number);
    return { wall, cpu: user + sys };
  };

  console.log(`node ${process.version} (run with Node 24: export PATH=node_modules/.bin:$PATH); `);
  console.log(`input: ${mb(logPath).toFixed(1)} MB of log lines (${mb(stampedPath).toFixed(1)} MB stamped); ${RUNS} interleaved runs each; median wall time, output to /dev/null`);
  console.log('');
  console.log('| case | ours wall s | C wall s | ours MB/s | C MB/s | ours/C (wall) | ours CPU s | C CPU s | ours/C (CPU) |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const c of cases) {
    const a = [];
    const b = [];
    for (let i = 0; i < RUNS; i++) {
      a.push(time(c.sh(c.ours)));
      b.push(time(c.sh(c.c)));
    }
    const ma = median(a.map((x) => x.wall));
    const mc = median(b.map((x) => x.wall));
    const ca = median(a.map((x) => x.cpu));
    const cc = median(b.map((x) => x.cpu));
    const size = mb(c.input);
    const cells = [ma.toFixed(2), mc.toFixed(2), (size / ma).toFixed(0), (size / mc).toFixed(0), `${(mc / ma).toFixed(2)}x`, ca.toFixed(2), cc.toFixed(2), `${(cc / ca).toFixed(2)}x`];
    console.log(`| ${c.title} | ${cells.join(' | ')} |`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
