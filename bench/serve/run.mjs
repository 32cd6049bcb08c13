#!/usr/bin/env node
// dt serve at N services (default 1000, each `exec sleep 100000` under our svscan):
//   latency  GET /metrics and GET /status.json (median of --samples requests, one at a time), beside what an
//            operator runs without it: the C `svstat` over the same N directories, and `dt status --json`.
//   memory   the supervising process's RSS and USS (/proc/PID/smaps_rollup) after every service is up and
//            after the scrapes: plain svscan against `dt svscan --serve` on the same tree (the added memory
//            of serving in-process), and the resident set of a separate `dt serve` process.
// Usage: node bench/serve/run.mjs [--services 1000] [--samples 30]
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { arg, median, needer, sleep, waitFor as poll } from '../lib.mjs';

const waitFor = (what, fn, timeoutMs = 120_000) => poll(what, fn, timeoutMs, 50);

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DT = join(ROOT, 'packages', 'cli', 'dist', 'bin', 'dt.js');
const SVSCAN = join(ROOT, 'packages', 'cli', 'dist', 'bin', 'svscan.js');
const C_SVSTAT = '/usr/bin/svstat';
const N = Number(arg('--services', '1000'));
const SAMPLES = Number(arg('--samples', '30'));
const need = needer('serve');
need(C_SVSTAT, 'install daemontools (apt-get install daemontools)');
need(DT, 'build first (npm run build)');

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** kB figures of /proc/PID/smaps_rollup: Rss, and USS = Private_Clean + Private_Dirty. */
function memoryOf(pid) {
  const t = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (k) => Number(new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(t)?.[1] ?? 0);
  return { rss: kb('Rss'), uss: kb('Private_Clean') + kb('Private_Dirty') };
}

function makeTree() {
  const d = mkdtempSync(join(tmpdir(), 'dt-bench-serve-'));
  for (let i = 0; i < N; i++) {
    const s = join(d, `svc${String(i).padStart(4, '0')}`);
    mkdirSync(s);
    writeFileSync(join(s, 'run'), '#!/bin/sh\nexec sleep 100000\n');
    chmodSync(join(s, 'run'), 0o755);
  }
  return d;
}

/** Every service up, as the status files say (pid bytes 12..15 non-zero). */
function allUp(d) {
  for (let i = 0; i < N; i++) {
    try {
      const b = readFileSync(join(d, `svc${String(i).padStart(4, '0')}`, 'supervise', 'status'));
      if (b.length < 18 || b.readUInt32LE(12) === 0) return false;
    } catch {
      return false;
    }
  }
  return true;
}

async function stop(proc) {
  if (proc.exitCode !== null) return;
  const done = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  const t = setTimeout(() => proc.kill('SIGKILL'), 60_000);
  await done;
  clearTimeout(t);
}

async function timeRequests(url) {
  const ms = [];
  let bytes = 0;
  for (let i = 0; i < SAMPLES; i++) {
    const t0 = performance.now();
    const body = await (await fetch(url)).text();
    ms.push(performance.now() - t0);
    bytes = body.length;
  }
  return { ms: median(ms), bytes };
}

function timeCommand(cmd, args) {
  const ms = [];
  for (let i = 0; i < Math.min(SAMPLES, 10); i++) {
    const t0 = performance.now();
    const r = spawnSync(cmd, args, { stdio: ['ignore', 'ignore', 'ignore'] });
    ms.push(performance.now() - t0);
    if (r.error) throw r.error;
  }
  return median(ms);
}

/** Run a supervising process on a fresh tree; `measure(proc, dir)` once every service is up. */
async function withTree(argv, measure) {
  const d = makeTree();
  const proc = spawn(process.execPath, argv(d), { stdio: ['ignore', 'ignore', 'inherit'], detached: true });
  try {
    await waitFor(`${N} services up`, () => allUp(d));
    return await measure(proc, d);
  } finally {
    await stop(proc);
    rmSync(d, { recursive: true, force: true });
  }
}

