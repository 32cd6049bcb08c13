// What the benchmarks share (bench/*/run.mjs): the check for a needed tool, the median, hyperfine and
// callgrind. Plain ESM, no dependencies; nothing here runs under jest.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
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
