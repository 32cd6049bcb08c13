#!/usr/bin/env node
// Stress for the log host's journal (decision 0005): one service floods numbered lines (16 kB bursts in 8 kB
// writes that end mid-line, 300000 lines over about 45 s; while the logger is down the pipe fills and the
// backlog then comes in 64 kB chunks), logged by a hosted `exec multilog t s99999 n1000 ./main` (a rotation
// every 100 kB, every archive kept). The log host is killed with SIGKILL 0-150 ms (random) after it has
// written something new, four times in a row, then left 11 s so the supervisor's crash-loop pacing (5
// deaths within 10 s) does not slow the restarts. At the end every line must be in the log directory
// exactly once, in order, none spliced. Prints kills, lines and the verdict; exits 1 on any loss, repeat
// or splice.
// Usage: node bench/log-host-kill/run.mjs [--lines 300000] [--seed 1]
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SVSCAN = join(ROOT, 'packages', 'cli', 'dist', 'bin', 'svscan.js');
const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : dflt;
};
const LINES = Number(arg('--lines', '300000'));
let seed = Number(arg('--seed', '1'));
const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

if (!existsSync(SVSCAN)) throw new Error(`${SVSCAN} is missing: npm run build`);
const root = mkdtempSync(join(tmpdir(), 'dt-kill-stress-'));
const svc = join(root, 'a');
mkdirSync(join(svc, 'log'), { recursive: true });
writeFileSync(
  join(svc, 'run'),
  `#!/bin/sh\nexec perl -e '$| = 0; for my $i (1 .. ${LINES}) { print "line $i " . ("x" x ($i % 300)) . "\\n"; select(undef, undef, undef, 0.015) if $i % 100 == 0 } print "end\\n"; close STDOUT; sleep 100000'\n`,
);
writeFileSync(join(svc, 'log', 'run'), '#!/bin/sh\nexec multilog t s99999 n1000 ./main\n');
chmodSync(join(svc, 'run'), 0o755);
chmodSync(join(svc, 'log', 'run'), 0o755);
const main = join(svc, 'log', 'main');

function hostPid() {
  try {
    const b = readFileSync(join(svc, 'log', 'supervise', 'status'));
    return b.length >= 16 ? b.readUInt32LE(12) : 0;
  } catch {
    return 0;
  }
}

function logText() {
  if (!existsSync(main)) return '';
  const names = readdirSync(main).filter((n) => n.startsWith('@')).sort();
  names.push('current');
  let t = '';
  for (const n of names) {
    try {
      t += readFileSync(join(main, n), 'latin1');
    } catch {
      // rotated meanwhile
    }
  }
  return t.replace(/^@[0-9a-f]{24} /gm, '');
}

const scanner = spawn(process.execPath, [SVSCAN, root], { stdio: ['ignore', 'ignore', 'inherit'], env: { ...process.env, PATH: '/usr/bin:/bin' } });
let kills = 0;
const killed = new Set();
try {
  const t0 = Date.now();
  let seen = 0;
  for (;;) {
    await sleep(10);
    let tail = '';
    try {
      tail = readFileSync(join(main, 'current'), 'latin1').slice(-200);
    } catch {
      // not yet, or rotating now
    }
    if (tail.endsWith('end\n')) break;
    if (Date.now() - t0 > 600_000) throw new Error('no end after 10 minutes');
    const pid = hostPid();
    const size = logText().length;
    if (pid <= 0 || killed.has(pid) || size <= seen) continue;
    await sleep(random() * 150);
    try {
      process.kill(pid, 'SIGKILL');
      killed.add(pid);
      kills++;
      seen = logText().length;
    } catch {
      // gone
    }
    if (kills % 4 === 0) await sleep(11_000);
  }
  // the orderly stop: every logger drains; then the directory is final
  scanner.kill('SIGTERM');
  await new Promise((r) => scanner.once('exit', r));
  const lines = logText().split('\n');
  lines.pop();
  const last = lines.pop();
  let expected = 1;
  const odd = [];
  for (const l of lines) {
    const m = /^line (\d+) (x*)$/.exec(l);
    if (!m || Number(m[1]) !== expected || m[2].length !== expected % 300) {
      odd.push(`after line ${expected - 1}: ${JSON.stringify(l.slice(0, 60))}`);
      if (m) expected = Number(m[1]) + 1;
      continue;
    }
    expected++;
  }
  const archives = readdirSync(main).filter((n) => n.startsWith('@')).length;
  console.log(`kills ${kills}, lines ${expected - 1} of ${LINES}, last ${JSON.stringify(last)}, archives ${archives}`);
  if (odd.length > 0 || expected - 1 !== LINES || last !== 'end') {
    console.log(`FAIL: ${odd.length} lines out of place; first: ${odd.slice(0, 5).join('; ')}`);
    console.log(`kept for a look: ${root}`);
    process.exitCode = 1;
  } else console.log('OK: every line once, in order, none spliced');
} finally {
  if (scanner.exitCode === null && scanner.signalCode === null) {
    scanner.kill('SIGTERM');
    await new Promise((r) => scanner.once('exit', r));
  }
  if (process.exitCode !== 1) rmSync(root, { recursive: true, force: true });
}
