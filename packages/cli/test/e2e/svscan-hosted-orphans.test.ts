// svscan killed with SIGKILL while its loggers are hosted (issues 10 and 12, decision 0005): the log host
// outlives it and logs every old pipe to its end (the new svscan stops the orphaned services, which ends
// those pipes), then exits; the new svscan's supervisors wait for it (the orphan their sidecars name), then
// start each logger in one new host. Three rounds: one log host at a time, every logger once, up under the
// new host as the real svstat says, and no line lost across any restart.
import { afterEach, describe, expect, it } from '@jest/globals';
import { type ChildProcess, execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { readSidecarFile, readStatusFile } from '@dt/supervise-protocol';
import { isAlive, waitFor } from '@dt/test-support';
import { addService, copiesIn } from './helpers/orphan-tree.js';
import { real } from './helpers/real-supervise.js';
import { newRoot, pids, reap, startBin } from './helpers/scan-tree.js';

afterEach(reap);

const NAMES = ['a', 'b', 'c'];

/** Every file of log/main in order (archives, then current), stamps taken off. */
function logText(service: string): string {
  const main = join(service, 'log', 'main');
  if (!existsSync(main)) return '';
  const names = readdirSync(main).filter((n) => n.startsWith('@')).sort();
  names.push('current');
  let text = '';
  for (const n of names) {
    try {
      text += readFileSync(join(main, n), 'latin1');
    } catch {
      // rotated meanwhile
    }
  }
  return text.replace(/^@[0-9a-f]{24} /gm, '');
}

/** For each writer pid: 1..N in order, nothing missing or repeated, N at least what it recorded as sent. */
function expectNothingLost(service: string): number {
  const lines = logText(service).split('\n');
  expect(lines.pop()).toBe('');
  const byPid = new Map<string, number[]>();
  for (const l of lines) {
    const m = /^(\d+) (\d+)$/.exec(l);
    if (!m) throw new Error(`${service}: a line that no writer wrote: ${JSON.stringify(l)}`);
    if (!byPid.has(m[1]!)) byPid.set(m[1]!, []);
    byPid.get(m[1]!)!.push(Number(m[2]));
  }
  for (const [pid, ns] of byPid) {
    const wrong = ns.findIndex((n, i) => n !== i + 1);
    if (wrong >= 0) throw new Error(`${service}: writer ${pid}: line ${wrong + 1} is number ${ns[wrong]}`);
    const sent = Number(readFileSync(join(service, `sent.${pid}`), 'utf8'));
    expect(ns.length).toBeGreaterThanOrEqual(sent);
  }
  return byPid.size;
}

/** Live log-host processes whose hosted loggers write under root (their cwd is a log directory there). */
function hostsUnder(root: string): number[] {
  const out: number[] = [];
  for (const e of readdirSync('/proc')) {
    if (!/^\d+$/.test(e)) continue;
    try {
      if (!readFileSync(`/proc/${e}/cmdline`, 'latin1').includes('log-host.js')) continue;
      if (readFileSync(`/proc/${e}/stat`, 'latin1').split(') ')[1]!.startsWith('Z')) continue;
      if (readdirSync(`/proc/${e}/fd`).some((fd) => linkOf(`/proc/${e}/fd/${fd}`).startsWith(root))) out.push(Number(e));
    } catch {
      // gone
    }
  }
  return out;
}

function linkOf(p: string): string {
  try {
    return readlinkSync(p);
  } catch {
    return '';
  }
}

/** Each service up once under svscan pid, each logger up in one host (the same for all): that host's pid. */
async function settled(root: string, svscan: number, oldHost: number): Promise<number> {
  return waitFor(
    'every service once, every logger up in one new log host',
    () => {
      const hosts = new Set<number>();
      for (const n of NAMES) {
        const dir = join(root, n);
        const log = join(dir, 'log');
        for (const d of [dir, log]) if (readSidecarFile(d)?.supervisorPid !== svscan) throw new Error(`${d}: not yet under ${svscan}`);
        const service = readStatusFile(dir).pid;
        if (service === 0 || copiesIn(dir).length !== 1) throw new Error(`${dir}: ${copiesIn(dir).length} copies`);
        pids.add(service);
        const host = readStatusFile(log).pid;
        if (host === 0 || host === oldHost) throw new Error(`${log}: still the old host`);
        hosts.add(host);
      }
      if (hosts.size !== 1) throw new Error(`loggers in ${hosts.size} hosts`);
      const host = [...hosts][0]!;
      pids.add(host);
      const live = hostsUnder(root);
      if (live.length !== 1 || live[0] !== host) throw new Error(`log hosts running: ${live.join(',')}`);
      return host;
    },
    40_000,
  );
}

const grown = (root: string, more: number, from: Map<string, number>) =>
  waitFor('every log growing', () => NAMES.every((n) => logText(join(root, n)).length > (from.get(n) ?? 0) + more), 30_000);

describe('svscan killed with SIGKILL over hosted loggers', () => {
  it('one log host after each restart, every logger up once in it, no line lost', async () => {
    const root = newRoot('dt-hosted-orphans-');
    for (const n of NAMES) addService(root, n, 'run-numbered-pid', { log: 'log-multilog' });
    let host = 0;
    let svscan: ChildProcess | undefined;
    const sizes = new Map<string, number>();
    for (let round = 0; round < 4; round++) {
      svscan = startBin('svscan.js', [root]);
      const now = await settled(root, svscan.pid!, host);
      if (host) expect(isAlive(host)).toBe(false); // the old one drained and went
      host = now;
      expect(readFileSync(`/proc/${host}/cmdline`, 'latin1')).toContain('log-host.js');
      // the real svstat on every x/log: up, with the host's pid
      for (const n of NAMES) expect(execFileSync(real('svstat'), [join(root, n, 'log')], { encoding: 'utf8' })).toMatch(new RegExp(`: up \\(pid ${host}\\) `));
      await grown(root, 20_000, sizes);
      for (const n of NAMES) sizes.set(n, logText(join(root, n)).length);
      if (round === 3) break;
      svscan.kill('SIGKILL');
      await new Promise((r) => svscan!.once('exit', r));
      expect(isAlive(host)).toBe(true); // the host outlives svscan
    }
    svscan!.kill('SIGTERM'); // the orderly stop: everything ends, loggers drain
    await new Promise((r) => svscan!.once('exit', r));
    await waitFor('the last host gone', () => !isAlive(host));
    for (const n of NAMES) expect(expectNothingLost(join(root, n))).toBe(4);
  }, 180_000);
});
