// poll(2) of one fd for input, on the calling thread: for a reader that found a non-blocking fd empty and
// expects more soon (multilog's pipe reader, decision 0022). A signal ends the wait (poll is never restarted).
import { loadLibc } from './libc.js';

const POLLIN = 0x001;
const pfd = new Uint8Array(8); // struct pollfd { int fd; short events; short revents; }
const view = new DataView(pfd.buffer);

/** True when `fd` has input, end of input or an error within timeoutMs; false on a timeout or a signal. */
export function pollReadable(fd: number, timeoutMs: number): boolean {
  view.setInt32(0, fd, true);
  view.setInt16(4, POLLIN, true);
  view.setInt16(6, 0, true);
  return (loadLibc().poll(pfd, 1, timeoutMs) as number) > 0;
}
