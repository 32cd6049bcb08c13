// pumpFd's strategy for pipes (decision 0022): readSync on a private non-blocking open of the pipe, straight into
// the engine's input buffer; when the pipe is empty, a poll(2) of at most SPIN_MS on the main thread (a writer
// that streams refills it within that), then an epoll wait on a thread of libuv's pool (an idle pipe costs
// nothing and signals are seen at once). pump-stream.ts's net.Socket did the same job, but loading node:net
// cost ~54 M instructions, half as much again as the rest of multilog's start. Sockets still go there.
// The pipe is read through /proc/self/fd/N opened anew, so O_NONBLOCK never touches the open file description
// we were handed (shared with whoever holds the pipe; the next reader, maybe the real multilog, expects it
// blocking).
import { constants as C, closeSync, openSync } from 'node:fs';
import { Epoll, pollReadable } from '@dt/posix';
import { readTurns, type PumpControl, type PumpReader } from './pump-control.js';

/** How long the main thread waits for an empty pipe before handing the wait to a pool thread. */
const SPIN_MS = 10;
/** A pool thread's wait is cut this often (Node joins its pool threads at exit; Epoll.close wakes it sooner). */
const IDLE_WAIT_MS = 1000;

/** Starts reading the FIFO `fd` into `pump.logger`; undefined when it cannot be opened anew (use readStream). */
export function readPolled(pump: PumpControl, fd: number): PumpReader | undefined {
  let readFd: number;
  try {
    readFd = openSync(`/proc/self/fd/${fd}`, C.O_RDONLY | C.O_NONBLOCK);
  } catch {
    return undefined;
  }
  let epoll: Epoll | undefined;
  let waiting = 0; // the generation of the pool thread's wait in progress (0: none)
  let generation = 0;
  let released = false;

  const idle = (): void => {
    if (epoll === undefined) {
      epoll = new Epoll();
      epoll.add(readFd);
    }
    const g = ++generation;
    waiting = g;
    epoll.wait(IDLE_WAIT_MS, (fds) => {
      if (waiting !== g) return; // SIGTERM took over meanwhile
      waiting = 0;
      if (fds.length === 0) return idle(); // nothing yet: wait again, off the main thread
      step();
    });
  };

  // an empty pipe: poll(2) up to SPIN_MS here, then (quiet, or a signal came) the event loop runs meanwhile
  const step = readTurns(pump, readFd, () => {
    if (pollReadable(readFd, SPIN_MS)) return true;
    idle();
    return false;
  });
  step();
  return {
    onTerm: () => {
      // waiting on a quiet pipe in the middle of a line: drain it now (a step in flight sees `exiting` itself)
      if (waiting === 0) return;
      waiting = 0;
      step();
    },
    release: () => {
      if (released) return;
      released = true;
      waiting = 0;
      const e = epoll;
      if (e === undefined) closeSync(readFd);
      else
        void e.close().then(() => {
          try {
            closeSync(readFd);
          } catch {
            // already closed
          }
        });
    },
  };
}
