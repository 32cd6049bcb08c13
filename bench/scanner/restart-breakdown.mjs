// Where the wall time of a restart goes, in one process (issue 14): one Supervisor over a `sleep` service,
// N cycles of kill -9 (child up > 1 s) → new pid in supervise/status, and of `u` written to
// supervise/control (service down) → pid in status. Each step is timed from outside the library: the
// renames of status.new and dt-status.json.new (node:fs renameSync, patched before the scanner is loaded),
// the launch seam (startRun wrapped: the posix_spawn call), the child's 'exit' (a listener ahead of the
// supervisor's). Prints the median of each step, in ms from the kill (or the `u` write).
// Usage: node bench/scanner/restart-breakdown.mjs [--cycles 10] [--scanner PATH/index.js]
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { arg, median } from '../lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const CYCLES = Number(arg('--cycles', '10'));

let marks = [];
const mark = (what) => marks.push([what, performance.now()]);
const realRename = fs.renameSync;
fs.renameSync = (from, to) => {
  const name = String(to).slice(String(to).lastIndexOf('/') + 1);
  mark(`${name} rename start`);
  realRename(from, to);
  mark(`${name} rename end`);
};
const realOpen = fs.openSync;
fs.openSync = (path, ...rest) => {
  const name = String(path).slice(String(path).lastIndexOf('/') + 1);
  if (!name.endsWith('.new')) return realOpen(path, ...rest);
  mark(`${name} open start`);
  const fd = realOpen(path, ...rest);
  mark(`${name} open end`);
  return fd;
};
syncBuiltinESMExports();

const { Supervisor } = await import(resolve(arg('--scanner', join(here, '../../packages/scanner/dist/index.js'))));
const root = fs.mkdtempSync(join(tmpdir(), 'dt-restart-'));
const dir = join(root, 'svc');
fs.mkdirSync(dir);
fs.writeFileSync(join(dir, 'run'), '#!/bin/sh\nexec sleep 100\n');
fs.chmodSync(join(dir, 'run'), 0o755);
// the default launch (child.ts startRun, not exported): a TypeScript-private field of a Supervisor
const startRun = new Supervisor({ dir }).launch;
const launch = (opts, onStarted, onFailed) => {
  mark('launch');
  startRun(
    opts,
    (child) => {
      mark('spawned');
      child.once('exit', () => mark('exit event'));
      onStarted(child);
    },
    onFailed,
  );
};
const s = new Supervisor({ dir, crashLoop: { burst: 1000 }, launch });
s.on('start', () => mark('start event'));
const started = () => new Promise((r) => s.once('start', r));
const rows = { kill: [], u: [] };
const exited = () => new Promise((r) => s.once('exit', r));

function record(kind, t0) {
  const seen = new Map();
  for (const [what, t] of marks) {
    let name = what;
    for (let n = 2; seen.has(name); n++) name = `${what} #${n}`;
    seen.set(name, t - t0);
  }
  rows[kind].push(seen);
  marks = [];
}

try {
  let p = started();
  await s.start();
  await p;
  for (let i = 0; i < CYCLES; i++) {
    await new Promise((r) => setTimeout(r, 1100)); // up over a second: no pacing delay
    p = started();
    marks = [];
    const t0 = performance.now();
    process.kill(s.pid, 'SIGKILL');
    await p;
    await new Promise((r) => setImmediate(r));
    record('kill', t0);
    // down, then u through the FIFO
    await new Promise((r) => setTimeout(r, 1100));
    const e = exited();
    s.control('d');
    await e;
    await new Promise((r) => setTimeout(r, 50));
    p = started();
    marks = [];
    const t1 = performance.now();
    const fd = fs.openSync(join(dir, 'supervise/control'), fs.constants.O_WRONLY | fs.constants.O_NONBLOCK);
    fs.writeSync(fd, 'u');
    fs.closeSync(fd);
    await p;
    await new Promise((r) => setImmediate(r));
    record('u', t1);
  }
  for (const kind of ['kill', 'u']) {
    const names = [...new Set(rows[kind].flatMap((m) => [...m.keys()]))];
    const meds = names.map((n) => [n, median(rows[kind].map((m) => m.get(n)).filter((x) => x !== undefined))]).sort((a, b) => a[1] - b[1]);
    console.log(`${kind === 'kill' ? 'kill -9' : 'u'} (${CYCLES} cycles), ms from ${kind === 'kill' ? 'the kill' : 'the write'} (median per step):`);
    for (const [n, t] of meds) console.log(`  ${t.toFixed(3).padStart(8)}  ${n}`);
  }
} finally {
  const done = new Promise((r) => s.once('done', r));
  s.control('dx');
  await done;
  fs.rmSync(root, { recursive: true, force: true });
}
