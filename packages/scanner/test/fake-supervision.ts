// A fake clock and a fake launch for Supervisor tests that step time instead of sleeping: timers fire
// only when advance() passes them; launched "children" are EventEmitters the test makes exit.
import { EventEmitter } from 'node:events';
import type { LaunchedChild, StartFailure, StartRunOptions } from '../src/child.js';
import type { SupervisorClock } from '../src/supervisor-clock.js';
import { Supervisor } from '../src/supervisor.js';
import { makeService, removeTree } from './supervisor-helpers.js';

export class FakeClock implements SupervisorClock {
  private t = 1_000_000;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();
  private nextId = 1;

  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.t + ms, fn });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  /** Move time on by ms, firing every timer that falls due, in order. */
  advance(ms: number): void {
    const end = this.t + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, v]) => v.at <= end).sort((a, b) => a[1].at - b[1].at)[0];
      if (due === undefined) break;
      this.timers.delete(due[0]);
      this.t = Math.max(this.t, due[1].at);
      due[1].fn();
    }
    this.t = end;
  }
  get pending(): number {
    return this.timers.size;
  }
}

export class FakeChild extends EventEmitter implements LaunchedChild {
  readonly signals: (NodeJS.Signals | number | undefined)[] = [];
  constructor(readonly pid: number) {
    super();
  }
  kill(signal?: NodeJS.Signals | number): boolean {
    this.signals.push(signal);
    return true;
  }
  unref(): void {}
  die(code: number | null, signal: NodeJS.Signals | null = null): void {
    this.emit('exit', code, signal);
  }
}

/** A launch that starts FakeChild processes (pids from 90000 up), or fails when `fail` is set. */
export class FakeLauncher {
  readonly children: FakeChild[] = [];
  fail: StartFailure | undefined;
  private pid = 90_000;

  readonly launch = (_o: StartRunOptions, onStarted: (c: LaunchedChild) => void, onFailed: (f: StartFailure) => void): void => {
    if (this.fail) return onFailed(this.fail);
    const c = new FakeChild(this.pid++);
    this.children.push(c);
    onStarted(c);
  };

  get last(): FakeChild {
    return this.children[this.children.length - 1]!;
  }
}

const fakes: { s: Supervisor; root: string }[] = [];

/** A Supervisor over a new service directory (run-sleep) with a FakeClock and a FakeLauncher. */
export function fakeSupervised(opts: { down?: boolean } = {}): { s: Supervisor; dir: string; clock: FakeClock; launcher: FakeLauncher } {
  const { root, dir } = makeService('run-sleep', opts);
  const clock = new FakeClock();
  const launcher = new FakeLauncher();
  const s = new Supervisor({ dir, clock, launch: launcher.launch });
  fakes.push({ s, root });
  return { s, dir, clock, launcher };
}

/** Close every fakeSupervised() Supervisor and remove its directory (a test file's afterEach). */
export function closeFakeSupervised(): void {
  for (const { s, root } of fakes.splice(0)) {
    s.close();
    removeTree(root);
  }
}
