#!/usr/bin/env node
// The cost of a chain-loading chain before the final program starts: softlimit, envdir, setuidgid and
// pgrphack in front of /bin/true, ours (one Node start for the whole chain: the later links run in the
// same process) against daemontools 0.76's C programs and against one `node -e 0` (goal: the chain at
// most 1.3x one `node -e 0`). Wall time: hyperfine (-N, medians of several runs). Instructions: valgrind
// callgrind up to the exec of a final program that cannot be exec'd (so the count stops where the next
// program would start): for ours the whole chain is one image; for C, the sum of its links.
// Run as root (setuidgid nobody).
//   node bench/chainload/run.mjs [--runs N] [--no-callgrind]
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { callgrindInstructions, hyperfine, median, needer } from '../lib.mjs';

const args = process.argv.slice(2);
const RUNS = Number(args[args.indexOf('--runs') + 1] || 0) || 15;
const CALLGRIND = !args.includes('--no-callgrind');
const BIN_DIR = process.env.DT_BENCH_BIN_DIR ?? fileURLToPath(new URL('../../packages/cli/dist/bin/', import.meta.url));
const NODE = process.execPath;
// The bins are `#!/bin/sh` launchers that exec `node` from PATH: this Node first.
process.env.PATH = `${dirname(NODE)}:${process.env.PATH ?? '/usr/bin:/bin'}`;

const need = needer('chainload');
for (const p of ['envdir', 'setuidgid', 'softlimit', 'pgrphack']) {
  need(`/usr/bin/${p}`, 'install daemontools 0.76 (apt-get install -y daemontools)');
  need(join(BIN_DIR, `${p}.js`), 'build first: cd packages/cli && npx tsup');
}
need('/usr/bin/hyperfine', 'install hyperfine');
if (process.getuid() !== 0) {
  console.error('bench/chainload: run as root (the chain includes setuidgid nobody)');
  process.exit(1);
}

const tmp = mkdtempSync(join(tmpdir(), 'dt-bench-chainload-'));
chmodSync(tmp, 0o755);
// the launchers' environ copies go here (the sh-only row leaves its copy: nothing deletes it but this)
process.env.TMPDIR = join(tmp, 'tmp');
spawnSync('mkdir', ['-m', '1777', process.env.TMPDIR]);
const envDir = join(tmp, 'env');
spawnSync('mkdir', [envDir]);
for (const [k, v] of Object.entries({ SERVICE: 'web', PORT: '8080', EMPTY: '', NODE_ENV: 'production' })) writeFileSync(join(envDir, k), v ? `${v}\n` : '');

const c = (p) => `/usr/bin/${p}`;
const ours = (p) => [NODE, join(BIN_DIR, `${p}.js`)];
const LINKS = [
  ['softlimit', ['-o', '1000', '-d', '1000000000']],
  ['envdir', [envDir]],
  ['setuidgid', ['nobody']],
  ['pgrphack', []],
];
const cImpl = (p) => [c(p)];
// As a user's run script has it: every link by its program name (here its path); the first one is started
// by Node as the others are found by the exec (the bins are executable, `#!/usr/bin/env node`).
const oursChainImpl = (p, i) => (i === 0 ? ours(p) : [join(BIN_DIR, `${p}.js`)]);
const chain = (impl, last) => LINKS.flatMap(([p, a], i) => [...impl(p, i), ...a]).concat(last);
// As a run script execs it: the first link by its file too, through its launcher (sh records the limit,
// the fds and the environ, checks the memory limits, execs node).
const launchedChainImpl = (p) => [join(BIN_DIR, `${p}.js`)];

/**
 * The launcher's sh part alone: the first two lines of softlimit.js with `exec node` made `exec /bin/true`
 * (its background copy of the environ, which nothing waits for here, is not in its time).
 */
function launcherOnly(dir) {
  const head = readFileSync(join(BIN_DIR, 'softlimit.js'), 'utf8').split('\n').slice(0, 2).join('\n');
  const file = join(dir, 'launcher-only.sh');
  writeFileSync(file, `${head.replace(/exec node [^;]*$/, 'exec /bin/true')}\n`);
  chmodSync(file, 0o755);
  return file;
}

