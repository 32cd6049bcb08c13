#!/usr/bin/env node
// Soak of our svscan (issue 12): crash-looping services restarted RESTARTS times in all, while DIRS service
// directories are added (renamed in) and removed (svc -dx, then rm), in batches. Prints the scanner's RSS
// and open fds (/proc/PID/fd) after a warm-up and at the end; a leak shows as growth. Not part of jest.
// Usage: node bench/scanner/soak.mjs [--restarts 10000] [--dirs 1000] [--crashers 100]
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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

function rssKb(pid) {
  return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))[1]);
}
const fds = (pid) => readdirSync(`/proc/${pid}/fd`).length;

const root = mkdtempSync(join(tmpdir(), 'dt-soak-'));
const crashers = [];
for (let i = 0; i < CRASHERS; i++) {
  // the crash-loop back-off is set out of reach: every crasher restarts once a second, 0.76's pace
  crashers.push(service(root, `crash${i}`, '#!/bin/sh\nexit 1\n', { 'dt-crash-burst': '1000000000\n' }));
}
const svscan = spawn(process.execPath, [SVSCAN, root], { stdio: 'ignore' });
const restarts = () => crashers.reduce((n, d) => n + (readSidecarFile(d)?.restarts ?? 0), 0);
try {
  await until('warm-up', () => restarts() >= CRASHERS * 5);
  const warm = restarts();
  const start = { rss: rssKb(svscan.pid), fds: fds(svscan.pid), t: Date.now() };
  let added = 0;
  while (added < DIRS) {
    const batch = [];
    for (let i = 0; i < BATCH && added < DIRS; i++, added++) batch.push(service(root, `dir${added}`, '#!/bin/sh\nexec sleep 100000\n'));
    await until('batch up', () => batch.every((d) => probeOk(d).state === 'running' && (readSidecarFile(d)?.pid ?? 0) > 0));
    for (const d of batch) await sendControl(d, 'dx');
    await until('batch down', () => batch.every((d) => probeOk(d).state !== 'running'));
    for (const d of batch) rmSync(d, { recursive: true, force: true });
  }
  await until(`${RESTARTS} restarts`, () => restarts() - warm >= RESTARTS, 3_600_000);
  await sleep(6000); // one 5-second rescan: the removed directories' entries are pruned
  const end = { rss: rssKb(svscan.pid), fds: fds(svscan.pid), t: Date.now() };
  const row = (k, a, b) => `${k.padEnd(10)} ${String(a).padStart(10)} ${String(b).padStart(10)} ${((b / a - 1) * 100).toFixed(1).padStart(7)} %`;
  console.log(`soak: ${restarts() - warm} restarts of ${CRASHERS} crashing services and ${DIRS} directories added and removed in ${((end.t - start.t) / 1000).toFixed(0)} s`);
  console.log(`${'figure'.padEnd(10)} ${'start'.padStart(10)} ${'end'.padStart(10)} ${'change'.padStart(9)}`);
  console.log(row('RSS KB', start.rss, end.rss));
  console.log(row('open fds', start.fds, end.fds));
} finally {
  svscan.kill('SIGTERM');
  await new Promise((r) => svscan.once('exit', r));
  rmSync(root, { recursive: true, force: true });
}
