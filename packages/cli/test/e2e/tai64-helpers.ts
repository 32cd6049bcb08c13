// Shared by the tai64n and tai64nlocal end-to-end tests: run ours (dist) and the real daemontools 0.76 program.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const FIXTURES = join(here, '..', 'fixtures', 'tai64');
export const ours = (prog: string) => join(here, '..', '..', 'dist', 'bin', `${prog}.js`);
export const real = (prog: string) => `/usr/bin/${prog}`;

/** Fails (never skips) when a program is missing. */
export function requirePrograms(prog: string): void {
  if (!existsSync(real(prog))) throw new Error(`${real(prog)} is missing: install daemontools (apt-get install -y daemontools)`);
  if (!existsSync(ours(prog))) throw new Error(`${ours(prog)} is missing: build first (cd packages/cli && npx tsup)`);
}

export interface Result {
  status: number | null;
  signal: string | null;
  stdout: Buffer;
  stderr: Buffer;
}

/** Runs ours ('ours') or the real one ('real') with `input` on stdin and TZ set. */
export function run(which: 'ours' | 'real', prog: string, input: Buffer | string, tz = 'UTC'): Result {
  const [cmd, args] = which === 'ours' ? [process.execPath, [ours(prog)]] : [real(prog), []];
  const r = spawnSync(cmd, args, {
    input: typeof input === 'string' ? Buffer.from(input, 'latin1') : input,
    env: { PATH: '/usr/bin:/bin', TZ: tz },
    maxBuffer: 64 * 1024 * 1024,
    timeout: 30_000,
  });
  if (r.error) throw r.error;
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Hex dump of where two buffers first differ, for readable failures. */
export function firstDifference(a: Buffer, b: Buffer): string {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (i === a.length && i === b.length) return 'identical';
  const win = (x: Buffer) => x.subarray(Math.max(0, i - 16), i + 16).toString('hex');
  return `differ at byte ${i} (lengths ${a.length}, ${b.length}): ours ${win(a)} real ${win(b)}`;
}
