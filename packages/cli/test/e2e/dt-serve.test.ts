// dt serve and dt svscan --serve end to end (dist/bin/dt.js): usage and fatal texts, the URL on stdout,
// the tree of a real svscan served by a second process, svscan serving its own tree, control with a
// token file, and an orderly exit 0 on SIGTERM.
import { afterEach, describe, expect, it } from '@jest/globals';
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dt, DT, ENV } from './helpers/dt-command.js';
import { waitFor } from './helpers/poll.js';
import { procs, reap, roots } from './helpers/scan-tree.js';

afterEach(reap);

const TOKEN = 'e2e-token-0123456789abcdef';

function tree(): string {
  const d = mkdtempSync(join(tmpdir(), 'dt-serve-e2e-'));
  roots.push(d);
  mkdirSync(join(d, 'worker'));
  writeFileSync(join(d, 'worker', 'run'), '#!/bin/sh\nexec sleep 1000\n');
  chmodSync(join(d, 'worker', 'run'), 0o755);
  return d;
}

/** `dt ARGS` in the background, in its own session (no terminal), output collected. */
function start(args: string[]): { proc: ChildProcess; out: () => string; err: () => string } {
  const proc = spawn(process.execPath, [DT, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env: ENV, detached: true });
  procs.push(proc);
  let out = '';
  let err = '';
  proc.stdout!.on('data', (c: Buffer) => (out += c.toString()));
  proc.stderr!.on('data', (c: Buffer) => (err += c.toString()));
  return { proc, out: () => out, err: () => err };
}

const exited = (p: ChildProcess) =>
  new Promise<number | null>((resolve) => (p.exitCode !== null ? resolve(p.exitCode) : p.once('exit', (code) => resolve(code))));

const metrics = async (url: string) => (await fetch(`${url}/metrics`)).text();

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => resolve(typeof a === 'object' && a ? a.port : 0));
    });
  });

describe('dt serve', () => {
  it('usage, bad address, unreadable token file, port in use', async () => {
    const usage = 'dt serve: usage: dt serve [--listen ADDR:PORT] [--yes-public] [--control-token-file FILE] scandir\n';
    expect(await dt(['serve'])).toMatchObject({ exitCode: 100, stdout: '', stderr: usage.trimEnd() });
    expect(await dt(['serve', '--bogus', '/tmp'])).toMatchObject({ exitCode: 100, stderr: usage.trimEnd() });
    expect(await dt(['serve', '--listen', 'nowhere', '/tmp'])).toMatchObject({ exitCode: 100, stderr: 'dt serve: fatal: invalid listen address: nowhere' });
    expect(await dt(['serve', '--control-token-file', '/nonexistent/token', '/tmp'])).toMatchObject({
      exitCode: 111,
      stderr: 'dt serve: fatal: unable to read /nonexistent/token: file does not exist',
    });
    const busy = createServer();
    const port = await new Promise<number>((r) => busy.listen(0, '127.0.0.1', () => r((busy.address() as { port: number }).port)));
    try {
      expect(await dt(['serve', '--listen', `127.0.0.1:${port}`, '/tmp'])).toMatchObject({
        exitCode: 111,
        stderr: `dt serve: fatal: unable to listen on 127.0.0.1:${port}: address already used`,
      });
    } finally {
      busy.close();
    }
    const help = await dt(['serve', '--help']);
    expect(help.exitCode).toBe(0);
    expect(help.stdout).toContain('--control-token-file FILE');
  });

  it('svscan --serve serves its own tree; dt serve beside it serves the same tree; control with a token file', async () => {
    const d = tree();
    const port = await freePort();
    const scan = start(['svscan', '--serve', '--listen', `127.0.0.1:${port}`, d]);
    const own = `http://127.0.0.1:${port}`;
    const m = await waitFor('svscan to serve its tree', async () => {
      const t = await metrics(own);
      return t.includes('dt_service_up{service="worker",log="false"} 1') && t;
    });
    // the supervising process is the one serving: its pid is the scanner's
    expect(m).toContain(`dt_scanner_resident_memory_bytes{pid="${scan.proc.pid}"}`);

    const tokenFile = join(roots[0]!, 'token');
    writeFileSync(tokenFile, `${TOKEN}\n`);
    const side = start(['serve', '--listen', '127.0.0.1:0', '--control-token-file', tokenFile, d]);
    const url = await waitFor('the URL on stdout', () => /^(http:\/\/127\.0\.0\.1:\d+)\n$/.exec(side.out())?.[1]);
    const status = (await (await fetch(`${url}/status.json`)).json()) as { services: { dir: string; state: string; supervisorPid: number }[] };
    expect(status.services.map((s) => [s.dir, s.state, s.supervisorPid])).toEqual([[join(d, 'worker'), 'up', scan.proc.pid]]);

    const refused = await fetch(`${url}/control/worker`, { method: 'POST', body: 'd' });
    expect(refused.status).toBe(401);
    const ok = await fetch(`${url}/control/worker`, { method: 'POST', body: 'd', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(ok.status).toBe(200);
    await waitFor('worker down in svscan\'s own metrics', async () => (await metrics(own)).includes('dt_service_up{service="worker",log="false"} 0'));

    side.proc.kill('SIGTERM');
    expect(await exited(side.proc)).toBe(0);
    expect(side.err().replace(/127\.0\.0\.1:\d+/g, 'PEER')).toBe(
      'dt serve: control worker from PEER: refused: token required\ndt serve: control worker from PEER: d\n',
    );
    scan.proc.kill('SIGTERM');
    expect(await exited(scan.proc)).toBe(0);
    expect(scan.err()).toBe('');
    await expect(fetch(own)).rejects.toThrow();
  });

  it('warns on a non-loopback address unless --yes-public', async () => {
    const d = tree();
    const loud = start(['serve', '--listen', '0.0.0.0:0', d]);
    await waitFor('the URL', () => /^http:\/\/0\.0\.0\.0:\d+\n$/.test(loud.out()));
    expect(loud.err()).toBe(
      'dt serve: warning: listening on 0.0.0.0:0, which is not a loopback address: anyone who reaches it reads the tree\n',
    );
    const quiet = start(['serve', '--listen', '0.0.0.0:0', '--yes-public', d]);
    await waitFor('the URL', () => /^http:\/\/0\.0\.0\.0:\d+\n$/.test(quiet.out()));
    for (const p of [loud, quiet]) {
      p.proc.kill('SIGTERM');
      expect(await exited(p.proc)).toBe(0);
    }
    expect(quiet.err()).toBe('');
  });

  it('svscan --serve on a busy port warns and supervises all the same', async () => {
    const d = tree();
    const busy = createServer();
    const port = await new Promise<number>((r) => busy.listen(0, '127.0.0.1', () => r((busy.address() as { port: number }).port)));
    try {
      const scan = start(['svscan', '--serve', '--listen', `127.0.0.1:${port}`, d]);
      await waitFor('the warning', () => scan.err() === `svscan: warning: unable to listen on 127.0.0.1:${port}: address already used\n`);
      const st = await waitFor('worker up', async () => {
        const r = await dt(['status', '--json', join(d, 'worker')]);
        const j = JSON.parse(r.stdout) as { state: string };
        return j.state === 'up' && j;
      });
      expect(st.state).toBe('up');
      scan.proc.kill('SIGTERM');
      expect(await exited(scan.proc)).toBe(0);
    } finally {
      busy.close();
    }
  });
});
