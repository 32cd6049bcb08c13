// Feeds a Logger from a file descriptor as multilog.c reads stdin: EOF finishes; SIGTERM finishes at the
// end of the current line (reading one byte at a time, so the rest of the input stays unread for the next
// logger); SIGALRM rotates. Pipes and sockets are read through net.Socket (never the thread pool), other
// descriptors with readSync in 64 KiB pieces, yielding to the event loop between pieces so signals are seen.
import { constants as C, fstatSync, openSync, readSync } from 'node:fs';
import { Socket } from 'node:net';
import { setNonBlocking } from '@dt/posix';
import type { Logger } from './logger.js';

const EAGAIN_POLL_MS = 10;

export interface PumpOptions {
  /** Handle SIGTERM and SIGALRM as 0.76 (default true). */
  signals?: boolean;
}

function isAgain(e: unknown): boolean {
  const code = (e as NodeJS.ErrnoException).code;
  return code === 'EAGAIN' || code === 'EWOULDBLOCK';
}

/**
 * Reads `fd` into `logger` until end of input (or SIGTERM), then closes the logger (fsync, mode 0744).
 * Resolves when the logger is closed; a read error counts as end of input, as in 0.76.
 */
export function pumpFd(logger: Logger, fd = 0, opts: PumpOptions = {}): Promise<void> {
  return new Promise<void>((resolveDone, rejectDone) => {
    let exitAsap = false;
    let done = false;
    let socket: Socket | undefined;
    let readFd = fd; // what we read: fd itself, or a private reopening of its pipe
    let privateFd = false;
    const one = Buffer.allocUnsafe(1);

    const release = (): void => {
      if (socket) {
        socket.pause();
        if (!privateFd) {
          try {
            setNonBlocking(fd, false); // the next reader expects blocking reads
          } catch {
            // best effort
          }
        }
      }
    };
    // The handlers stay installed until the logger is closed: a SIGTERM during the final fsync must not
    // kill us half way (0.76 blocks it there); it finds `done` set and does nothing.
    const unlisten = (): void => {
      if (opts.signals !== false) {
        process.off('SIGTERM', onTerm);
        process.off('SIGALRM', onAlrm);
      }
    };
    const finish = (): void => {
      if (done) return;
      done = true;
      release();
      try {
        logger.close();
        resolveDone();
      } catch (e) {
        rejectDone(e);
      } finally {
        unlisten();
      }
    };
    const fail = (e: unknown): void => {
      if (done) return;
      done = true;
      release();
      unlisten();
      rejectDone(e);
    };

    // After SIGTERM in the middle of a line: one byte at a time up to its newline.
    const drainLine = (): void => {
      if (done) return;
      try {
        while (!logger.atLineStart) {
          let n: number;
          try {
            n = readSync(readFd, one, 0, 1, null);
          } catch (e) {
            if (isAgain(e)) {
              setTimeout(drainLine, EAGAIN_POLL_MS);
              return;
            }
            n = 0;
          }
          if (n === 0) break;
          logger.write(one);
        }
        finish();
      } catch (e) {
        fail(e);
      }
    };

    const onTerm = (): void => {
      if (done) return;
      exitAsap = true;
      if (socket) socket.pause();
      if (logger.atLineStart) finish();
      else if (socket) drainLine();
      // sync mode: the read loop sees exitAsap
    };
    const onAlrm = (): void => {
      try {
        if (!done) logger.rotate();
      } catch (e) {
        fail(e);
      }
    };
    if (opts.signals !== false) {
      process.on('SIGTERM', onTerm);
      process.on('SIGALRM', onAlrm);
    }

    let kind: 'stream' | 'sync' = 'sync';
    let isFifo = false;
    try {
      const st = fstatSync(fd);
      isFifo = st.isFIFO();
      if (isFifo || st.isSocket()) kind = 'stream';
    } catch {
      finish(); // fd not open: 0.76's read fails, which it takes as end of input
      return;
    }

    if (kind === 'stream') {
      // A pipe is read through a private open file description (/proc/self/fd/N opens the same pipe anew),
      // so the O_NONBLOCK that net.Socket needs never touches the description we were handed: it is shared
      // with whoever holds the pipe (svscan), and the next reader (maybe the real multilog, which takes
      // EAGAIN for end of input) must find it blocking even if we are killed. Sockets cannot be reopened:
      // they are switched back to blocking on exit.
      if (isFifo) {
        try {
          readFd = openSync(`/proc/self/fd/${fd}`, C.O_RDONLY | C.O_NONBLOCK);
          privateFd = true;
        } catch {
          readFd = fd;
        }
      }
      const buffer = logger.inputBuffer; // the data lands where the engine works on it
      socket = new Socket({
        fd: readFd,
        readable: true,
        writable: false,
        onread: {
          buffer,
          callback: (n: number): boolean => {
            if (done) return false;
            try {
              logger.pushInput(n);
            } catch (e) {
              fail(e);
              return false;
            }
            if (exitAsap) {
              socket!.pause();
              if (logger.atLineStart) finish();
              else drainLine();
              return false;
            }
            return true;
          },
        },
      } as ConstructorParameters<typeof Socket>[0]);
      socket.on('end', finish);
      socket.on('error', finish); // a read error ends input, as in 0.76
      return;
    }

    const buf = logger.inputBuffer;
    const step = (): void => {
      if (done) return;
      try {
        for (let i = 0; i < 8; i++) {
          if (exitAsap) {
            if (logger.atLineStart) return finish();
            return drainLine();
          }
          let n: number;
          try {
            n = readSync(fd, buf, 0, buf.length, null);
          } catch (e) {
            if (isAgain(e)) {
              setTimeout(step, EAGAIN_POLL_MS);
              return;
            }
            n = 0;
          }
          if (n === 0) return finish();
          logger.pushInput(n);
        }
        setImmediate(step);
      } catch (e) {
        fail(e);
      }
    };
    step();
  });
}
