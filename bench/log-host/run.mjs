#!/usr/bin/env node
// Hosted loggers (decision 0005) side by side with daemontools 0.76, same trees, one run:
//   memory     a tree of N services (`exec sleep`), each with `log/run` = `exec multilog t ./main`: PSS, RSS
//              and USS summed over svscan and every descendant except the services (C: svscan + 2N
//              supervise + N multilog; ours: svscan + the log host), and the marginal cost of one more
//              logged service between the smallest and largest N.
//   throughput 10 logged services flooding at once (100-byte lines, MB each): aggregate MB/s from `go`
//              to the last line in every log directory.
//              Also the loggers' CPU time per MB (C: the multilogs; ours: the log host), steadier under load.
//   control    during that flood, `svc -t` (a write of `t` to supervise/control) to the TERM handler of an
//              11th service: p50 and p99; and the same 100 samples before the flood, as the machine's baseline.
// Usage: node bench/log-host/run.mjs [--sizes 1,20,100,300] [--mb 40] [--runs 1] [--stamp] [--skip-memory] [--skip-flood]
import { spawn } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  readdirSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { arg, fmtMs, median, memoryOf, memoryTable, needer, now, percentile, processesByParent, script, sleep, statusPid, table, waitFor, writeControl } from '../lib.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OURS = join(ROOT, 'packages', 'cli', 'dist', 'bin', 'svscan.js');
const SIZES = arg('--sizes', '1,20,100,300').split(',').filter((x) => x !== 'none').map(Number);
const MB = Number(arg('--mb', '40'));
const RUNS = Number(arg('--runs', '1'));
// --stamp: the flooded loggers stamp their lines (`multilog t s16777215 n3 ./main`; default without `t`)
const STAMP = process.argv.includes('--stamp');
const need = needer('log-host');
for (const p of ['/usr/bin/svscan', '/usr/bin/supervise', '/usr/bin/multilog', '/usr/bin/perl']) need(p, 'install daemontools and perl');
need(OURS, 'build first (npm run build)');
need(join(ROOT, 'packages', 'scanner', 'dist', 'log-host.js'), 'build first (npm run build)');

const ENV_PATH = '/usr/bin:/bin'; // `multilog` on PATH is /usr/bin/multilog for both: ours hosts it
const IMPLS = {
  'C daemontools': (dir) => spawn('/usr/bin/svscan', [dir], { stdio: 'ignore', env: { PATH: ENV_PATH } }),
  'dt (ours)': (dir) => spawn(process.execPath, [OURS, dir], { stdio: 'ignore', env: { PATH: ENV_PATH } }),
};
const [C, O] = Object.keys(IMPLS);

function makeLogged(dir, run, logRun = '#!/bin/sh\nexec multilog t ./main\n') {
  mkdirSync(join(dir, 'log'), { recursive: true });
  script(join(dir, 'run'), run);
  script(join(dir, 'log', 'run'), logRun);
}

/** Every process under ppid, recursively, with its command name. */
function descendants(ppid) {
  const children = processesByParent();
  const out = [];
  const walk = (p) => {
    for (const c of children.get(p) ?? []) {
      out.push(c);
      walk(c.pid);
    }
  };
  walk(ppid);
  return out;
}

/** Start an svscan over dir; stop() ends it and everything under it (C: svc -dx every supervise). */
function run(impl, dir) {
  const proc = IMPLS[impl](dir);
  const exited = new Promise((r) => proc.once('exit', r));
  return {
    proc,
    /** svscan and every descendant but the services (sleep, perl). */
    supervising: () => [proc.pid, ...descendants(proc.pid).filter((c) => c.comm !== 'sleep' && c.comm !== 'perl').map((c) => c.pid)],
    async stop() {
      const all = descendants(proc.pid).map((c) => c.pid);
      proc.kill('SIGTERM'); // ours: the orderly stop; a second TERM kills what still runs
      const again = setTimeout(() => proc.kill('SIGTERM'), 5000);
      await exited;
      clearTimeout(again);
      for (const name of readdirSync(dir)) {
        for (const d of [join(dir, name), join(dir, name, 'log')]) {
          try {
            writeControl(d, 'dxk');
          } catch {
            // not supervised any more
          }
        }
      }
      await waitFor('tree gone', () => all.every((p) => !existsSync(`/proc/${p}/stat`) || readFileSync(`/proc/${p}/stat`, 'latin1').includes(') Z')), 60_000);
    },
  };
}

