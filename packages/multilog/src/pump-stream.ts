// pumpFd's strategy for pipes and sockets: libuv reads (net.Socket with `onread`, straight into the engine's
// input buffer), never the thread pool, so a quiet pipe costs nothing and signals are seen at once.
import { constants as C, openSync } from 'node:fs';
import type { Socket } from 'node:net';
import { setNonBlocking } from '@dt/posix';
import type { PumpControl, PumpReader } from './pump-control.js';

/**
 * Starts reading `fd` (a FIFO when `isFifo`, else a socket) into `pump.logger`. A pipe is read through a
 * private open file description (/proc/self/fd/N opens the same pipe anew), so the O_NONBLOCK that net.Socket
 * needs never touches the description we were handed: it is shared with whoever holds the pipe (svscan), and
 * the next reader (maybe the real multilog, which takes EAGAIN for end of input) must find it blocking even if
 * we are killed. Sockets cannot be reopened: they are switched back to blocking on release.
 */
export function readStream(pump: PumpControl, fd: number, isFifo: boolean): PumpReader {
  let readFd = fd;
  let privateFd = false;
  if (isFifo) {
    try {
      readFd = openSync(`/proc/self/fd/${fd}`, C.O_RDONLY | C.O_NONBLOCK);
      privateFd = true;
    } catch {
      readFd = fd;
    }
  }
  const { logger } = pump;
  // node:net only for a pipe or socket (a file on stdin never needs it): fetched here, not at import
  const socket: Socket = new (process.getBuiltinModule('node:net').Socket)({
    fd: readFd,
    readable: true,
    writable: false,
    onread: {
      buffer: logger.inputBuffer, // the data lands where the engine works on it
      callback: (n: number): boolean => {
        if (pump.ended()) return false;
        try {
          logger.pushInput(n);
        } catch (e) {
          pump.fail(e);
          return false;
        }
        if (pump.exiting()) {
          socket.pause();
          if (logger.atLineStart) pump.finish();
          else pump.drainLine(readFd);
          return false;
        }
        return true;
      },
    },
  } as ConstructorParameters<typeof Socket>[0]);
  socket.on('end', () => pump.finish());
  socket.on('error', () => pump.finish()); // a read error ends input, as in 0.76
  return {
    onTerm: () => {
      socket.pause();
      pump.drainLine(readFd);
    },
    release: () => {
      socket.pause();
      if (privateFd) return;
      try {
        setNonBlocking(fd, false); // the next reader expects blocking reads
      } catch {
        // best effort
      }
    },
  };
}
