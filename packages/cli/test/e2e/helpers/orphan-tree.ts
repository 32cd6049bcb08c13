// Trees for the tests of supervision that survives its own death (issue 12): service directories made
// from the scanner's fixture scripts, the copies of a run script found by their cwd, waiting until every
// directory runs exactly one copy under a given svscan, and checking a numbered log lost nothing.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, readlinkSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from '@jest/globals';
import { readSidecarFile, readStatusFile } from '@dt/supervise-protocol';
import { waitFor } from '@dt/test-support';
import { install, pids } from './scan-tree.js';

export function addService(root: string, name: string, run: string, opts: { log?: string; files?: Record<string, string> } = {}): string {
  const staging = mkdtempSync(join(root, '.new-'));
  install(run, join(staging, 'run'));
  for (const [f, text] of Object.entries(opts.files ?? {})) writeFileSync(join(staging, f), text);
  if (opts.log) {
    mkdirSync(join(staging, 'log'));
    install(opts.log, join(staging, 'log', 'run'));
  }
  renameSync(staging, join(root, name));
  return join(root, name);
}

/** Processes (not threads) whose cwd is dir and whose parent's is not: the copies of a run script. */
export function copiesIn(dir: string): number[] {
  const inDir = new Map<number, number>();
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      if (readlinkSync(`/proc/${e}/cwd`) !== dir) continue;
      const stat = readFileSync(`/proc/${e}/stat`, 'latin1');
      const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (rest[0] === 'Z') continue;
      inDir.set(Number(e), Number(rest[1]));
    } catch {
      // gone
    }
  }
  return [...inDir].filter(([, ppid]) => !inDir.has(ppid)).map(([pid]) => pid);
}

/** A copy as a failure message shows it: pid, parent, group, session, start time (ticks), command. */
function describe(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const cmd = readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0').join(' ').trim();
    return `${pid} (ppid ${f[1]} pgid ${f[2]} sid ${f[3]} start ${f[19]} ${cmd})`;
  } catch {
    return `${pid} (gone)`;
  }
}

/** Every dir up under svscan pid, one copy each, the status pid that copy. */
export async function settled(dirs: string[], svscan: number): Promise<Map<string, number>> {
  const up = new Map<string, number>();
  await waitFor(
    'one copy of each, supervised by the new svscan',
    () => {
      const wrong: string[] = [];
      for (const d of dirs) {
        const side = readSidecarFile(d);
        const { pid } = readStatusFile(d);
        const copies = copiesIn(d);
        for (const p of copies) track(p);
        if (side?.supervisorPid !== svscan || pid === 0 || copies.length !== 1 || copies[0] !== pid) {
          wrong.push(`${d}: supervisor ${side?.supervisorPid} status pid ${pid} sidecar pid ${side?.pid} copies ${copies.map(describe).join(', ')}`);
        } else up.set(d, pid);
      }
      if (wrong.length > 0) throw new Error(wrong.join('; '));
      return true;
    },
    30_000,
  );
  return up;
}

/** For each writer pid in the log: 1..N with nothing missing, N at least what it recorded as sent. */
export function expectNothingLost(serviceDir: string): number {
  const lines = readFileSync(join(serviceDir, 'log', 'out'), 'utf8').split('\n');
  expect(lines.pop()).toBe('');
  const byPid = new Map<string, number[]>();
  for (const l of lines) {
    const [pid, n] = l.split(' ');
    if (!byPid.has(pid!)) byPid.set(pid!, []);
    byPid.get(pid!)!.push(Number(n));
  }
  for (const [pid, ns] of byPid) {
    expect(ns.every((n, i) => n === i + 1)).toBe(true);
    const sent = Number(readFileSync(join(serviceDir, `sent.${pid}`), 'utf8'));
    expect(ns.length).toBeGreaterThanOrEqual(sent);
  }
  return byPid.size;
}

/** Remember a pid for reap() to kill: never 0 or 1 (kill(0) would signal the test runner's own group). */
export function track(pid: number | undefined): void {
  if (pid !== undefined && pid > 1) pids.add(pid);
}

/** talker (numbered lines, logged by cat) and quiet (sleep) under root, and the three dirs supervised for them. */
export function talkerAndQuiet(root: string): { talker: string; quiet: string; dirs: string[] } {
  const talker = addService(root, 'talker', 'run-numbered-pid', { log: 'log-cat' });
  const quiet = addService(root, 'quiet', 'run-sleep');
  return { talker, quiet, dirs: [talker, join(talker, 'log'), quiet] };
}
