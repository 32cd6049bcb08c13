// What the read strategies of pumpFd (pump-stream.ts, pump-sync.ts, pump-poll.ts) share: the logger, the SIGTERM flag,
// and the three ways a pump ends (0.76 multilog.c: EOF, read error = EOF, SIGTERM at the end of the line).
import { readSync } from 'node:fs';
import { errnoCode } from '@dt/posix';
import type { Logger } from './logger.js';

export interface PumpControl {
  readonly logger: Logger;
  /** SIGTERM was seen: stop at the end of the current line. */
  exiting(): boolean;
  /** Ended (finished or failed): read no more. */
  ended(): boolean;
  /** End of input: close the logger and resolve. */
  finish(): void;
  /** A logger error: reject. */
  fail(e: unknown): void;
  /** After SIGTERM in the middle of a line: read `fd` one byte at a time up to its newline, then finish. */
  drainLine(fd: number): void;
}

/** How a strategy is told of SIGTERM: pause its reading (stream) or nothing (sync sees `exiting`). */
export interface PumpReader {
  /** SIGTERM in the middle of a line: stop reading ahead and drain the line (or let the loop see `exiting`). */
  onTerm(): void;
  /** The pump ended: leave the fd as the next reader expects it. */
  release(): void;
}

export function isAgain(e: unknown): boolean {
  const code = errnoCode(e);
  return code === 'EAGAIN' || code === 'EWOULDBLOCK';
}

/** A non-blocking fd with nothing to read yet is polled this often. */
export const EAGAIN_POLL_MS = 10;

/** Reads per turn of the event loop: enough to amortize the turn, few enough that signals are prompt. */
const READS_PER_TURN = 8;

/**
 * The synchronous read loop of pump-sync.ts and pump-poll.ts: a step reads `fd` straight into the logger's
 * input buffer up to READS_PER_TURN times, then yields (setImmediate) so SIGTERM and SIGALRM are seen; EOF
 * or a read error (0.76: end of input) finishes, SIGTERM drains the line. When `fd` is empty and
 * non-blocking, `onAgain` decides: true reads again now, false leaves it to `onAgain` to call the step later.
 */
export function readTurns(pump: PumpControl, fd: number, onAgain: () => boolean): () => void {
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
          if (!isAgain(e)) return pump.finish();
          if (onAgain()) continue;
          return;
        }
        if (n === 0) return pump.finish();
        logger.pushInput(n);
      }
      setImmediate(step);
    } catch (e) {
      pump.fail(e);
    }
  };
  return step;
}
