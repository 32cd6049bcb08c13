#!/usr/bin/env node
// Start-up cost of our svc, svok and svstat against `node -e 0` on the same Node and against the C programs
// of daemontools 0.76, side by side: instructions from `valgrind --tool=callgrind` (median of several runs;
// for node only the node process itself is traced) and wall-clock medians from hyperfine. Then svstat over
// 1000 directories in one call, ours against C.
//
// Our bins are built with scripts/builtins-plugin.mjs (builtin imports read through
// process.getBuiltinModule instead of ESM facades: about 15 M instructions less per start).
//
//   node bench/cli-startup/run.mjs [--quick]     (needs packages/cli/dist/bin built: cd packages/cli && npx tsup)
import { execFileSync, spawnSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { callgrindInstructions, hyperfine, median, needer } from '../lib.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const NODE = process.execPath;
const QUICK = process.argv.includes('--quick');
const CALLGRIND_RUNS = QUICK ? 1 : Number(process.env.BENCH_CALLGRIND_RUNS ?? 3);
const WALL_RUNS = QUICK ? 10 : 30;
const PROGRAMS = ['svc', 'svok', 'svstat'];

const need = needer('cli-startup');
for (const p of PROGRAMS) need(`/usr/bin/${p}`, 'install daemontools 0.76 (apt-get install -y daemontools)');
need('/usr/bin/valgrind', 'apt-get install -y valgrind');
need('/usr/bin/hyperfine', 'apt-get install -y hyperfine');
const DIST = join(ROOT, 'packages/cli/dist/bin');
for (const p of PROGRAMS) need(join(DIST, `${p}.js`), 'build it first: cd packages/cli && npx tsup');

const work = mkdtempSync(join(tmpdir(), 'dt-bench-startup-'));
const held = [];
try {
  // A service directory as a running supervise presents it: ok and control FIFOs with readers (held here),
  // and a status file (up, pid 7802, from the real supervise: packages/supervise-protocol/test/fixtures).
  const sv = join(work, 'svc');
  mkdirSync(join(sv, 'supervise'), { recursive: true });
  for (const f of ['ok', 'control']) {
    execFileSync('/usr/bin/mkfifo', [join(sv, 'supervise', f)]);
    held.push(openSync(join(sv, 'supervise', f), constants.O_RDONLY | constants.O_NONBLOCK));
  }
  writeFileSync(join(sv, 'supervise', 'status'), readFileSync(join(ROOT, 'packages/supervise-protocol/test/fixtures/status-up.bin')));
  // 1000 directory names for one svstat call (symlinks to that service).
  const many = [];
  for (let i = 0; i < 1000; i++) {
    const name = `s${String(i).padStart(4, '0')}`;
    symlinkSync(sv, join(work, name));
    many.push(name);
  }

  const argsOf = (p) => (p === 'svc' ? ['-u', sv] : [sv]);
  const rows = [{ label: 'node -e 0', cmd: [NODE, '-e', '0'] }];
  for (const p of PROGRAMS) {
    rows.push({ label: `C ${p}`, cmd: [`/usr/bin/${p}`, ...argsOf(p)], group: p });
    rows.push({ label: `ours ${p}`, cmd: [NODE, join(DIST, `${p}.js`), ...argsOf(p)], group: p, ours: true });
  }

  function instructions(cmd, cwd = work) {
    const counts = [];
    for (let i = 0; i < CALLGRIND_RUNS; i++) counts.push(callgrindInstructions(cmd, { cwd }));
    return median(counts);
  }
  const wallMedians = (cmds, runs, cwd = work) => hyperfine(cmds, { runs, cwd }).map((r) => r.median * 1000);

  process.stderr.write(`callgrind: ${rows.length} commands x ${CALLGRIND_RUNS} run(s) (node under valgrind takes ~10 s each)...\n`);
  for (const row of rows) row.instr = instructions(row.cmd);
  process.stderr.write(`hyperfine: ${rows.length} commands x ${WALL_RUNS} runs...\n`);
  wallMedians(rows.map((r) => r.cmd), WALL_RUNS).forEach((ms, i) => (rows[i].ms = ms));

  const base = rows[0];
  const fmtM = (n) => `${(n / 1e6).toFixed(2)} M`;
  const fmtK = (n) => (n < 1e6 ? `${(n / 1e3).toFixed(0)} k` : fmtM(n));
  const pad = (s, n) => String(s).padStart(n);
  console.log(`\nStart-up, one directory (Node ${process.version}; instructions: median of ${CALLGRIND_RUNS} callgrind run(s); wall: hyperfine median of ${WALL_RUNS})`);
  console.log(`${'command'.padEnd(20)}${pad('instructions', 14)}${pad('x node -e 0', 13)}${pad('wall ms', 10)}${pad('x node -e 0', 13)}`);
  for (const r of rows) {
    const ratio = (a, b) => (r.label.startsWith('C ') ? '' : `${(a / b).toFixed(3)}x`);
    console.log(`${r.label.padEnd(20)}${pad(fmtK(r.instr), 14)}${pad(ratio(r.instr, base.instr), 13)}${pad(r.ms.toFixed(2), 10)}${pad(ratio(r.ms, base.ms), 13)}`);
  }
  const goal = rows.filter((r) => r.ours).map((r) => `${r.label} ${(r.instr / base.instr).toFixed(2)}x`);
  console.log(`goal: <= 1.10x node -e 0 in instructions: ${goal.join(', ')}`);

  // svstat over 1000 directories in one call.
  const bulk = [
    { label: 'C svstat x1000', cmd: ['/usr/bin/svstat', ...many] },
    { label: 'ours svstat x1000', cmd: [NODE, join(DIST, 'svstat.js'), ...many] },
  ];
  const a = spawnSync(bulk[0].cmd[0], bulk[0].cmd.slice(1), { cwd: work, encoding: 'utf8' }).stdout.replace(/\d+ seconds/g, 'N');
  const b = spawnSync(bulk[1].cmd[0], bulk[1].cmd.slice(1), { cwd: work, encoding: 'utf8' }).stdout.replace(/\d+ seconds/g, 'N');
  if (a !== b) throw new Error('svstat x1000: our output differs from /usr/bin/svstat');
  for (const r of bulk) r.instr = instructions(r.cmd);
  wallMedians(bulk.map((r) => r.cmd), Math.max(10, WALL_RUNS / 3)).forEach((ms, i) => (bulk[i].ms = ms));
  console.log(`\nsvstat over 1000 directories in one call (same output, seconds masked)`);
  console.log(`${'command'.padEnd(20)}${pad('instructions', 14)}${pad('x C', 10)}${pad('wall ms', 10)}${pad('x C', 10)}`);
  for (const r of bulk) {
    console.log(`${r.label.padEnd(20)}${pad(fmtK(r.instr), 14)}${pad(`${(r.instr / bulk[0].instr).toFixed(1)}x`, 10)}${pad(r.ms.toFixed(2), 10)}${pad(`${(r.ms / bulk[0].ms).toFixed(1)}x`, 10)}`);
  }
  const per = (r) => ((r.instr - rows.find((x) => x.label === (r.label.startsWith('C') ? 'C svstat' : 'ours svstat')).instr) / 999 / 1e3).toFixed(1);
  console.log(`per extra directory: C ${per(bulk[0])} k, ours ${per(bulk[1])} k instructions`);
} finally {
  for (const fd of held) closeSync(fd);
  rmSync(work, { recursive: true, force: true });
}
