// A real service under test: examples/redis (redis-server in the foreground, readiness on notification-fd
// from a redis-cli ping poller, multilog for its log), copied to a temp scan directory with a free port.
// Started through the API (startTree) and through `dt run-with`; each time: ready, answers PING on a raw
// socket, stopped in order, and afterwards nothing is left running (/proc is scanned).
import { afterEach, describe, expect, it } from '@jest/globals';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { startTree, type Tree } from '@dt/scanner';
import { isSupervised } from '@dt/supervise-protocol';

const EXAMPLE = fileURLToPath(new URL('../../../../examples/redis/', import.meta.url));
// The copy's log/run finds this checkout's multilog through DT_HOME (examples/redis/log/run).
process.env.DT_HOME ??= fileURLToPath(new URL('../../../../', import.meta.url));
const BIN_DIR = process.env.DT_E2E_BIN_DIR ?? fileURLToPath(new URL('../../dist/bin/', import.meta.url));
// NO_COLOR as the e2e convention; FORCE_COLOR (set by jest in a terminal) dropped, or Node warns about both.
const ENV: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
delete ENV.FORCE_COLOR;
const need = (p: string, hint: string) => {
  if (!existsSync(p)) throw new Error(`${p} is missing: ${hint}`);
  return p;
};

const dirs: string[] = [];
const trees: Tree[] = [];
afterEach(async () => {
  for (const t of trees.splice(0)) {
    t.scanner.forceStop();
    await t.stop();
  }
  for (const d of dirs.splice(0)) {
    for (const p of leftovers(d)) process.kill(p.pid, 'SIGKILL');
    rmSync(d, { recursive: true, force: true });
  }
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** A scan directory holding a copy of examples/redis on a free loopback port. */
async function redisScanDir(): Promise<{ scan: string; port: number }> {
  need('/usr/bin/redis-server', 'apt-get install redis-server (.ci/run installs it)');
  need('/usr/bin/redis-cli', 'apt-get install redis-tools');
  const scan = mkdtempSync(join(tmpdir(), 'dt-redis-'));
  dirs.push(scan);
  cpSync(EXAMPLE, join(scan, 'redis'), {
    recursive: true,
    filter: (src) => !/\/(supervise|main)$/.test(src), // never a developer's run state
  });
  const port = await freePort();
  writeFileSync(join(scan, 'redis', 'port'), `${port}\n`);
  return { scan, port };
}

/** Processes left behind: a redis-server on our port, or anything whose cwd or command line is in our dir. */
function leftovers(dir: string, port?: number): { pid: number; cmd: string }[] {
  const found: { pid: number; cmd: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    let cmd: string;
    let cwd = '';
    try {
      cmd = readFileSync(`/proc/${name}/cmdline`, 'latin1').split('\0').join(' ').trim();
      if (cmd === '') continue; // a zombie or a kernel thread
      cwd = readlinkSync(`/proc/${name}/cwd`);
    } catch {
      continue; // gone meanwhile, or not ours to read
    }
    const redisOnPort = port !== undefined && cmd.includes('redis-server') && cmd.includes(`:${port}`);
    if (redisOnPort || cwd.startsWith(dir) || cmd.includes(dir)) found.push({ pid: Number(name), cmd });
  }
  return found;
}

/** PING over a raw socket (RESP inline command); resolves with what redis answered. */
function ping(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const sock = createConnection({ host: '127.0.0.1', port });
    let got = '';
    sock.setTimeout(10000, () => sock.destroy(new Error('no answer to PING within 10 s')));
    sock.on('connect', () => sock.write('PING\r\n'));
    sock.on('data', (b) => {
      got += b.toString('latin1');
      if (got.endsWith('\r\n')) sock.end();
    });
    sock.on('close', () => resolve(got));
    sock.on('error', reject);
  });
}

describe('examples/redis under dt', () => {
  it('startTree: ready through notification-fd, answers +PONG, stops in order, leaves nothing running', async () => {
    const { scan, port } = await redisScanDir();
    const t0 = performance.now();
    const tree = await startTree(scan);
    trees.push(tree);
    const states = await tree.waitAllReady({ timeout: 20000 });
    const readyMs = performance.now() - t0;
    const redis = states.get('redis')!;
    expect(redis).toMatchObject({ up: true, ready: true, notificationFd: 3 });
    expect(redis.sidecar?.ready).toBe(true);
    expect(states.get('redis/log')?.up).toBe(true);
    const sidecarMs = Date.parse(redis.sidecar!.readyAt!) - Date.parse(redis.sidecar!.startedAt!);
    // Recorded, not asserted: how long Redis took to be ready on this machine.
    process.stdout.write(`redis readiness: ${readyMs.toFixed(0)} ms from startTree to waitAllReady, ${sidecarMs} ms from start to ready (sidecar)\n`);

    expect(leftovers(scan, port).some((p) => p.cmd.includes('redis-server'))).toBe(true);
    expect(await ping(port)).toBe('+PONG\r\n');

    await tree.stop();
    trees.length = 0;
    expect(leftovers(scan, port)).toEqual([]);
    for (const d of ['redis', 'redis/log']) expect(await isSupervised(join(scan, d))).toBe(false);
    // The logger outlived redis: its goodbye is in the log, and current was closed cleanly (mode 0744).
    const log = readFileSync(join(scan, 'redis', 'log', 'main', 'current'), 'latin1');
    expect(log).toMatch(/Ready to accept connections/);
    expect(log).toMatch(/ready to exit, bye bye/);
  });

  it('dt run-with: the command pings redis once it is ready; exit status passed through; nothing left', async () => {
    const { scan, port } = await redisScanDir();
    const pinger = `
      const s = require('node:net').createConnection({ host: '127.0.0.1', port: ${port} }, () => s.write('PING\\r\\n'));
      let got = '';
      s.on('data', (b) => { got += b; if (got.endsWith('\\r\\n')) { process.stdout.write(got); process.exit(got === '+PONG\\r\\n' ? 0 : 3); } });
      s.on('error', (e) => { console.error(e.message); process.exit(4); });`;
    const dt = need(join(BIN_DIR, 'dt.js'), 'cd packages/cli && npx tsup');
    const t0 = performance.now();
    const res = await execa(process.execPath, [dt, 'run-with', scan, '--timeout', '20', '--', process.execPath, '-e', pinger], {
      reject: false,
      stripFinalNewline: false,
      env: ENV,
      extendEnv: false,
    });
    const totalMs = performance.now() - t0;
    expect(res.stderr).toBe('');
    expect(res.stdout).toBe('+PONG\r\n');
    expect(res.exitCode).toBe(0);
    process.stdout.write(`dt run-with over redis: ${totalMs.toFixed(0)} ms in all (start, ready, PING, orderly stop)\n`);
    expect(leftovers(scan, port)).toEqual([]);
    expect(readFileSync(join(scan, 'redis', 'log', 'main', 'current'), 'latin1')).toMatch(/ready to exit, bye bye/);
  });

  it('dt run-with: a failing command\'s status comes back and redis is still stopped', async () => {
    const { scan, port } = await redisScanDir();
    const dt = need(join(BIN_DIR, 'dt.js'), 'cd packages/cli && npx tsup');
    const res = await execa(process.execPath, [dt, 'run-with', scan, '--timeout', '20', '--', 'sh', '-c', 'exit 42'], { reject: false });
    expect(res.exitCode).toBe(42);
    expect(leftovers(scan, port)).toEqual([]);
  });
});
