// Issue 13 item 3: the examples run this checkout's Node and this checkout's multilog, found from the
// example directory wherever the checkout is, never whatever `node` or `multilog` PATH finds first. The
// checkout is rebuilt elsewhere (examples copied, node_modules and packages linked) and PATH starts with
// a `node` and a `multilog` that only record that they were used.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { waitFor } from './helpers/poll.js';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const STAMPED = /^@4000[0-9a-f]{20} hello$/;
let tmp: string;
let checkout: string;
let fake: string;
let env: NodeJS.ProcessEnv;

beforeAll(() => {
  tmp = mkdtempSync(join(tmpdir(), 'dt-examples-'));
  checkout = join(tmp, 'somewhere', 'dt');
  mkdirSync(checkout, { recursive: true });
  symlinkSync(join(REPO, 'node_modules'), join(checkout, 'node_modules'));
  symlinkSync(join(REPO, 'packages'), join(checkout, 'packages'));
  cpSync(join(REPO, 'examples'), join(checkout, 'examples'), { recursive: true, filter: (src) => !/\/(supervise|main)$/.test(src) });
  fake = join(tmp, 'fake-bin');
  mkdirSync(fake);
  for (const name of ['node', 'multilog']) {
    writeFileSync(join(fake, name), `#!/bin/sh\necho "$0" >> ${join(fake, 'used')}\nexit 1\n`);
    chmodSync(join(fake, name), 0o755);
  }
  env = { PATH: `${fake}:/usr/bin:/bin`, HOME: tmp };
});

afterAll(() => {
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

/** Runs a log/run script in its directory with `hello` as input (multilog ends at EOF). */
const runLogger = (dir: string, extraEnv: NodeJS.ProcessEnv = {}) =>
  execa('./run', [], { cwd: dir, env: { ...env, ...extraEnv }, extendEnv: false, input: 'hello\n', reject: false });

describe('examples find this checkout\'s programs', () => {
  it.each(['clock/log', 'counter/log', '.svscan/log'])('examples/service/%s/run: our multilog on our Node', async (sub) => {
    const dir = join(checkout, 'examples', 'service', sub);
    const r = await runLogger(dir);
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    expect(readFileSync(join(dir, 'main', 'current'), 'latin1').trimEnd()).toMatch(STAMPED);
    expect(existsSync(join(fake, 'used'))).toBe(false);
  });

  it('examples/service/counter/run: our Node', async () => {
    const dir = join(checkout, 'examples', 'service', 'counter');
    const child = spawn('./run', [], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    const exited = new Promise((r) => child.once('exit', r));
    try {
      await waitFor('counter: 1', () => out.includes('counter: 1\n'), 20_000);
      child.kill('SIGTERM');
      await exited;
      expect(out).toMatch(/^counter: 1\n[^]*counter: SIGTERM at \d+, bye\n$/);
      expect(existsSync(join(fake, 'used'))).toBe(false);
    } finally {
      child.kill('SIGKILL');
    }
  }, 30_000);

  it('examples/redis/log/run: in place, or copied elsewhere with DT_HOME; without it, refuses instead of running another multilog', async () => {
    const inPlace = join(checkout, 'examples', 'redis', 'log');
    expect(await runLogger(inPlace)).toMatchObject({ exitCode: 0, stderr: '' });
    expect(readFileSync(join(inPlace, 'main', 'current'), 'latin1').trimEnd()).toMatch(STAMPED);

    const copy = join(tmp, 'scan', 'redis');
    cpSync(join(checkout, 'examples', 'redis'), copy, { recursive: true, filter: (src) => !/\/(supervise|main)$/.test(src) });
    const refused = await runLogger(join(copy, 'log'));
    expect(refused.exitCode).toBe(111);
    expect(refused.stderr).toBe(`log/run: fatal: ${tmp}/node_modules/.bin/multilog is missing: set DT_HOME to the dt checkout (after npm ci)`);
    const withHome = await runLogger(join(copy, 'log'), { DT_HOME: checkout });
    expect(withHome).toMatchObject({ exitCode: 0, stderr: '' });
    expect(readFileSync(join(copy, 'log', 'main', 'current'), 'latin1').trimEnd()).toMatch(STAMPED);
    expect(existsSync(join(fake, 'used'))).toBe(false);
  });
});
