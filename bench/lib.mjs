// What the benchmarks share (bench/*/run.mjs): the check for a needed tool, arguments, polling with a
// deadline, supervise/ files, /proc memory figures, the median and percentiles, tables, hyperfine and
// callgrind. Plain ESM, no dependencies; nothing here runs under jest.
import { spawnSync } from 'node:child_process';
import { chmodSync, closeSync, constants, existsSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** `need(path, hint)` for bench NAME: exits 1 with `bench/NAME: PATH is missing: HINT` when PATH does not exist. */
export function needer(name) {
  return (path, hint) => {
    if (!existsSync(path)) {
      process.stderr.write(`bench/${name}: ${path} is missing: ${hint}\n`);
      process.exit(1);
    }
    return path;
  };
}

/** The median: the middle value, or the mean of the two middle ones for an even count. */
export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}

/** The value after `name` on the command line, else dflt. */
export const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
/** Wall clock, ms, sub-ms precision. */
export const now = () => performance.timeOrigin + performance.now();

/** Polls fn (sync or async) every stepMs until it gives a truthy value, which it returns; throws after timeoutMs. */
export async function waitFor(what, fn, timeoutMs = 120_000, stepMs = 10) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(stepMs);
  }
}

/** pid from supervise/status (bytes 12..15, little-endian), 0 when down or unreadable. */
export function statusPid(dir) {
  try {
    const b = readFileSync(join(dir, 'supervise', 'status'));
    return b.length >= 18 ? b.readUInt32LE(12) : 0;
  } catch {
    return 0;
  }
}

/** Writes an executable file. */
export function script(path, text) {
  writeFileSync(path, text);
  chmodSync(path, 0o755);
}

/** What svc does: the letters written to DIR/supervise/control. */
export function writeControl(dir, letters) {
  const fd = openSync(join(dir, 'supervise', 'control'), constants.O_WRONLY | constants.O_NONBLOCK);
  writeSync(fd, letters);
  closeSync(fd);
}

/** Every process from /proc, by parent pid: Map(ppid -> [{ pid, comm }]). */
export function processesByParent() {
  const children = new Map();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      const stat = readFileSync(`/proc/${e}/stat`, 'latin1');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const parent = Number(fields[1]);
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      if (!children.has(parent)) children.set(parent, []);
      children.get(parent).push({ pid: Number(e), comm });
    } catch {
      // gone
    }
  }
  return children;
}

/** RSS, PSS and USS (Private_Clean + Private_Dirty) in kB, summed over pids' /proc/PID/smaps_rollup. */
export function memoryOf(pids) {
  let rss = 0;
  let pss = 0;
  let uss = 0;
  for (const pid of pids) {
    const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'latin1');
    const kb = (field) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(text)[1]);
    rss += kb('Rss');
    pss += kb('Pss');
    uss += kb('Private_Clean') + kb('Private_Dirty');
  }
  return { rss, pss, uss };
}

/** p-th percentile (nearest rank, p in percent) of xs. */
export function percentile(xs, p) {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export const fmtMs = (ms) => (Number.isFinite(ms) ? `${ms.toFixed(2)} ms` : 'n/a');

/** A markdown table. */
export const table = (head, rows) => {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => String(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(head), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
};

/**
 * The memory table of a tree benchmark: per size, C's and ours in `fields` order (e.g. ['rss', 'pss', 'uss']),
 * formatted by fmt, the PSS and USS ratios, and the process counts (rows: { n, [C], [O], `${C} procs`, `${O} procs` }).
 */
export function memoryTable(what, rows, [C, O], fields, fmt) {
  const names = fields.map((f) => f.toUpperCase());
  return table(
    [what, `${C} ${names[0]}`, ...names.slice(1), `${O} ${names[0]}`, ...names.slice(1), 'PSS ours/C', 'USS ours/C', 'processes C / ours'],
    rows.map((r) => [
      r.n,
      ...fields.map((f) => fmt(r[C][f])),
      ...fields.map((f) => fmt(r[O][f])),
      (r[O].pss / r[C].pss).toFixed(2),
      (r[O].uss / r[C].uss).toFixed(2),
      `${r[`${C} procs`]} / ${r[`${O} procs`]}`,
    ]),
  );
}

/** A word as /bin/sh would read it back (hyperfine takes each command as one string). */
export const shellQuote = (s) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replaceAll("'", "'\\''")}'`);

/**
 * hyperfine -N --warmup 3 over several commands (argv arrays), `runs` runs each; returns hyperfine's JSON
 * results in order (median, mean, user, system... in seconds).
 */
export function hyperfine(commands, { runs, cwd, warmup = 3 }) {
  const tmp = mkdtempSync(join(tmpdir(), 'dt-bench-hf-'));
  try {
    const json = join(tmp, 'hf.json');
    const r = spawnSync(
      '/usr/bin/hyperfine',
      ['-N', '--style', 'none', '--warmup', String(warmup), '--runs', String(runs), '--export-json', json, ...commands.map((cmd) => cmd.map(shellQuote).join(' '))],
      { cwd, stdio: ['ignore', 'ignore', 'inherit'] },
    );
    if (r.status !== 0) throw new Error(`hyperfine failed (exit ${r.status})`);
    return JSON.parse(readFileSync(json, 'utf8')).results;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Instructions of one run of `cmd` under valgrind --tool=callgrind (every thread of the process; children
 * not traced). The command must exit (an exec would be traced no further).
 */
export function callgrindInstructions(cmd, { cwd } = {}) {
  const r = spawnSync('/usr/bin/valgrind', ['--tool=callgrind', '--trace-children=no', '--callgrind-out-file=/dev/null', ...cmd], {
    cwd,
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const m = /Collected : (\d+)/.exec(r.stderr) ?? /I\s+refs:\s+([\d,]+)/.exec(r.stderr);
  if (!m) throw new Error(`no callgrind count for ${cmd.join(' ')}:\n${r.stderr.slice(-2000)}`);
  return Number(m[1].replaceAll(',', ''));
}
