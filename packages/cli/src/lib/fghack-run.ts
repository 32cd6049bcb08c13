// fghack.c's fork side: the child gets 31 copies of a pipe's write end (fds 3-33, as 0.76's pipe plus 30
// dup()s); the parent reads until every copy is closed (the child and anything it left behind are gone),
// then reports how the child ended.
import { spawn } from 'node:child_process';
import { closeSync } from 'node:fs';
import { Socket } from 'node:net';
import { pipe2 } from '@dt/posix';
import { hideNodeStrayFds } from './chainload.js';

const COPIES = 31;

export type ForegroundResult =
  | { kind: 'exited'; code: number }
  | { kind: 'crashed'; signal: string }
  | { kind: 'unable-to-run'; cause: unknown }
  | { kind: 'no-pipe'; cause: unknown };

export async function runInForeground(path: string, argv: readonly string[]): Promise<ForegroundResult> {
  let fds: [number, number];
  try {
    fds = pipe2({ cloexec: true });
  } catch (cause) {
    return { kind: 'no-pipe', cause };
  }
  const [r, w] = fds;
  hideNodeStrayFds();
  const child = spawn(path, argv.slice(1), {
    argv0: argv[0],
    stdio: ['inherit', 'inherit', 'inherit', ...Array<number>(COPIES).fill(w)],
  });
  closeSync(w);
  const ended = new Promise<ForegroundResult>((resolve) => {
    child.on('error', (cause) => resolve({ kind: 'unable-to-run', cause }));
    child.on('exit', (code, signal) => resolve(code === null ? { kind: 'crashed', signal: signal ?? '' } : { kind: 'exited', code }));
  });
  await new Promise<void>((resolve) => {
    const pipe = new Socket({ fd: r, readable: true, writable: false });
    pipe.on('data', () => {});
    pipe.on('error', () => resolve());
    pipe.on('close', () => resolve());
  });
  return ended;
}
