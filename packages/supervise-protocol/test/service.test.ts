import { afterEach, describe, expect, it } from '@jest/globals';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ControlLetterError, ServiceDirError } from '../src/errors.js';
import { cleanUp, serviceDir as makeServiceDir, startSupervise } from '@dt/test-support';
import { letterForSignal } from '../src/control.js';
import { formatServiceReport, readServiceReport, readServiceState, type ServiceReport } from '../src/service.js';
import { service } from '../src/service-handle.js';
import { serviceState } from './helpers.js';

// The real daemontools supervise runs the services here: the handle must work over it unchanged.
afterEach(cleanUp);

const serviceDir = (run: string, files: Record<string, string> = {}) => makeServiceDir('dt-service-', run, files);

async function until<T>(what: string, probe: () => Promise<T | undefined> | T | undefined, ms = 10000): Promise<T> {
  const end = performance.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined && v !== false) return v;
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const SLEEPER = '#!/bin/sh\nexec sleep 1000\n';

describe('letterForSignal', () => {
  it('maps signal names, with or without SIG and in any case, and letters to the control letter', () => {
    const letters: Record<string, string> = {
      SIGHUP: 'h',
      hup: 'h',
      SIGALRM: 'a',
      INT: 'i',
      SIGTERM: 't',
      SIGKILL: 'k',
      SIGSTOP: 'p',
      SIGCONT: 'c',
      SIGQUIT: 'q',
      SIGUSR1: '1',
      usr2: '2',
      k: 'k',
    };
    expect(Object.fromEntries(Object.keys(letters).map((signal) => [signal, letterForSignal(signal)]))).toEqual(letters);
  });

  it('refuses what supervise cannot send, and letters that are not signals', () => {
    expect(() => letterForSignal('SIGWINCH')).toThrow(ControlLetterError);
    expect(() => letterForSignal('u')).toThrow(ControlLetterError);
    expect(() => letterForSignal('x')).toThrow(ControlLetterError);
  });
});

describe('readServiceState', () => {
  it('reports a directory that was never supervised as unsupervised and down', async () => {
    const d = serviceDir(SLEEPER);
    expect(await readServiceState(d)).toEqual(serviceState({ dir: d, supervised: false }));
  });

  it('throws ServiceDirError for a directory that does not exist', async () => {
    await expect(readServiceState('/nonexistent/dt-service')).rejects.toThrow(ServiceDirError);
  });

  it('reads the real supervise: up, pid, want up, ready because there is no notification-fd', async () => {
    const d = serviceDir(SLEEPER);
    startSupervise(d);
    const s = await until('up', async () => {
      const st = await readServiceState(d);
      return st.up ? st : undefined;
    });
    expect(s.supervised).toBe(true);
    expect(s.pid).toBeGreaterThan(0);
    expect(s.status?.pid).toBe(s.pid);
    expect(s.status?.want).toBe('up');
    expect(s.ready).toBe(true);
    expect(s.sidecar).toBeUndefined();
  });

  it('with notification-fd and no sidecar (the real supervise), up is not ready', async () => {
    const d = serviceDir(SLEEPER, { 'notification-fd': '3\n', down: '' });
    startSupervise(d);
    await until('supervised', async () => (await readServiceState(d)).supervised);
    await service(d).up();
    const s = await until('up', async () => {
      const st = await readServiceState(d);
      return st.up ? st : undefined;
    });
    expect(s.notificationFd).toBe(3);
    expect(s.normallyUp).toBe(false);
    expect(s.ready).toBe(false);
  });

  it('trusts the sidecar only when its pid matches the status pid', async () => {
    const d = serviceDir(SLEEPER, { 'notification-fd': '3' });
    startSupervise(d);
    const up = await until('up', async () => {
      const st = await readServiceState(d);
      return st.up ? st : undefined;
    });
    const sidecar = (pid: number, ready: boolean) =>
      JSON.stringify({
        version: 1,
        pid,
        supervisorPid: process.pid,
        startedAt: '2026-11-25T14:00:00.000Z',
        ready,
        readyAt: ready ? '2026-11-25T14:00:00.250Z' : null,
        restarts: 2,
        lastExit: { code: 1, signal: null, at: '2026-11-25T13:59:59.000Z' },
      });
    writeFileSync(join(d, 'supervise', 'dt-status.json'), sidecar(up.pid + 100000, true));
    const stale = await readServiceState(d);
    expect(stale.sidecar).toBeUndefined();
    expect(stale.ready).toBe(false);

    writeFileSync(join(d, 'supervise', 'dt-status.json'), sidecar(up.pid, true));
    const fresh = await readServiceState(d);
    expect(fresh.ready).toBe(true);
    expect(fresh.sidecar).toMatchObject({ pid: up.pid, ready: true, restarts: 2 });

    writeFileSync(join(d, 'supervise', 'dt-status.json'), sidecar(up.pid, false));
    expect((await readServiceState(d)).ready).toBe(false);
  });
});

