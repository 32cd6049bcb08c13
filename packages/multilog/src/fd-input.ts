// Feeds a Logger from a file descriptor as multilog.c reads stdin: EOF finishes; SIGTERM finishes at the
// end of the current line (reading one byte at a time, so the rest of the input stays unread for the next
// logger); SIGALRM rotates. This file is the lifecycle (signals, finish, drain); the two ways of reading
// live apart: pipes with readSync and poll (pump-poll.ts), sockets through net.Socket (pump-stream.ts), other
// descriptors with readSync in pieces, yielding to the event loop between them (pump-sync.ts).
import { fstatSync, readSync } from 'node:fs';
import type { Logger } from './logger.js';
import { EAGAIN_POLL_MS, isAgain, type PumpControl, type PumpReader } from './pump-control.js';
import { readPolled } from './pump-poll.js';
import { readStream } from './pump-stream.js';
import { readSyncLoop } from './pump-sync.js';

export interface PumpOptions {
  /** Handle SIGTERM and SIGALRM as 0.76 (default true). */
  signals?: boolean;
}

/**
 * Reads `fd` into `logger` until end of input (or SIGTERM), then closes the logger (fsync, mode 0744).
 * Resolves when the logger is closed; a read error counts as end of input, as in 0.76.
 */
export function pumpFd(logger: Logger, fd = 0, opts: PumpOptions = {}): Promise<void> {
  return new Promise<void>((resolveDone, rejectDone) => {
    let exitAsap = false;
    let done = false;
    let reader: PumpReader | undefined;
    const one = Buffer.allocUnsafe(1);

    // The handlers stay installed until the logger is closed: a SIGTERM during the final fsync must not
    // kill us half way (0.76 blocks it there); it finds `done` set and does nothing.
    const unlisten = (): void => {
      if (opts.signals !== false) {
        process.off('SIGTERM', onTerm);
        process.off('SIGALRM', onAlrm);
      }
    };
    const pump: PumpControl = {
      logger,
      exiting: () => exitAsap,
      ended: () => done,
      finish: () => {
        if (done) return;
        done = true;
        reader?.release();
        try {
          logger.close();
          resolveDone();
        } catch (e) {
          rejectDone(e);
        } finally {
          unlisten();
        }
      },
      fail: (e) => {
        if (done) return;
        done = true;
        reader?.release();
        unlisten();
        rejectDone(e);
      },
      drainLine: (readFd) => {
        if (done) return;
        try {
          while (!logger.atLineStart) {
            let n: number;
            try {
              n = readSync(readFd, one, 0, 1, null);
            } catch (e) {
              if (isAgain(e)) {
                setTimeout(() => pump.drainLine(readFd), EAGAIN_POLL_MS);
                return;
              }
              n = 0;
            }
            if (n === 0) break;
            logger.write(one);
          }
          pump.finish();
        } catch (e) {
          pump.fail(e);
        }
      },
    };

    const onTerm = (): void => {
      if (done) return;
      exitAsap = true;
      if (logger.atLineStart) pump.finish();
      else reader?.onTerm();
    };
    const onAlrm = (): void => {
      try {
        if (!done) logger.rotate();
      } catch (e) {
        pump.fail(e);
      }
    };
    if (opts.signals !== false) {
      process.on('SIGTERM', onTerm);
      process.on('SIGALRM', onAlrm);
    }

    let isFifo: boolean;
    let isSocket: boolean;
    try {
      const st = fstatSync(fd);
      isFifo = st.isFIFO();
      isSocket = st.isSocket();
    } catch {
      pump.finish(); // fd not open: 0.76's read fails, which it takes as end of input
      return;
    }
    // a pipe: read and polled (pump-poll.ts), net.Socket only if it cannot be opened anew; a socket: net.Socket
    reader = isFifo ? (readPolled(pump, fd) ?? readStream(pump, fd, true)) : isSocket ? readStream(pump, fd, false) : readSyncLoop(pump, fd);
  });
}
