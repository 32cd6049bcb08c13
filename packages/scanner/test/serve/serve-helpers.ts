// The serve tests' shared parts: a scan directory of real services run by an in-process tree, the server
// over it, raw HTTP over a socket (for requests fetch refuses to send), and cleanup of everything started.
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTree, type Tree } from '../../src/tree.js';
import { serveTree, type ServeHandle, type ServeOptions } from '../../src/serve/serve-tree.js';

export const MULTILOG = '/usr/bin/multilog';
export const TOKEN = 'test-token-0123456789abcdef';

const dirs: string[] = [];
const trees: Tree[] = [];
const servers: ServeHandle[] = [];

export async function cleanupServe(): Promise<void> {
  for (const s of servers.splice(0)) await s.close();
  for (const t of trees.splice(0)) {
    t.scanner.forceStop();
    await t.stop();
  }
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

export function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

export function script(path: string, text: string): void {
  writeFileSync(path, text);
  chmodSync(path, 0o755);
}

/** `web` (prints two lines, sleeps; logged by the real multilog), `worker` (sleeps), `idle` (down file). */
export function scanDir(): string {
  if (!existsSync(MULTILOG)) throw new Error(`${MULTILOG} is missing: apt-get install daemontools`);
  const d = tempDir('dt-serve-');
  mkdirSync(join(d, 'web', 'log'), { recursive: true });
  script(join(d, 'web', 'run'), '#!/bin/sh\necho hello from web\necho second line\nexec sleep 1000\n');
  script(join(d, 'web', 'log', 'run'), `#!/bin/sh\nexec ${MULTILOG} t ./main\n`);
  mkdirSync(join(d, 'worker'));
  script(join(d, 'worker', 'run'), '#!/bin/sh\nexec sleep 1000\n');
  mkdirSync(join(d, 'idle'));
  script(join(d, 'idle', 'run'), '#!/bin/sh\nexec sleep 1000\n');
  writeFileSync(join(d, 'idle', 'down'), '');
  return d;
}

/** The tree running in this process, every normally-up service ready and every logger up. */
export async function runTree(dir: string): Promise<Tree> {
  const tree = await startTree(dir);
  trees.push(tree);
  for (const s of tree.services()) {
    if (!existsSync(join(s.dir, 'down'))) await s.handle.waitFor('ready', { timeout: 20000 });
    await s.log?.waitFor('up', { timeout: 20000 });
  }
  return tree;
}

export async function serve(dir: string, opts: ServeOptions = {}): Promise<ServeHandle> {
  const s = await serveTree(dir, { port: 0, ...opts });
  servers.push(s);
  return s;
}

/** Send raw bytes, resolve with everything the server answered before closing (or after `ms` of quiet). */
export function rawRequest(port: number, bytes: string | Buffer, ms = 2000): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const sock = connect(port, '127.0.0.1');
    const done = () => {
      sock.destroy();
      resolve(Buffer.concat(chunks).toString('latin1'));
    };
    sock.setTimeout(ms, done);
    sock.on('data', (c) => chunks.push(c));
    sock.on('error', done);
    sock.on('close', done);
    sock.on('connect', () => sock.end(bytes));
  });
}

/** The status code of a raw answer ('HTTP/1.1 400 ...' gives 400), 0 when none. */
export function statusOf(answer: string): number {
  const m = /^HTTP\/1\.[01] (\d{3})/.exec(answer);
  return m ? Number(m[1]) : 0;
}

/** The value of one series in a Prometheus text exposition, undefined when absent. */
export function sample(text: string, series: string): number | undefined {
  for (const line of text.split('\n')) {
    if (line.startsWith(`${series} `)) return Number(line.slice(series.length + 1));
  }
  return undefined;
}
