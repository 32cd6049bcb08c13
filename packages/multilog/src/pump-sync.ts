// pumpFd's strategy for regular files, ttys and anything libuv cannot watch: readSync straight into the
// engine's input buffer, a few reads per turn of the event loop (setImmediate between turns) so SIGTERM and
// SIGALRM are seen; EAGAIN (a non-blocking fd) is polled.
import { readSync } from 'node:fs';
import { EAGAIN_POLL_MS, isAgain, type PumpControl, type PumpReader } from './pump-control.js';

/** Reads per turn of the event loop: enough to amortize the turn, few enough that signals are prompt. */
const READS_PER_TURN = 8;

export function readSyncLoop(pump: PumpControl, fd: number): PumpReader {
  const { logger } = pump;
  const buf = logger.inputBuffer;
  const step = (): void => {
    if (pump.ended()) return;
    try {
      for (let i = 0; i < READS_PER_TURN; i++) {
        if (pump.exiting()) {
          if (logger.atLineStart) return pump.finish();
          return pump.drainLine(fd);
        }
        let n: number;
        try {
          n = readSync(fd, buf, 0, buf.length, null);
        } catch (e) {
          if (isAgain(e)) {
            setTimeout(step, EAGAIN_POLL_MS);
            return;
          }
          n = 0; // a read error is end of input, as in 0.76
        }
        if (n === 0) return pump.finish();
        logger.pushInput(n);
      }
      setImmediate(step);
    } catch (e) {
      pump.fail(e);
    }
  };
  step();
  // the loop checks `exiting` before each read; nothing to undo on the fd
  return { onTerm: () => {}, release: () => {} };
}