async function memoryBench() {
  const rows = [];
  for (const n of SIZES) {
    const row = { n };
    for (const impl of Object.keys(IMPLS)) {
      const dir = mkdtempSync(join(tmpdir(), 'dt-bench-loghost-'));
      for (let i = 0; i < n; i++) makeLogged(join(dir, `s${i}`), '#!/bin/sh\nexec sleep 100000\n');
      const r = run(impl, dir);
      try {
        await waitFor(`${n} logged services up under ${impl}`, () =>
          readdirSync(dir).every((s) => statusPid(join(dir, s)) > 0 && statusPid(join(dir, s, 'log')) > 0 && existsSync(join(dir, s, 'log', 'main', 'current'))),
        );
        // let start-up garbage settle: svscan collects it (a full GC, then malloc_trim) at its first housekeeping,
        // 5 s after its start (cli/src/lib/svscan-memory.ts); a C tree does not change with time
        await sleep(6000);
        const pids = r.supervising();
        row[impl] = memoryOf(pids);
        row[`${impl} procs`] = pids.length;
      } finally {
        await r.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    }
    rows.push(row);
    process.stderr.write(`memory N=${n} done\n`);
  }
  return rows;
}

const FLOODERS = 10;
// waits for ../go (a file: svscan ignores it), then MB megabytes of 100-byte lines, then END, then sleeps
const floodRun = (mb) => `#!/bin/sh
while [ ! -e ../go ]; do sleep 0.02; done
exec perl -e '$l = ("x" x 99) . "\\n"; $b = $l x 1000; print $b for 1 .. ${mb * 10}; print "END\\n"; close STDOUT; sleep 100000'
`;
// a TERM handler that stays up and appends the wall time of each TERM to ./term
const TERM_RUN = `#!/bin/sh
exec perl -MTime::HiRes=time -e '
$SIG{TERM} = sub { open(my $f, ">>", "term"); printf $f "%.6f\\n", time; close $f };
open(my $r, ">", "ready.new"); print $r "$$\\n"; close $r; rename "ready.new", "ready";
sleep 1 while 1'
`;

function endsWithEnd(main) {
  try {
    const st = statSync(join(main, 'current'));
    if (st.size < 4) return false;
    const fd = openSync(join(main, 'current'), 'r');
    const b = Buffer.alloc(4);
    readSync(fd, b, 0, 4, st.size - 4);
    closeSync(fd);
    return b.toString('latin1') === 'END\n';
  } catch {
    return false;
  }
}

/** utime + stime of pids, in ms (clock ticks of 10 ms). */
function cpuMs(pids) {
  let ticks = 0;
  for (const p of pids) {
    try {
      const f = readFileSync(`/proc/${p}/stat`, 'latin1');
      const rest = f.slice(f.lastIndexOf(')') + 2).split(' ');
      ticks += Number(rest[11]) + Number(rest[12]);
    } catch {
      // gone
    }
  }
  return ticks * 10;
}

function termLines(svc) {
  try {
    return readFileSync(join(svc, 'term'), 'utf8').split('\n').filter((l) => l !== '');
  } catch {
    return [];
  }
}

const QUIET_SAMPLES = 100;

/** One `svc -t` (a write of `t` to supervise/control) to the TERM handler's record of it, in ms; then 5 ms. */
async function controlSample(svc) {
  const before = termLines(svc).length;
  const s0 = now();
  writeControl(svc, 't');
  const s1 = await waitFor('TERM seen', () => {
    const lines = termLines(svc);
    return lines.length > before ? Number(lines[lines.length - 1]) * 1000 : 0;
  }, 10_000);
  await sleep(5);
  return s1 - s0;
}

async function floodBench() {
  const result = {};
  for (const impl of Object.keys(IMPLS)) {
    const dir = mkdtempSync(join(tmpdir(), 'dt-bench-flood-'));
    for (let i = 0; i < FLOODERS; i++) makeLogged(join(dir, `f${i}`), floodRun(MB), `#!/bin/sh\nexec multilog ${STAMP ? 't ' : ''}s16777215 n3 ./main\n`);
    const svc = join(dir, 'term');
    mkdirSync(svc);
    script(join(svc, 'run'), TERM_RUN);
    const r = run(impl, dir);
    const lat = [];
    try {
      await waitFor('flooders and loggers up', () =>
        [...Array(FLOODERS).keys()].every((i) => statusPid(join(dir, `f${i}`, 'log')) > 0 && existsSync(join(dir, `f${i}`, 'log', 'main', 'current'))) &&
        existsSync(join(svc, 'ready')),
      );
      await sleep(500);
      // the same control samples before the flood: what this machine's load alone gives
      const quiet = [];
      for (let k = 0; k < QUIET_SAMPLES; k++) quiet.push(await controlSample(svc));
      // the loggers' CPU time (C: the 10 multilogs; ours: the log host): less noisy than wall time on a shared machine
      const loggerPids = [...new Set([...Array(FLOODERS).keys()].map((i) => statusPid(join(dir, `f${i}`, 'log'))))];
      const cpu0 = cpuMs(loggerPids);
      const t0 = now();
      writeFileSync(join(dir, 'go'), '');
      const done = () => [...Array(FLOODERS).keys()].every((i) => endsWithEnd(join(dir, `f${i}`, 'log', 'main')));
      let t1 = 0;
      while (!t1) {
        // one control sample: t, then wait for the TERM line
        const flooding = !done(); // a sample that starts during the flood counts (--mb 1 ends in a few)
        const ms = await controlSample(svc);
        if (flooding) lat.push(ms);
        if (done()) t1 = now();
      }
      const seconds = (t1 - t0) / 1000;
      const cpu = cpuMs(loggerPids) - cpu0;
      result[impl] = { quiet50: median(quiet), quiet99: percentile(quiet, 99), mbps: (FLOODERS * MB) / seconds, cpuPerMB: cpu / (FLOODERS * MB), p50: median(lat), p99: percentile(lat, 99), samples: lat.length };
    } finally {
      await r.stop();
      rmSync(dir, { recursive: true, force: true });
    }
    process.stderr.write(`flood ${impl} done\n`);
  }
  return result;
}

const fmtMB = (kb) => `${(kb / 1024).toFixed(1)} MiB`;

process.stdout.write(`bench/log-host: a logger per service (exec multilog t ./main), sizes ${SIZES.join(', ')}; flood ${FLOODERS} x ${MB} MB (multilog ${STAMP ? 't ' : ''}s16777215 n3 ./main)\n\n`);
if (!process.argv.includes('--skip-memory') && SIZES.length > 0) {
  const mem = await memoryBench();
  process.stdout.write(
    `${memoryTable('logged services', mem, [C, O], ['pss', 'rss', 'uss'], fmtMB)}\n\n`,
  );
  if (mem.length > 1) {
    const a = mem[0];
    const b = mem[mem.length - 1];
    const per = (impl, f) => (b[impl][f] - a[impl][f]) / (b.n - a.n);
    process.stdout.write(
      `${table(
        ['one more logged service', C, O, 'ours/C'],
        ['pss', 'uss', 'rss'].map((f) => [f.toUpperCase(), `${per(C, f).toFixed(0)} KiB`, `${per(O, f).toFixed(0)} KiB`, (per(O, f) / per(C, f)).toFixed(2)]),
      )}\n\n`,
    );
  }
}
if (!process.argv.includes('--skip-flood')) {
  // interleaved runs (C, ours, C, ours, ...): medians of each figure, the load average beside each run
  const runs = [];
  for (let k = 0; k < RUNS; k++) {
    const load = loadavg()[0];
    runs.push({ ...(await floodBench()), load });
    const r = runs[runs.length - 1];
    process.stderr.write(
      `run ${k + 1}: ${r[C].mbps.toFixed(1)} vs ${r[O].mbps.toFixed(1)} MB/s (${(r[O].mbps / r[C].mbps).toFixed(2)}x), CPU/MB ${r[C].cpuPerMB.toFixed(2)} vs ${r[O].cpuPerMB.toFixed(2)} ms, p99 ${fmtMs(r[C].p99)} vs ${fmtMs(r[O].p99)} (before the flood ${fmtMs(r[C].quiet99)} vs ${fmtMs(r[O].quiet99)}), load ${load.toFixed(2)}\n`,
    );
  }
  const med = (impl, f) => median(runs.map((r) => r[impl][f]));
  const ratio = median(runs.map((r) => r[O].mbps / r[C].mbps));
  process.stdout.write(
    `${table(
      [`${FLOODERS} loggers flooded at once (median of ${RUNS})`, C, O, 'ours/C'],
      [
        ['aggregate throughput', `${med(C, 'mbps').toFixed(1)} MB/s`, `${med(O, 'mbps').toFixed(1)} MB/s`, ratio.toFixed(2)],
        ['svc -t -> TERM before the flood, p50', fmtMs(med(C, 'quiet50')), fmtMs(med(O, 'quiet50')), (med(O, 'quiet50') / med(C, 'quiet50')).toFixed(2)],
        ['svc -t -> TERM before the flood, p99', fmtMs(med(C, 'quiet99')), fmtMs(med(O, 'quiet99')), (med(O, 'quiet99') / med(C, 'quiet99')).toFixed(2)],
        ['svc -t -> TERM during the flood, p50', fmtMs(med(C, 'p50')), fmtMs(med(O, 'p50')), (med(O, 'p50') / med(C, 'p50')).toFixed(2)],
        ['svc -t -> TERM during the flood, p99', fmtMs(med(C, 'p99')), fmtMs(med(O, 'p99')), (med(O, 'p99') / med(C, 'p99')).toFixed(2)],
        ['loggers\' CPU per MB', `${med(C, 'cpuPerMB').toFixed(2)} ms`, `${med(O, 'cpuPerMB').toFixed(2)} ms`, (med(O, 'cpuPerMB') / med(C, 'cpuPerMB')).toFixed(2)],
        ['control samples per run', med(C, 'samples'), med(O, 'samples'), ''],
        ['load average (1 min) at each run', runs.map((r) => r.load.toFixed(2)).join(' '), '', ''],
      ],
    )}\n`,
  );
}