const rows = [];
const fmt = (x) => (typeof x === 'number' ? x.toFixed(1) : x);

const plain = await withTree((d) => [SVSCAN, d], async (proc) => {
  await sleep(1000);
  return memoryOf(proc.pid);
});

const port = await freePort();
const url = `http://127.0.0.1:${port}`;
const served = await withTree(
  (d) => [DT, 'svscan', '--serve', '--listen', `127.0.0.1:${port}`, d],
  async (proc, d) => {
    await waitFor('the server', () => fetch(`${url}/metrics`).then((r) => r.ok, () => false));
    const up = memoryOf(proc.pid);
    const metrics = await timeRequests(`${url}/metrics`);
    const status = await timeRequests(`${url}/status.json`);
    const after = memoryOf(proc.pid);
    const dirs = Array.from({ length: N }, (_, i) => join(d, `svc${String(i).padStart(4, '0')}`));
    const svstat = timeCommand(C_SVSTAT, dirs);
    const dtStatus = timeCommand(process.execPath, [DT, 'status', '--json', ...dirs]);
    // a separate `dt serve` process over the same tree, after the same scrapes
    const sidePort = await freePort();
    const side = spawn(process.execPath, [DT, 'serve', '--listen', `127.0.0.1:${sidePort}`, d], { stdio: 'ignore', detached: true });
    try {
      await waitFor('dt serve', () => fetch(`http://127.0.0.1:${sidePort}/metrics`).then((r) => r.ok, () => false));
      const sideMetrics = await timeRequests(`http://127.0.0.1:${sidePort}/metrics`);
      return { up, after, metrics, status, svstat, dtStatus, sideMetrics, side: memoryOf(side.pid) };
    } finally {
      await stop(side);
    }
  },
);

rows.push([`C svstat over ${N} dirs (one process)`, fmt(served.svstat), '', '']);
rows.push([`dt status --json over ${N} dirs (one process)`, fmt(served.dtStatus), '', '']);
rows.push([`GET /metrics from svscan --serve (${(served.metrics.bytes / 1024).toFixed(0)} KB)`, fmt(served.metrics.ms), '', '']);
rows.push([`GET /status.json from svscan --serve (${(served.status.bytes / 1024).toFixed(0)} KB)`, fmt(served.status.ms), '', '']);
rows.push([`GET /metrics from a separate dt serve`, fmt(served.sideMetrics.ms), '', '']);
rows.push([`svscan (plain), RSS / USS MB`, '', fmt(plain.rss / 1024), fmt(plain.uss / 1024)]);
rows.push([`svscan --serve, before scrapes, RSS / USS MB`, '', fmt(served.up.rss / 1024), fmt(served.up.uss / 1024)]);
rows.push([`svscan --serve, after ${2 * SAMPLES} requests, RSS / USS MB`, '', fmt(served.after.rss / 1024), fmt(served.after.uss / 1024)]);
rows.push([`  added by serving in-process, RSS / USS MB`, '', fmt((served.after.rss - plain.rss) / 1024), fmt((served.after.uss - plain.uss) / 1024)]);
rows.push([`separate dt serve process, RSS / USS MB`, '', fmt(served.side.rss / 1024), fmt(served.side.uss / 1024)]);

const w = Math.max(...rows.map((r) => r[0].length));
process.stdout.write(`bench/serve: ${N} services, medians of ${SAMPLES} requests (commands: of ${Math.min(SAMPLES, 10)} runs)\n`);
process.stdout.write(`${'what'.padEnd(w)}  ${'ms'.padStart(8)}  ${'RSS'.padStart(8)}  ${'USS'.padStart(8)}\n`);
for (const r of rows) process.stdout.write(`${r[0].padEnd(w)}  ${String(r[1]).padStart(8)}  ${String(r[2]).padStart(8)}  ${String(r[3]).padStart(8)}\n`);
process.stdout.write(`/metrics is ${(served.metrics.ms / served.svstat).toFixed(2)}x the C svstat over the same directories\n`);
