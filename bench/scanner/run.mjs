#!/usr/bin/env node
// Our svscan (one Node process) side by side with the C daemontools 0.76 svscan + supervise, same trees:
//   memory   RSS, PSS and USS (private pages) summed over the supervising processes (/proc/PID/smaps_rollup):
//            ours = the one svscan process; C = svscan + every supervise. Services run `exec sleep 100000`.
//            PSS splits shared pages among every process mapping them, so ours drops when other Node
//            processes run (this benchmark is one); USS, the pages nobody else has, is the steadier figure.
//   control  time from writing `t` to supervise/control (what svc -t does) to the child's TERM handler,
//            after the service has been up over a second, and inside the first second after a start.
//   restart  time from kill -9 of a child up over a second to a new pid in supervise/status, and from `u`
//            written to supervise/control (service down) to a pid in supervise/status; p50 and p90. The
//            status file is watched with inotify (fs.watch on supervise/: status.new is renamed over it), so
//            the figure is not rounded up to a polling period. The two trees run side by side, samples
//            interleaved; with the CPU time the supervising processes spent per cycle (schedstat), a figure a
//            loaded machine bends less than wall time.
//   pickup   time from a new service directory appearing (rename into the scan directory) to its child running.
// Usage: node bench/scanner/run.mjs [--sizes 1,100,1000] [--samples 5] [--only restart]
//        [--baseline OTHER/packages/cli/dist/bin/svscan.js] (a third tree: another build of ours, interleaved)
//        [--json FILE] (the restart figures, p50/p90 per tree, as one JSON line)
import { execFileSync, spawn } from 'node:child_process';
import {
  closeSync,
  constants,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  rmSync,
  watch,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { arg, fmtMs, median, memoryOf, memoryTable, needer, now, percentile, processesByParent, script, sleep, statusPid, table, waitFor as poll, writeControl } from '../lib.mjs';

const waitFor = (what, fn, timeoutMs = 60_000) => poll(what, fn, timeoutMs, 5);

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OURS = join(ROOT, 'packages', 'cli', 'dist', 'bin', 'svscan.js');
const C_SVSCAN = '/usr/bin/svscan';
const SIZES = arg('--sizes', '1,100,1000').split(',').filter((x) => x !== 'none').map(Number);
const SAMPLES = Number(arg('--samples', '5'));
/** --only restart: the restart table alone (for profiling runs). */
const ONLY_RESTART = arg('--only', '') === 'restart';

for (const [p, what] of [
  [C_SVSCAN, 'install daemontools (apt-get install daemontools)'],
  ['/usr/bin/supervise', 'install daemontools'],
  ['/usr/bin/perl', 'install perl'],
  [OURS, 'build first (npm run build)'],
]) {
  needer('scanner')(p, what);
}

/** --baseline PATH/svscan.js: another build of ours as a third tree, interleaved with the two (before/after). */
const BASELINE = arg('--baseline', '');
const IMPLS = {
  'C daemontools': (dir) => spawn(C_SVSCAN, [dir], { stdio: 'ignore', env: { PATH: '/usr/bin:/bin' } }),
  'dt (ours)': (dir) => spawn(process.execPath, [OURS, dir], { stdio: 'ignore', env: { PATH: process.env.PATH } }),
  ...(BASELINE === '' ? {} : { 'dt (baseline)': (dir) => spawn(process.execPath, [BASELINE, dir], { stdio: 'ignore', env: { PATH: process.env.PATH } }) }),
};

function makeService(dir, run) {
  mkdirSync(dir);
  script(join(dir, 'run'), run);
}

const SLEEP_RUN = '#!/bin/sh\nexec sleep 100000\n';
// Installs its TERM handler, then says so with its pid in ./ready; on TERM appends the wall time to ./term.
const TERM_RUN = `#!/bin/sh
exec perl -MTime::HiRes=time -e '
$SIG{TERM} = sub { open(my $f, ">>", "term"); printf $f "%.6f\\n", time; close $f; exit 0 };
open(my $r, ">", "ready.new"); print $r "$$\\n"; close $r; rename "ready.new", "ready";
sleep 1 while 1'
`;
// Writes the wall time of its start to ./started.
const STARTED_RUN = `#!/bin/sh
exec perl -MTime::HiRes=time -e 'open(my $f, ">", "started.new"); printf $f "%.6f\\n", time; close $f; rename "started.new", "started"; sleep 100000'
`;

function childrenOf(ppid) {
  return processesByParent().get(ppid) ?? [];
}

/** Start an svscan over dir; stop() ends it and everything under it. */
function run(impl, dir) {
  const proc = IMPLS[impl](dir);
  const exited = new Promise((r) => proc.once('exit', r));
  return {
    proc,
    supervisors: () => [proc.pid, ...childrenOf(proc.pid).filter((c) => c.comm === 'supervise').map((c) => c.pid)],
    async stop() {
      const sup = childrenOf(proc.pid).filter((c) => c.comm === 'supervise').map((c) => c.pid);
      proc.kill('SIGTERM'); // ours: the orderly stop; C: svscan dies, its supervise stay
      await exited;
      for (const name of readdirSync(dir)) {
        try {
          const fd = openSync(join(dir, name, 'supervise', 'control'), constants.O_WRONLY | constants.O_NONBLOCK);
          writeSync(fd, 'dx');
          closeSync(fd);
        } catch {
          // not supervised any more
        }
      }
      await waitFor('supervise gone', () => sup.every((p) => !existsSync(`/proc/${p}/stat`) || readFileSync(`/proc/${p}/stat`, 'latin1').includes(') Z')));
    },
  };
}

async function memoryBench() {
  const rows = [];
  for (const n of SIZES) {
    const row = { n };
    for (const impl of Object.keys(IMPLS)) {
      const dir = mkdtempSync(join(tmpdir(), 'dt-bench-scan-'));
      for (let i = 0; i < n; i++) makeService(join(dir, `s${i}`), SLEEP_RUN);
      const r = run(impl, dir);
      try {
        await waitFor(`${n} services up under ${impl}`, () => readdirSync(dir).every((s) => statusPid(join(dir, s)) > 0), 120_000);
        await sleep(1500); // let start-up garbage settle
        row[impl] = memoryOf(r.supervisors());
        row[`${impl} procs`] = r.supervisors().length;
      } finally {
        await r.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    }
    rows.push(row);
  }
  return rows;
}

async function controlBench() {
  const result = {};
  for (const impl of Object.keys(IMPLS)) {
    const dir = mkdtempSync(join(tmpdir(), 'dt-bench-ctl-'));
    const svc = join(dir, 'term');
    makeService(svc, TERM_RUN);
    writeFileSync(join(svc, 'dt-crash-burst'), '1000000\n'); // every sample is a quick death: no back-off (0.76 has none)
    const r = run(impl, dir);
    const steady = [];
    const window = [];
    try {
      let lastPid = 0;
      const nextReady = async () => {
        const pid = await waitFor('service ready', () => {
          try {
            const p = Number(readFileSync(join(svc, 'ready'), 'utf8'));
            return p !== lastPid && statusPid(svc) === p ? p : 0;
          } catch {
            return 0;
          }
        });
        lastPid = pid;
        return pid;
      };
      const sample = async (into) => {
        const before = existsSync(join(svc, 'term')) ? readFileSync(join(svc, 'term'), 'utf8').split('\n').length : 1;
        const t0 = now();
        writeControl(svc, 't');
        const t1 = await waitFor('TERM seen', () => {
          const lines = existsSync(join(svc, 'term')) ? readFileSync(join(svc, 'term'), 'utf8').split('\n') : [];
          return lines.length > before ? Number(lines[lines.length - 2]) * 1000 : 0;
        }, 10_000);
        into.push(t1 - t0);
      };
      await nextReady();
      for (let i = 0; i < SAMPLES; i++) {
        await sleep(1200); // past the first second after the start
        await sample(steady);
        await nextReady(); // restarted: now inside its first second
        await sample(window);
        await nextReady();
      }
    } finally {
      await r.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    result[impl] = { steady: median(steady), window: median(window) };
  }
  return result;
}

/** Resolves with now() when supervise/status shows a pid for which pred(pid) holds (inotify, not polling). */
function statusChange(svc, pred, timeoutMs = 10_000) {
  return new Promise((resolve, reject) => {
    const sup = join(svc, 'supervise');
    let done = false;
    const check = () => {
      if (done) return;
      const pid = statusPid(svc);
      if (pred(pid)) {
        const t = now();
        done = true;
        w.close();
        clearTimeout(timer);
        resolve({ t, pid });
      }
    };
    // only status itself: our dt-status.json renames would wake this process (and load the CPU the
    // supervisor needs) for nothing
    const w = watch(sup, (_event, name) => {
      if (name === null || name === 'status') check();
    });
    const timer = setTimeout(() => {
      done = true;
      w.close();
      reject(new Error(`timed out waiting for a status change in ${svc} (status pid ${statusPid(svc)})`));
    }, timeoutMs);
    check();
  });
}

/** CPU time (ns) the kernel has charged to every thread of these processes (/proc/PID/task/TID/schedstat). */
function cpuNs(pids) {
  let total = 0;
  for (const pid of pids) {
    let tasks = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const t of tasks) {
      try {
        total += Number(readFileSync(`/proc/${pid}/task/${t}/schedstat`, 'latin1').split(' ')[0]);
      } catch {
        // thread gone
      }
    }
  }
  return total;
}

async function restartBench(samples) {
  // Both trees run side by side and the samples interleave (C, ours, then ours, C, ...), so a load that
  // comes and goes on a shared machine falls on both. dt-crash-burst turns our crash-loop back-off off:
  // every sample is a quick death (0.76 has no back-off; the file means nothing to it).
  const trees = {};
  const result = {};
  try {
    for (const impl of Object.keys(IMPLS)) {
      const dir = mkdtempSync(join(tmpdir(), 'dt-bench-restart-'));
      const svc = join(dir, 'sleeper');
      makeService(svc, SLEEP_RUN);
      writeFileSync(join(svc, 'dt-crash-burst'), '1000000\n');
      trees[impl] = { dir, svc, r: run(impl, dir) };
      result[impl] = { kill: [], up: [] };
    }
    for (const impl of Object.keys(IMPLS)) await waitFor(`service up under ${impl}`, () => statusPid(trees[impl].svc) > 0);
    await sleep(500);
    // what each spends doing nothing (rescans, sweeps, timers), to tell apart from what a cycle costs
    for (const impl of Object.keys(IMPLS)) trees[impl].idle0 = cpuNs(trees[impl].r.supervisors());
    const idleStart = now();
    await sleep(3000);
    const idleMs = now() - idleStart;
    for (const impl of Object.keys(IMPLS)) result[impl].idlePerSecond = ((cpuNs(trees[impl].r.supervisors()) - trees[impl].idle0) / idleMs) * 1000;
    const cycleStart = now();
    for (const impl of Object.keys(IMPLS)) trees[impl].cpu0 = cpuNs(trees[impl].r.supervisors());
    for (let i = 0; i < samples; i++) {
      const order = i % 2 === 0 ? Object.keys(IMPLS) : Object.keys(IMPLS).reverse();
      await sleep(1100); // up over a second: no restart delay in either
      for (const impl of order) {
        const { svc } = trees[impl];
        const pid = statusPid(svc);
        const wait = statusChange(svc, (p) => p !== 0 && p !== pid);
        const t0 = now();
        process.kill(pid, 'SIGKILL');
        result[impl].kill.push((await wait).t - t0);
      }
      await sleep(1100);
      for (const impl of order) {
        const { svc } = trees[impl];
        const down = statusChange(svc, (p) => p === 0);
        writeControl(svc, 'd');
        await down;
      }
      for (const impl of order) {
        const { svc } = trees[impl];
        await sleep(50 + Math.random() * 100);
        const back = statusChange(svc, (p) => p !== 0);
        const t1 = now();
        writeControl(svc, 'u');
        result[impl].up.push((await back).t - t1);
      }
    }
    const cycleMs = now() - cycleStart;
    for (const impl of Object.keys(IMPLS)) {
      const spent = cpuNs(trees[impl].r.supervisors()) - trees[impl].cpu0;
      result[impl].cpuPerCycle = spent / samples;
      result[impl].busyPerCycle = (spent - (result[impl].idlePerSecond * cycleMs) / 1000) / samples;
    }
  } finally {
    for (const { dir, r } of Object.values(trees)) {
      await r.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return result;
}

async function pickupBench() {
  const result = {};
  for (const impl of Object.keys(IMPLS)) {
    const dir = mkdtempSync(join(tmpdir(), 'dt-bench-pick-'));
    makeService(join(dir, 'first'), SLEEP_RUN);
    const r = run(impl, dir);
    const times = [];
    try {
      await waitFor(`first service up under ${impl}`, () => statusPid(join(dir, 'first')) > 0);
      for (let i = 0; i < SAMPLES; i++) {
        const staging = join(dir, `.new${i}`);
        makeService(staging, STARTED_RUN);
        const t0 = now();
        renameSync(staging, join(dir, `new${i}`));
        const t1 = await waitFor('new service started', () => {
          try {
            return Number(readFileSync(join(dir, `new${i}`, 'started'), 'utf8')) * 1000;
          } catch {
            return 0;
          }
        }, 15_000);
        times.push(t1 - t0);
        await sleep(100 + Math.random() * 900); // not in step with a 5-second rescan
      }
    } finally {
      await r.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    result[impl] = { median: median(times), max: Math.max(...times) };
  }
  return result;
}

const fmtMB = (kb) => `${(kb / 1024).toFixed(1)} MB`;

const [C, O, B] = Object.keys(IMPLS);
process.stdout.write(`bench/scanner: sizes ${SIZES.join(', ')}; ${SAMPLES} samples per latency figure (medians)\n\n`);
const mem = await memoryBench();
if (mem.length > 0) process.stdout.write(
  `${memoryTable('services', mem, [C, O], ['rss', 'pss', 'uss'], fmtMB)}\n\n`,
);
const restarts = await restartBench(Math.max(SAMPLES, 20));
const pct = (xs) => `${fmtMs(percentile(xs, 50))} / ${fmtMs(percentile(xs, 90))}`;
if (B !== undefined) {
  // the baseline build beside ours, same samples interleaved (ours/C for it in the last column)
  const ratio = (k) => (percentile(restarts[B][k], 50) / percentile(restarts[C][k], 50)).toFixed(2);
  process.stdout.write(
    `${table(
      ['restart latency (p50 / p90)', B, 'baseline/C p50'],
      [
        ['kill -9 of a child up > 1 s -> new pid in status', pct(restarts[B].kill), ratio('kill')],
        ['u to control (down) -> pid in status', pct(restarts[B].up), ratio('up')],
        ['supervisor CPU per cycle (kill, restart, d, u)', fmtMs(restarts[B].cpuPerCycle / 1e6), (restarts[B].cpuPerCycle / restarts[C].cpuPerCycle).toFixed(2)],
      ],
    )}\n\n`,
  );
}
if (arg('--json', '') !== '') {
  const summary = Object.fromEntries(
    Object.entries(restarts).map(([impl, r]) => [
      impl,
      { killP50: percentile(r.kill, 50), killP90: percentile(r.kill, 90), upP50: percentile(r.up, 50), upP90: percentile(r.up, 90), cpuPerCycleMs: r.cpuPerCycle / 1e6 },
    ]),
  );
  writeFileSync(arg('--json', ''), `${JSON.stringify(summary)}\n`);
}
process.stdout.write(
  `${table(
    ['restart latency (p50 / p90)', C, O, 'ours/C p50'],
    [
      ['kill -9 of a child up > 1 s -> new pid in status', pct(restarts[C].kill), pct(restarts[O].kill), (percentile(restarts[O].kill, 50) / percentile(restarts[C].kill, 50)).toFixed(2)],
      ['u to control (down) -> pid in status', pct(restarts[C].up), pct(restarts[O].up), (percentile(restarts[O].up, 50) / percentile(restarts[C].up, 50)).toFixed(2)],
      [
        'supervisor CPU per cycle (kill, restart, d, u)',
        fmtMs(restarts[C].cpuPerCycle / 1e6),
        fmtMs(restarts[O].cpuPerCycle / 1e6),
        (restarts[O].cpuPerCycle / restarts[C].cpuPerCycle).toFixed(2),
      ],
      [
        'the same less idle CPU (rescans, sweeps) of a cycle\'s length',
        fmtMs(restarts[C].busyPerCycle / 1e6),
        fmtMs(restarts[O].busyPerCycle / 1e6),
        (restarts[O].busyPerCycle / restarts[C].busyPerCycle).toFixed(2),
      ],
      ['supervisor idle CPU per second', fmtMs(restarts[C].idlePerSecond / 1e6), fmtMs(restarts[O].idlePerSecond / 1e6), restarts[C].idlePerSecond > 0 ? (restarts[O].idlePerSecond / restarts[C].idlePerSecond).toFixed(2) : '-'],
    ],
  )}\n\n`,
);
if (!ONLY_RESTART) {
  const ctl = await controlBench();
  const pick = await pickupBench();
  process.stdout.write(
    `${table(
      ['latency (median)', C, O],
      [
        ['control: t -> TERM, service up > 1 s', fmtMs(ctl[C].steady), fmtMs(ctl[O].steady)],
        ['control: t -> TERM, inside first second', fmtMs(ctl[C].window), fmtMs(ctl[O].window)],
        ['pickup: new dir -> child running', fmtMs(pick[C].median), fmtMs(pick[O].median)],
        ['pickup: worst of the samples', fmtMs(pick[C].max), fmtMs(pick[O].max)],
      ],
    )}\n`,
  );
}
