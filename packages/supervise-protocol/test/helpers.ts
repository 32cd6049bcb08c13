// Temp service directories and FIFOs for the client tests (no supervise needed: a FIFO with a reader held
// by this process is exactly what a running supervise looks like to svc, svok and svstat).
import { execFileSync } from 'node:child_process';
import { closeSync, constants, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ServiceState } from '../src/service.js';

export function makeTempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function mkfifo(path: string): void {
  execFileSync('/usr/bin/mkfifo', ['-m', '600', path]);
}

/** A service dir with supervise/{control,ok} FIFOs; `hold()` opens read ends as a running supervise does. */
export class FakeSupervise {
  readonly fds: number[] = [];
  constructor(readonly dir: string) {
    mkdirSync(join(dir, 'supervise'), { recursive: true, mode: 0o700 });
    mkfifo(join(dir, 'supervise', 'control'));
    mkfifo(join(dir, 'supervise', 'ok'));
  }
  hold(): this {
    for (const name of ['control', 'ok']) this.fds.push(openSync(join(this.dir, 'supervise', name), constants.O_RDONLY | constants.O_NONBLOCK));
    return this;
  }
  release(): void {
    for (const fd of this.fds.splice(0)) closeSync(fd);
  }
  remove(): void {
    this.release();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** A test's beforeEach: a fresh temp root (PREFIX…) with a FakeSupervise at ROOT/s, held open when asked. */
export function freshFakeSupervise(prefix: string, opts: { hold?: boolean } = {}): { root: string; sv: FakeSupervise } {
  const root = makeTempDir(prefix);
  const sv = new FakeSupervise(join(root, 's'));
  return { root, sv: opts.hold ? sv.hold() : sv };
}

/** A test's afterEach: undoes freshFakeSupervise. */
export function removeFakeSupervise(root: string, sv: FakeSupervise): void {
  sv.remove();
  rmSync(root, { recursive: true, force: true });
}

/** A ServiceState: supervised, down, normally up, not ready, with `over` on top (dir 'd' unless given). */
export function serviceState(over: Partial<ServiceState>): ServiceState {
  return {
    dir: 'd',
    supervised: true,
    status: undefined,
    pid: 0,
    up: false,
    normallyUp: true,
    notificationFd: undefined,
    ready: false,
    sidecar: undefined,
    ...over,
  };
}
