// The real /usr/bin/svstat and /usr/bin/svok read our supervise exactly as they read a real
// /usr/bin/supervise in the same state: two service directories built alike, one under each supervise,
// driven by the real svc with the same letters; the lines must be equal but for the pid, and the seconds
// within one (0.76's one-second deafness after a start delays its state changes by up to a second).
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { join } from 'node:path';
import { execa } from 'execa';
import { makeService, waitFor } from '@dt/test-support';
import { type Running, runSupervise, useSuperviseTest } from './supervisor-e2e-helpers.js';

const { janitor, roots } = useSuperviseTest('/usr/bin/supervise', '/usr/bin/svc', '/usr/bin/svok', '/usr/bin/svstat');


interface Pair {
  real: string;
  ours: string;
  sups: Record<'real' | 'ours', Running>;
}

/** Two roots, each with service `svc` from the same fixture, one under each supervise. */
async function pair(run: string, opts: { down?: boolean } = {}): Promise<Pair> {
  const real = makeService(run, opts).root;
  const ours = makeService(run, opts).root;
  roots.push(real, ours);
  const sups = { real: runSupervise('real', real, 'svc'), ours: runSupervise('ours', ours, 'svc') };
  janitor.add(sups.real.proc.pid);
  janitor.add(sups.ours.proc.pid);
  for (const cwd of [real, ours]) {
    await waitFor(`svok in ${cwd}`, async () => (await execa('/usr/bin/svok', ['svc'], { cwd, reject: false })).exitCode === 0);
  }
  return { real, ours, sups };
}

async function svstat(cwd: string): Promise<string> {
  const r = await execa('/usr/bin/svstat', ['svc'], { cwd, reject: false });
  return r.stdout;
}

async function svcBoth(p: Pair, ...opts: string[]): Promise<void> {
  for (const cwd of [p.real, p.ours]) {
    const r = await execa('/usr/bin/svc', [...opts, 'svc'], { cwd, reject: false });
    expect(r.exitCode).toBe(0);
  }
}

const maskPid = (line: string) => line.replace(/\(pid \d+\)/, '(pid P)');
const maskSeconds = (line: string) => maskPid(line).replace(/ \d+ seconds/, ' S seconds');

/**
 * Wait until both svstat lines match `expected` (pid and seconds masked), then until they are equal with
 * the seconds unmasked (the two services' clocks started apart, so retry across a second boundary).
 */
async function expectSameState(p: Pair, expected: string): Promise<void> {
  await waitFor(`real: ${expected}`, async () => maskSeconds(await svstat(p.real)) === expected);
  await waitFor(`ours: ${expected}`, async () => maskSeconds(await svstat(p.ours)) === expected);
  // 0.76 is deaf for a second after each start, so its state changes can lag ours by up to that second:
  // the lines must be equal but for the pid, and the seconds within one of each other (polled, to ride
  // out a second boundary).
  let last: [string, string] = ['', ''];
  const seconds = (line: string) => Number(/ (\d+) seconds/.exec(line)?.[1] ?? NaN);
  await waitFor(
    `same line for ${expected}`,
    async () => {
      last = [maskPid(await svstat(p.real)), maskPid(await svstat(p.ours))];
      return maskSeconds(last[0]) === maskSeconds(last[1]) && Math.abs(seconds(last[0]) - seconds(last[1])) <= 1;
    },
    5_000,
  ).catch(() => {
    throw new Error(`svstat differs: real ${JSON.stringify(last[0])}, ours ${JSON.stringify(last[1])}`);
  });
  // and svok agrees
  for (const cwd of [p.real, p.ours]) {
    expect((await execa('/usr/bin/svok', ['svc'], { cwd, reject: false })).exitCode).toBe(0);
  }
}

/** Step by step: svc OPT on both, then the same svstat line on both. */
async function steps(p: Pair, walk: [opt: string, expected: string][]): Promise<void> {
  for (const [opt, expected] of walk) {
    await svcBoth(p, opt);
    await expectSameState(p, expected);
  }
}

describe('svstat prints the same line for our supervise as for /usr/bin/supervise', () => {
  it('up; paused; continued; down, normally up; up again', async () => {
    const p = await pair('run-sleep');
    await expectSameState(p, 'svc: up (pid P) S seconds');
    await steps(p, [
      ['-p', 'svc: up (pid P) S seconds, paused'],
      ['-c', 'svc: up (pid P) S seconds'],
      ['-d', 'svc: down S seconds, normally up'],
      ['-u', 'svc: up (pid P) S seconds'],
    ]);
  });

  it('want down: a service that ignores TERM stays up after -d', async () => {
    const p = await pair('run-ignore-term');
    await expectSameState(p, 'svc: up (pid P) S seconds');
    await steps(p, [
      ['-d', 'svc: up (pid P) S seconds, want down'],
      ['-p', 'svc: up (pid P) S seconds, paused, want down'],
    ]);
  });

  it('normally down; started with -u; once with -o; then down again', async () => {
    const p = await pair('run-sleep', { down: true });
    await expectSameState(p, 'svc: down S seconds');
    await steps(p, [
      ['-u', 'svc: up (pid P) S seconds, normally down'],
      ['-o', 'svc: up (pid P) S seconds, normally down'],
      ['-t', 'svc: down S seconds'],
      ['-u', 'svc: up (pid P) S seconds, normally down'],
      ['-d', 'svc: down S seconds'],
    ]);
  });

  it('once on a down service: started, then not restarted', async () => {
    const p = await pair('run-sleep', { down: true });
    await steps(p, [
      ['-o', 'svc: up (pid P) S seconds, normally down'],
      ['-k', 'svc: down S seconds'],
    ]);
  });

  it('x: supervise exits once the service is down; then both say supervise not running', async () => {
    const p = await pair('run-sleep');
    await expectSameState(p, 'svc: up (pid P) S seconds');
    await svcBoth(p, '-x');
    await expectSameState(p, 'svc: up (pid P) S seconds');
    await svcBoth(p, '-d');
    const exits = await Promise.all([p.sups.real.exited, p.sups.ours.exited]);
    expect(exits).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
    expect(await svstat(p.real)).toBe('svc: supervise not running');
    expect(await svstat(p.ours)).toBe('svc: supervise not running');
    for (const cwd of [p.real, p.ours]) {
      expect((await execa('/usr/bin/svok', ['svc'], { cwd, reject: false })).exitCode).toBe(100);
    }
  });

  it('the status bytes differ only in stamp and pid', async () => {
    const p = await pair('run-sleep');
    await svcBoth(p, '-p');
    await expectSameState(p, 'svc: up (pid P) S seconds, paused');
    const { readFileSync } = await import('node:fs');
    const real = readFileSync(join(p.real, 'svc', 'supervise', 'status'));
    const ours = readFileSync(join(p.ours, 'svc', 'supervise', 'status'));
    expect(ours.length).toBe(18);
    expect(ours.subarray(16)).toEqual(real.subarray(16));
    // the nanoseconds end in 500 as daemontools' taia_now
    expect(ours.readUInt32BE(8) % 1000).toBe(500);
    expect(real.readUInt32BE(8) % 1000).toBe(500);
  });
});
