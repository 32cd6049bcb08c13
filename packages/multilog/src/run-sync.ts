// The blocking driver of steps.ts, as 0.76 itself behaves: a pause sleeps the thread, an fsync and a
// processor are waited for (spawnSync). The multilog program and the library's default Logger use it.
import { fsyncSync } from 'node:fs';
import { runProcessor } from './processor.js';
import { sleepSync } from './retry.js';
import type { StepOp, StepRunner } from './paced-queue.js';
import type { StepInput, Steps } from './steps.js';

/** Drives steps to the end on this thread. */
export function runSync<T>(steps: Steps<T>, pauseMs: number): T {
  let input: StepInput;
  for (;;) {
    const s = steps.next(input);
    if (s.done) return s.value;
    const effect = s.value;
    if (effect.kind === 'pause') {
      sleepSync(pauseMs);
      input = undefined;
    } else if (effect.kind === 'fsync') {
      try {
        fsyncSync(effect.fd);
        input = null;
      } catch (e) {
        input = e instanceof Error ? e : new Error(String(e));
      }
    } else input = runProcessor(effect.dir, effect.processor, effect.stderrFd);
  }
}

/** The StepRunner that blocks: every op runs to its end at once. */
export class SyncRunner implements StepRunner {
  constructor(private readonly pauseMs: number) {}
  readonly idle = true;
  run(op: StepOp): void {
    runSync(op.steps, this.pauseMs);
  }
}
