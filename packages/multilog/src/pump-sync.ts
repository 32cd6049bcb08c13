// pumpFd's strategy for regular files, ttys and anything libuv cannot watch: readSync straight into the
// engine's input buffer, a few reads per turn of the event loop (setImmediate between turns) so SIGTERM and
// SIGALRM are seen; EAGAIN (a non-blocking fd) is polled.
import { EAGAIN_POLL_MS, readTurns, type PumpControl, type PumpReader } from './pump-control.js';

export function readSyncLoop(pump: PumpControl, fd: number): PumpReader {
  const step = readTurns(pump, fd, () => {
    setTimeout(step, EAGAIN_POLL_MS);
    return false;
  });
  step();
  // the loop checks `exiting` before each read; nothing to undo on the fd
  return { onTerm: () => {}, release: () => {} };
}
