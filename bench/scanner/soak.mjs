#!/usr/bin/env node
// Soak of our svscan (issue 12): crash-looping services restarted RESTARTS times in all, while DIRS service
// directories are added (linked in) and removed (djb's order: the link, svc -dx, the files), in batches.
// Prints the scanner's RSS (and its anonymous part, /proc/PID/smaps_rollup), open fds (/proc/PID/fd) and CPU
// after a warm-up and at the end; a leak shows as growth. Then how long the orderly stop (SIGTERM) took.
// Not part of jest. --node-flag F (repeatable) starts svscan as `node F svscan.js` (to compare V8 settings).
// Usage: node bench/scanner/soak.mjs [--restarts 10000] [--dirs 1000] [--crashers 100] [--node-flag F ...]
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { probeOk, readSidecarFile, sendControl } from '../../packages/supervise-protocol/dist/index.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SVSCAN = join(ROOT, 'packages', 'cli', 'dist', 'bin', 'svscan.js');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? dflt : Number(process.argv[i + 1]);
};
const RESTARTS = arg('restarts', 10_000);
const DIRS = arg('dirs', 1000);
const CRASHERS = arg('crashers', 100);
const BATCH = 50;

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(what, cond, ms = 120_000) {
  const deadline = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error(`soak: timed out waiting for ${what}`);
    await sleep(50);
  }
}

function service(root, name, run, files = {}) {
  const staging = join(root, `.new-${name}`);
  mkdirSync(staging);
  writeFileSync(join(staging, 'run'), run);
  chmodSync(join(staging, 'run'), 0o755);
  for (const [f, t] of Object.entries(files)) writeFileSync(join(staging, f), t);
  renameSync(staging, join(root, name));
  return join(root, name);
}

const kb = (file, key) => Number(new RegExp(`${key}:\\s+(\\d+)`).exec(readFileSync(file, 'latin1'))[1]);
const CLK_TCK = 100;
function figures(pid) {
  const text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const stat = text.slice(text.lastIndexOf(')') + 2).split(' '); // stat[0] is field 3
  return {
    rss: kb(`/proc/${pid}/status`, 'VmRSS'),
    anon: kb(`/proc/${pid}/smaps_rollup`, 'Anonymous'),
    fds: readdirSync(`/proc/${pid}/fd`).length,
    cpu: (Number(stat[11]) + Number(stat[12])) / CLK_TCK, // utime + stime, fields 14 and 15
    t: Date.now(),
  };
}

const top = mkdtempSync(join(tmpdir(), 'dt-soak-'));
const root = join(top, 'service');
const away = join(top, 'dirs'); // the added directories, linked into root as /service entries are
mkdirSync(root);
mkdirSync(away);
const crashers = [];
for (let i = 0; i < CRASHERS; i++) {
  // the crash-loop back-off is set out of reach: every crasher restarts once a second, 0.76's pace
  crashers.push(service(root, `crash${i}`, '#!/bin/sh\nexit 1\n', { 'dt-crash-burst': '1000000000\n' }));
}
const NODE_FLAGS = process.argv.flatMap((a, i) => (process.argv[i - 1] === '--node-flag' ? [a] : []));
const svscan = spawn(process.execPath, [...NODE_FLAGS, SVSCAN, root], { stdio: 'ignore' });
const restarts = () => crashers.reduce((n, d) => n + (readSidecarFile(d)?.restarts ?? 0), 0);
try {
  await until('warm-up', () => restarts() >= CRASHERS * 5);
  const warm = restarts();
  const start = figures(svscan.pid);
  let added = 0;
  while (added < DIRS) {
    const batch = [];
    for (let i = 0; i < BATCH && added < DIRS; i++, added++) {
      const real = service(away, `dir${added}`, '#!/bin/sh\nexec sleep 100000\n');
      symlinkSync(real, join(root, `dir${added}`));
      batch.push(real);
    }
    await until('batch up', () => batch.every((d) => probeOk(d).state === 'running' && (readSidecarFile(d)?.pid ?? 0) > 0));
    // djb's way to remove a service: the link first (no scan starts it again), then svc -dx, then the files
    for (const d of batch) unlinkSync(join(root, basename(d)));
    for (const d of batch) await sendControl(d, 'dx');
    await until('batch down', () => batch.every((d) => probeOk(d).state !== 'running'));
    for (const d of batch) rmSync(d, { recursive: true, force: true });
  }
  await until(`${RESTARTS} restarts`, () => restarts() - warm >= RESTARTS, 3_600_000);
  await sleep(6000); // one 5-second rescan: the removed directories' entries are pruned
  const end = figures(svscan.pid);
  const row = (k, a, b) => `${k.padEnd(10)} ${String(a).padStart(10)} ${String(b).padStart(10)} ${((b / a - 1) * 100).toFixed(1).padStart(7)} %`;
  console.log(`soak: ${restarts() - warm} restarts of ${CRASHERS} crashing services and ${DIRS} directories added and removed in ${((end.t - start.t) / 1000).toFixed(0)} s${NODE_FLAGS.length ? ` (node ${NODE_FLAGS.join(' ')})` : ''}`);
  console.log(`${'figure'.padEnd(10)} ${'start'.padStart(10)} ${'end'.padStart(10)} ${'change'.padStart(9)}`);
  console.log(row('RSS KB', start.rss, end.rss));
  console.log(row('anon KB', start.anon, end.anon));
  console.log(row('open fds', start.fds, end.fds));
  console.log(`svscan CPU between them: ${(end.cpu - start.cpu).toFixed(1)} s; load average ${readFileSync('/proc/loadavg', 'latin1').split(' ').slice(0, 3).join(' ')}`);
} finally {
  const t0 = Date.now();
  svscan.kill('SIGTERM');
  await new Promise((r) => svscan.once('exit', r));
  console.log(`orderly stop (SIGTERM to exit): ${Date.now() - t0} ms`);
  rmSync(top, { recursive: true, force: true });
}