/** hyperfine -N over several commands: wall median, and CPU (user + system, mean: hyperfine keeps no per-run CPU) which a busy machine disturbs less; ms. */
const timings = (commands) => hyperfine(commands, { runs: RUNS }).map((x) => ({ wall: x.median * 1000, cpu: (x.user + x.system) * 1000 }));
const instructions = (cmd) => callgrindInstructions(cmd);

/**
 * Instructions of every thread of one run, and the same without V8's hash-seed prime search (random per
 * start). Per-thread output files are made beforehand, writable by all, in a directory that is not sticky:
 * the chain writes them after setuidgid nobody.
 */
function netInstructions(cmd) {
  const dir = mkdtempSync(join(tmpdir(), 'dt-bench-cg-'));
  try {
    chmodSync(dir, 0o777);
    for (let i = 1; i <= 16; i++) {
      const f = join(dir, `cg-${String(i).padStart(2, '0')}`);
      writeFileSync(f, '');
      chmodSync(f, 0o666);
    }
    const r = spawnSync('/usr/bin/valgrind', ['--tool=callgrind', '--trace-children=no', '--separate-threads=yes', `--callgrind-out-file=${join(dir, 'cg')}`, ...cmd], {
      encoding: 'utf8',
      maxBuffer: 1 << 26,
    });
    const m = /Collected : (\d+)/.exec(r.stderr);
    if (!m) throw new Error(`no callgrind count for ${cmd.join(' ')}:\n${r.stderr.slice(-2000)}`);
    let seed = 0; // self cost of detail::sprp in each thread's file, as callgrind_annotate reads it
    for (const f of readdirSync(dir)) {
      const a = spawnSync('/usr/bin/callgrind_annotate', [join(dir, f)], { encoding: 'utf8', maxBuffer: 1 << 26 });
      const line = a.stdout?.split('\n').find((l) => l.includes('detail::sprp('));
      if (line !== undefined) seed += Number(line.trim().split(' ')[0].replaceAll(',', ''));
    }
    const total = Number(m[1]);
    return { total, net: total - seed };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Medians of `a` and `b` run in turn (a b a b ...; hyperfine -N, 2 runs each per round), ms: wall over all
 * runs, and CPU (user + system of the command and the children it waited for) over the rounds' means.
 */
function interleaved(a, b, rounds) {
  const ta = [];
  const tb = [];
  const ca = [];
  const cb = [];
  for (let i = 0; i < rounds; i++) {
    const [ra, rb] = hyperfine([a, b], { runs: 2, warmup: 1 });
    ta.push(...ra.times);
    tb.push(...rb.times);
    ca.push(ra.user + ra.system);
    cb.push(rb.user + rb.system);
  }
  return [median(ta) * 1000, median(tb) * 1000, median(ca) * 1000, median(cb) * 1000];
}

const rows = [];
try {
  const cmds = [
    chain(cImpl, ['/bin/true']),
    chain(oursChainImpl, ['/bin/true']),
    ...LINKS.flatMap(([p, a]) => [[c(p), ...a, '/bin/true'], [...ours(p), ...a, '/bin/true']]),
    ['/bin/true'],
    [NODE, '-e', '0'],
    chain(launchedChainImpl, ['/bin/true']),
    [launcherOnly(tmp)],
  ];
  process.stderr.write(`timing ${cmds.length} commands, ${RUNS} runs each (hyperfine -N)...\n`);
  const t = timings(cmds);
  process.stderr.write(`timing the chain and node -e 0 in turn, ${RUNS} rounds...\n`);
  const [chainWall, nodeWall, chainCpu, nodeCpu] = interleaved(chain(oursChainImpl, ['/bin/true']), [NODE, '-e', '0'], RUNS);
  process.stderr.write(`timing the chain through its launcher and node -e 0 in turn, ${RUNS} rounds...\n`);
  const [launchedWall, nodeWall2, launchedCpu, nodeCpu2] = interleaved(chain(launchedChainImpl, ['/bin/true']), [NODE, '-e', '0'], RUNS);
  let counts = [];
  let nodeFloorInstr;
  let chainInstr;
  let chainNet;
  let nodeNet;
  if (CALLGRIND) {
    process.stderr.write('counting instructions per link (valgrind callgrind; a minute or so)...\n');
    const MISSING = '/nonexistent/dt-bench-final';
    counts = LINKS.map(([p, a]) => [instructions([c(p), ...a, MISSING]), instructions([...ours(p), ...a, MISSING])]);
    // Node's counts vary by several million from run to run (its background threads): medians of 3
    const med3 = (cmd) => median([0, 1, 2].map(() => instructions(cmd)));
    const net3 = (cmd) => [0, 1, 2].map(() => netInstructions(cmd));
    const chainRuns = net3(chain(oursChainImpl, [MISSING]));
    const nodeRuns = net3([NODE, '-e', '0']);
    chainInstr = median(chainRuns.map((x) => x.total));
    nodeFloorInstr = median(nodeRuns.map((x) => x.total));
    chainNet = median(chainRuns.map((x) => x.net));
    nodeNet = median(nodeRuns.map((x) => x.net));
  }
  const sum = (i) => counts.reduce((acc, x) => acc + x[i], 0);
  rows.push(['chain of 4 -> /bin/true', t[0], t[1], CALLGRIND ? sum(0) : undefined, CALLGRIND ? chainInstr : undefined]);
  LINKS.forEach(([p], i) => rows.push([`  ${p} alone`, t[2 + 2 * i], t[3 + 2 * i], counts[i]?.[0], counts[i]?.[1]]));
  const floorTrue = t[cmds.length - 4];
  const floorNode = t[cmds.length - 3];
  const launched = t[cmds.length - 2];
  const launcherAlone = t[cmds.length - 1];

  const fmt = (ms) => (ms === undefined ? '-' : `${ms.toFixed(1)} ms`);
  const fmtT = (x) => (x === undefined ? '-' : `${fmt(x.wall)} (cpu ${x.cpu.toFixed(1)})`);
  const fmtI = (n) => (n === undefined ? '-' : n >= 1e6 ? `${(n / 1e6).toFixed(1)} M` : `${(n / 1e3).toFixed(0)} k`);
  const ratio = (a, b) => (a === undefined || b === undefined ? '-' : `${(b / a).toFixed(0)}x`);
  const table = [
    ['', 'C 0.76 wall (cpu) ms', 'ours wall (cpu) ms', 'wall ratio', 'C instr', 'ours instr', 'instr ratio'],
    ...rows.map(([name, ct, ot, ci, oi]) => [name, fmtT(ct), fmtT(ot), ratio(ct.wall, ot.wall), fmtI(ci), fmtI(oi), ratio(ci, oi)]),
  ];
  const widths = table[0].map((_, i) => Math.max(...table.map((r) => r[i].length)));
  for (const r of table) console.log(r.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
  console.log(
    `\nfloors: /bin/true ${fmtT(floorTrue)}; node -e 0 ${fmtT(floorNode)}, ${fmtI(nodeFloorInstr)} instructions (Node ${process.version}); ${RUNS} runs each, hyperfine -N --warmup 3`,
  );
  console.log('instructions: valgrind --tool=callgrind, every thread, up to the failed exec of a missing final program (C chain: sum of its links)');
  console.log(
    `\nchain of 4, ours, against one node -e 0 (goal <= 1.3x):\n` +
      `  wall, interleaved, median of ${2 * RUNS}: ${fmt(chainWall)} against ${fmt(nodeWall)} = ${(chainWall / nodeWall).toFixed(2)}x` +
      ` (cpu ${(chainCpu / nodeCpu).toFixed(2)}x; one after the other above: ${(t[1].wall / floorNode.wall).toFixed(2)}x, cpu ${(t[1].cpu / floorNode.cpu).toFixed(2)}x)\n` +
      (CALLGRIND
        ? `  instructions without V8's hash-seed prime search, median of 3: ${fmtI(chainNet)} against ${fmtI(nodeNet)} = ${(chainNet / nodeNet).toFixed(2)}x` +
          ` (with it: ${(chainInstr / nodeFloorInstr).toFixed(2)}x)\n`
        : '') +
      `  through the launcher (the chain exec'd as a run script has it), interleaved: ${fmt(launchedWall)} against ${fmt(nodeWall2)} = ${(launchedWall / nodeWall2).toFixed(2)}x` +
      ` (cpu ${(launchedCpu / nodeCpu2).toFixed(2)}x, the launcher's background copy of the environ included)` +
      ` (one after the other: ${fmt(launched.wall)}; the launcher's sh part alone, exec'ing /bin/true: ${fmtT(launcherAlone)})\n` +
      `  C chain: ${fmt(t[0].wall)}; load average ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`,
  );
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