describe('service handle', () => {
  it('down, up, once, restart (term and down-up) and exit drive the real supervise', async () => {
    const d = serviceDir(SLEEPER);
    const sup = startSupervise(d);
    const svc = service(d);
    const first = await svc.waitFor('up', { timeout: 10000 });

    await svc.down();
    const down = await svc.waitFor('down', { timeout: 10000 });
    expect(down.status?.want).toBe('down');
    expect(down.supervised).toBe(true);

    await svc.up();
    const second = await svc.waitFor('up', { timeout: 10000 });
    expect(second.pid).not.toBe(first.pid);
    expect(second.status?.want).toBe('up');

    await svc.restart();
    const third = await until('a new pid after restart', async () => {
      const st = await svc.status();
      return st.up && st.pid !== second.pid ? st : undefined;
    });
    expect(third.status?.want).toBe('up');

    // down-up: comes back even when it was wanted down, and ends wanted up.
    await svc.down();
    await svc.waitFor('down', { timeout: 10000 });
    await svc.once();
    const onceUp = await svc.waitFor('up', { timeout: 10000 });
    expect(onceUp.status?.want).toBe('once');
    await svc.restart({ mode: 'down-up' });
    const fourth = await until('a new pid after down-up', async () => {
      const st = await svc.status();
      return st.up && st.pid !== onceUp.pid ? st : undefined;
    });
    expect(fourth.status?.want).toBe('up');

    const exited = new Promise<number | null>((r) => sup.once('exit', (code) => r(code)));
    await svc.down();
    await svc.exit();
    expect(await exited).toBe(0);
    expect((await svc.status()).supervised).toBe(false);
  });

  it('signal() delivers a signal by name through supervise', async () => {
    const d = serviceDir(
      "#!/bin/sh\ntrap 'echo hup >> got-hup' HUP\ntrap 'echo usr1 >> got-usr1' USR1\nwhile :; do sleep 0.05; done\n",
    );
    startSupervise(d);
    const svc = service(d);
    await svc.waitFor('up', { timeout: 10000 });
    await svc.signal('SIGHUP');
    await until('the HUP trap', () => existsSync(join(d, 'got-hup')) || undefined);
    // USR1 through the real supervise 0.76 is a no-op (no sigq12 patch), so only HUP is checked for delivery.
    // A name supervise cannot send does not compile (SignalName), and is refused at run time too.
    // @ts-expect-error SIGWINCH is not a SignalName
    await expect(svc.signal('SIGWINCH')).rejects.toThrow(ControlLetterError);
  });

  it('rejects with a typed protocol error when no supervisor has ever run there', async () => {
    const d = serviceDir(SLEEPER);
    await expect(service(d).up()).rejects.toMatchObject({ code: expect.stringMatching(/^DT_ERR_/) });
  });
});

