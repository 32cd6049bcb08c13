// The non-blocking driver of steps.ts, for loggers that share a process (the scanner's log host): a pause
// is a timer, an fsync runs in the thread pool, a processor is an asynchronous child, and whatever one logger's directories must do while it
// is paused waits in order in its queue. Only that logger stalls (its owner stops reading its input, as
// 0.76 stops reading while it pauses); every other logger and the event loop go on.
import { fsync } from 'node:fs';
import { startProcessor } from './processor.js';
import type { Effect, StepInput, Steps } from './steps.js';

/** Work for a log directory or status file, and how to make it own its data if it has to wait. */
export interface StepOp {
  steps: Steps;
  /** Called once before the op outlives the call that made it: copy what it borrows (the engine's buffers). */
  detach?: () => void;
}

/** Where a directory's or status file's steps run: now (blocking) or in a PacedQueue. */
export interface StepRunner {
  /** True when an op given now runs at once (the fast paths may then skip making one). */
  readonly idle: boolean;
  run(op: StepOp): void;
}

export interface PacedQueueOptions {
  pauseMs: number;
  /** An unexpected exception from a step (not a retried failure): the logger is broken. */
  onError(e: unknown): void;
  setTimer?: (fn: () => void, ms: number) => { unref?(): unknown } | number | undefined;
  clearTimer?: (t: unknown) => void;
}

export class PacedQueue implements StepRunner {
  private current: StepOp | undefined;
  private readonly waiting: StepOp[] = [];
  private readonly idlers: (() => void)[] = [];
  private timer: unknown;
  /** Bumped by cancel(): results of a pause or processor started before it are ignored. */
  private epoch = 0;
  private readonly setTimer: NonNullable<PacedQueueOptions['setTimer']>;
  private readonly clearTimer: NonNullable<PacedQueueOptions['clearTimer']>;

  constructor(private readonly opts: PacedQueueOptions) {
    this.setTimer = opts.setTimer ?? ((fn, ms) => setTimeout(fn, ms));
    this.clearTimer = opts.clearTimer ?? ((t) => clearTimeout(t as NodeJS.Timeout));
  }

  /** Nothing waiting: the next op runs at once, on the caller's stack. */
  get idle(): boolean {
    return this.current === undefined;
  }

  run(op: StepOp): void {
    if (this.current !== undefined) {
      op.detach?.();
      this.waiting.push(op);
      return;
    }
    this.current = op;
    this.drive(undefined, true);
  }

  /** fn once nothing is waiting (at once when idle). */
  whenIdle(fn: () => void): void {
    if (this.current === undefined) fn();
    else this.idlers.push(fn);
  }

  /** Drops everything (the logger is abandoned): a running processor goes on alone, as 0.76's child would. */
  cancel(): void {
    this.epoch++;
    if (this.timer !== undefined) this.clearTimer(this.timer);
    this.timer = undefined;
    const ops = this.current ? [this.current, ...this.waiting] : this.waiting.slice();
    this.current = undefined;
    this.waiting.length = 0;
    this.idlers.length = 0;
    for (const op of ops) {
      try {
        op.steps.return(undefined); // runs the steps' finally blocks (descriptors they hold)
      } catch {
        // abandoned anyway
      }
    }
  }

  private drive(input: StepInput, first: boolean): void {
    for (;;) {
      const op = this.current!;
      let s: IteratorResult<unknown, void>;
      try {
        s = op.steps.next(input);
      } catch (e) {
        this.cancel();
        this.opts.onError(e);
        return;
      }
      input = undefined;
      if (s.done) {
        first = false;
        const next = this.waiting.shift();
        if (next === undefined) {
          this.current = undefined;
          const idlers = this.idlers.splice(0);
          for (let i = 0; i < idlers.length; i++) {
            if (this.current !== undefined) {
              this.idlers.push(...idlers.slice(i)); // an idler queued work: the rest wait for it
              break;
            }
            idlers[i]!();
          }
          return;
        }
        this.current = next;
        continue;
      }
      if (first) {
        op.detach?.(); // it waits: from now on it must not borrow the caller's buffers
        first = false;
      }
      const effect = s.value as Effect;
      const epoch = this.epoch;
      if (effect.kind === 'pause') {
        this.timer = this.setTimer(() => {
          this.timer = undefined;
          if (epoch === this.epoch) this.drive(undefined, false);
        }, this.opts.pauseMs);
      } else if (effect.kind === 'fsync') {
        fsync(effect.fd, (err) => {
          if (epoch === this.epoch) this.drive(err ?? null, false);
        });
      } else {
        startProcessor(effect.dir, effect.processor, effect.stderrFd, (r) => {
          if (epoch === this.epoch) this.drive(r, false);
        });
      }
      return;
    }
  }
}
