// Real programs the serve tests start (Prometheus, Chromium): a free loopback port, and a child that is
// always stopped at the end (TERM, then KILL after a deadline), never by name.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';

/** The program, or a failure naming the Debian package: these tests never skip. */
export function requireProgram(path: string, pkg: string): string {
  if (!existsSync(path)) throw new Error(`${path} is missing: apt-get install ${pkg} (.ci/run installs it)`);
  return path;
}

/** A port nobody listens on right now (bound on 127.0.0.1:0, then released). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      const port = typeof a === 'object' && a !== null ? a.port : 0;
      s.close(() => resolve(port));
    });
  });
}

const started: ChildProcess[] = [];

export function startProgram(path: string, args: string[]): ChildProcess {
  const child = spawn(path, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  child.stderr!.setEncoding('utf8');
  let tail = '';
  child.stderr!.on('data', (c: string) => {
    tail = (tail + c).slice(-4000);
  });
  Object.defineProperty(child, 'stderrTail', { get: () => tail });
  started.push(child);
  return child;
}

/** The last 4000 characters the program wrote on stderr (for failure messages). */
export function stderrOf(child: ChildProcess): string {
  return (child as unknown as { stderrTail: string }).stderrTail;
}

/** Stop every program started here: SIGTERM, SIGKILL after 10 s, resolved once each has exited. */
export async function stopPrograms(): Promise<void> {
  await Promise.all(
    started.splice(0).map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          const kill = setTimeout(() => c.kill('SIGKILL'), 10000);
          c.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          c.kill('SIGTERM');
        }),
    ),
  );
}