describe('formatServiceReport', () => {
  const base: ServiceReport = {
    dir: 'svc',
    state: 'up',
    supervised: true,
    pid: 42,
    seconds: 7,
    since: '2026-11-25T14:00:00.000Z',
    paused: false,
    want: 'up',
    normallyUp: true,
    ready: true,
    readiness: 'up',
    readyAt: null,
    startedAt: null,
    restarts: null,
    lastExit: null,
    supervisorPid: null,
    failing: null,
    nextStartAt: null,
    error: null,
  };
  const now = Date.parse('2026-11-25T14:00:10.000Z');

  it('is svstat\'s line when dt knows nothing more', () => {
    expect(formatServiceReport(base, now)).toBe('svc: up (pid 42) 7 seconds');
    expect(formatServiceReport({ ...base, state: 'down', pid: 0, want: 'up' }, now)).toBe('svc: down 7 seconds, normally up, want up');
    expect(formatServiceReport({ ...base, state: 'not-running', supervised: false }, now)).toBe('svc: supervise not running');
    expect(formatServiceReport({ ...base, state: 'error', error: { message: 'unable to chdir: file does not exist', errno: 'ENOENT' } }, now)).toBe(
      'svc: unable to chdir: file does not exist',
    );
  });

  it('adds readiness, restarts and the last exit from the sidecar', () => {
    const dt = { ...base, supervisorPid: 9, readiness: 'notification-fd' as const, readyAt: '2026-11-25T14:00:04.500Z', restarts: 3 };
    expect(formatServiceReport(dt, now)).toBe('svc: up (pid 42) 7 seconds, ready 5 seconds, 3 restarts');
    expect(formatServiceReport({ ...dt, ready: false, readyAt: null, restarts: 0 }, now)).toBe('svc: up (pid 42) 7 seconds, not ready');
    expect(formatServiceReport({ ...dt, restarts: 1 }, now)).toBe('svc: up (pid 42) 7 seconds, ready 5 seconds, 1 restart'); // issue 13 item 9
    expect(formatServiceReport({ ...dt, lastExit: { code: null, signal: 'SIGKILL', at: null } }, now)).toBe(
      'svc: up (pid 42) 7 seconds, ready 5 seconds, 3 restarts, last exit signal SIGKILL',
    );
    expect(formatServiceReport({ ...dt, state: 'down', pid: 0, want: 'down', lastExit: { code: 2, signal: null, at: null } }, now)).toBe(
      'svc: down 7 seconds, normally up, 3 restarts, last exit code 2',
    );
    expect(formatServiceReport({ ...dt, state: 'down', pid: 0, failing: true, lastExit: { code: 1, signal: null, at: null } }, now)).toBe(
      'svc: down 7 seconds, normally up, want up, 3 restarts, failing, last exit code 1',
    );
  });
});

describe('readServiceReport', () => {
  it('joins the svstat view and the sidecar over the real supervise', async () => {
    const d = serviceDir(SLEEPER, { 'notification-fd': '3' });
    startSupervise(d);
    const up = await service(d).waitFor('up', { timeout: 10000 });
    expect(await readServiceReport(d)).toMatchObject({ dir: d, state: 'up', pid: up.pid, ready: false, readiness: 'notification-fd', supervisorPid: null });
    const at = new Date().toISOString();
    writeFileSync(
      join(d, 'supervise', 'dt-status.json'),
      JSON.stringify({ version: 1, pid: up.pid, supervisorPid: 77, startedAt: at, ready: true, readyAt: at, restarts: 1, lastExit: null }),
    );
    expect(await readServiceReport(d)).toMatchObject({ ready: true, readyAt: at, startedAt: at, restarts: 1, supervisorPid: 77, lastExit: null });
    expect(await readServiceReport('/nonexistent/x')).toMatchObject({ state: 'error', error: { message: 'unable to chdir: file does not exist', errno: 'ENOENT' } });
  });
});

describe('restart({ wait })', () => {
  it('resolves with the new process once it is up, under another pid', async () => {
    const d = serviceDir(SLEEPER);
    startSupervise(d);
    const h = service(d);
    const first = await h.waitFor('up', { timeout: 10000 });
    const second = await h.restart({ wait: 'up', timeout: 20000 });
    expect(second.up).toBe(true);
    expect(second.pid).not.toBe(first.pid);
    // without wait it resolves once the letter is written, with nothing
    await expect(h.restart()).resolves.toBeUndefined();
  });
});
