import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { RLIM_INFINITY, type RlimitResource, getrlimit } from '../src/rlimit.js';

const PROBE = join(import.meta.dirname, 'fixtures', 'rlimit-probe.mjs');

// The /proc/self/limits row of each resource.
const ROWS: Record<RlimitResource, string> = {
  cpu: 'Max cpu time',
  fsize: 'Max file size',
  data: 'Max data size',
  stack: 'Max stack size',
  core: 'Max core file size',
  rss: 'Max resident set',
  nproc: 'Max processes',
  nofile: 'Max open files',
  memlock: 'Max locked memory',
  as: 'Max address space',
};

function procLimits(text: string): Map<string, [string, string]> {
  const rows = new Map<string, [string, string]>();
  for (const line of text.split('\n').slice(1)) {
    const m = /^(.+?)\s{2,}(\S+)\s+(\S+)/.exec(line);
    if (m) rows.set(m[1]!, [m[2]!, m[3]!]);
  }
  return rows;
}

const show = (n: bigint) => (n === RLIM_INFINITY ? 'unlimited' : String(n));

function probe(...args: string[]): Record<string, unknown> {
  const r = spawnSync(process.execPath, [PROBE, ...args], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`rlimit probe exited ${r.status}: ${r.stderr}`);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

describe('getrlimit', () => {
  it('reads every resource as the kernel reports it in /proc/self/limits', () => {
    const rows = procLimits(readFileSync('/proc/self/limits', 'utf8'));
    for (const [res, row] of Object.entries(ROWS) as [RlimitResource, string][]) {
      const got = getrlimit(res);
      expect([res, show(got.soft), show(got.hard)]).toEqual([res, ...rows.get(row)!]);
    }
  });
});

describe('setrlimit (in a child process)', () => {
  it('round-trips soft and hard limits, infinity included', () => {
    const hard = getrlimit('nofile').hard;
    expect(probe(`nofile=64:${hard}`, 'core=4096:inf', 'cpu=inf:inf', 'fsize=1000000:2000000')).toEqual({
      nofile: { soft: '64', hard: String(hard) },
      core: { soft: '4096', hard: String(RLIM_INFINITY) },
      cpu: { soft: String(RLIM_INFINITY), hard: String(RLIM_INFINITY) },
      fsize: { soft: '1000000', hard: '2000000' },
    });
  });

  it('throws PosixError EINVAL for a soft limit above the hard one', () => {
    expect(probe('core=10:5')).toEqual({ error: 'PosixError', code: 'EINVAL', syscall: 'setrlimit' });
  });
});

describe('prepareSetrlimit (in a child process)', () => {
  it('sets the limit only when the returned step runs, and throws PosixError from it', () => {
    const dist = join(import.meta.dirname, '..', 'dist', 'index.js');
    const script = `import * as p from ${JSON.stringify(dist)};
      const hard = p.getrlimit('core').hard;
      const step = p.prepareSetrlimit('core', { soft: 123n, hard });
      const before = p.getrlimit('core').soft;
      step();
      let err;
      try { p.prepareSetrlimit('core', { soft: 10n, hard: 5n })(); } catch (e) { err = e.code; }
      process.stdout.write(JSON.stringify([String(before) !== '123', String(p.getrlimit('core').soft), err]));`;
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([true, '123', 'EINVAL']);
  });
});
