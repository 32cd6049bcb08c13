// What both read strategies of pumpFd (pump-stream.ts, pump-sync.ts) share: the logger, the SIGTERM flag,
// and the three ways a pump ends (0.76 multilog.c: EOF, read error = EOF, SIGTERM at the end of the line).
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
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'EAGAIN' || code === 'EWOULDBLOCK';
}

/** A non-blocking fd with nothing to read yet is polled this often. */
export const EAGAIN_POLL_MS = 10;
