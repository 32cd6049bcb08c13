// `npm start`: our svscan over examples/service, the tree the README shows. Both services log through our
// multilog; Ctrl-C's orderly stop leaves the counter's shutdown line and its goodbye in its log.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { waitFor } from '@dt/test-support';

const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', '..');
const EXAMPLE = join(REPO, 'examples', 'service');
const BIN = join(REPO, 'packages', 'cli', 'dist', 'bin');
const STATE = ['clock', 'counter', '.svscan'].flatMap((s) => [join(EXAMPLE, s, 'supervise'), join(EXAMPLE, s, 'log', 'supervise'), join(EXAMPLE, s, 'log', 'main')]);
let svscan: ChildProcess | undefined;

function clean(): void {
  for (const p of STATE) rmSync(p, { recursive: true, force: true });
}

beforeAll(clean);
afterAll(async () => {
  if (svscan && svscan.exitCode === null) {
    svscan.kill('SIGKILL');
    await new Promise((r) => svscan!.once('exit', r));
  }
  clean();
});

const current = (s: string) => join(EXAMPLE, s, 'log', 'main', 'current');
/** The log lines without their TAI64N label (multilog t: `@` + 24 hex digits + space). */
function lines(path: string): string[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      expect(l).toMatch(/^@[0-9a-f]{24} /);
      return l.slice(26);
    });
}

describe('npm start (examples/service)', () => {
  it('runs both services through multilog and stops in order', async () => {
    for (const b of ['svscan.js', 'multilog.js']) {
      if (!existsSync(join(BIN, b))) throw new Error(`${join(BIN, b)} is missing: build first (npm run build)`);
    }
    svscan = spawn(process.execPath, [join(BIN, 'svscan.js'), EXAMPLE], { stdio: ['ignore', 'ignore', 'pipe'], cwd: REPO });
    let stderr = '';
    svscan.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
    const exited = new Promise<number | null>((r) => svscan!.once('exit', r));
    await waitFor('counter: 2', () => lines(current('counter')).includes('counter: 2'));
    await waitFor('a clock line', () => lines(current('clock')).some((l) => /^clock: \d\d:\d\d:\d\d$/.test(l)));
    svscan.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(stderr).toBe('');
    const counter = lines(current('counter'));
    expect(counter.slice(-2)).toEqual(['counter: shutdown script ran', expect.stringMatching(/^counter: SIGTERM at \d+, bye$/)]);
    // svscan's own log exists and holds no warning
    expect(readFileSync(current('.svscan'), 'utf8')).toBe('');
  });
});
