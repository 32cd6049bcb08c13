// Readiness without reading: an epoll set whose wait runs on a thread of libuv's pool (koffi's async call),
// so a Node process learns that a pipe has data and then moves it itself (splice), which a net.Socket, that
// always read(2)s, cannot do. The wait has a timeout: a process must not exit while a pool thread sits in
// epoll_wait (Node joins its pool threads at exit), so close() wakes it and waits for it to return.
import { throwErrno } from './errors.js';
import { loadPipeIo, type PipeIo } from './libc.js';
import { pipe2 } from './pipe.js';
import { closeSync, writeSync } from 'node:fs';

const EPOLL_CLOEXEC = 0o2000000;
const EPOLL_CTL_ADD = 1;
const EPOLL_CTL_DEL = 2;
export const EPOLLIN = 0x001;
export const EPOLLERR = 0x008;
export const EPOLLHUP = 0x010;
/** struct epoll_event: packed on x86-64 (u32 events, u64 data), naturally aligned elsewhere. */
const EVENT_SIZE = process.arch === 'x64' ? 12 : 16;
const DATA_OFF = process.arch === 'x64' ? 4 : 8;
const MAX_EVENTS = 256;

export class Epoll {
  private readonly io: PipeIo;
  private fd: number;
  private readonly events = Buffer.alloc(MAX_EVENTS * EVENT_SIZE);
  private readonly wakeRead: number;
  private readonly wakeWrite: number;
  private waiting = false;
  private closing: Promise<void> | undefined;
  private wakeDone: (() => void) | undefined;

  constructor() {
    this.io = loadPipeIo();
    this.fd = this.io.epollCreate1(EPOLL_CLOEXEC) as number;
    if (this.fd < 0) throwErrno('epoll_create1', this.io.koffi.errno());
    [this.wakeRead, this.wakeWrite] = pipe2({ cloexec: true, nonblock: true });
    this.add(this.wakeRead);
  }

  /** Watch `fd` for input (level-triggered); it is reported as itself. */
  add(fd: number, events = EPOLLIN): void {
    const ev = Buffer.alloc(EVENT_SIZE);
    ev.writeUInt32LE(events, 0);
    ev.writeUInt32LE(fd, DATA_OFF);
    if ((this.io.epollCtl(this.fd, EPOLL_CTL_ADD, fd, ev) as number) !== 0) throwErrno('epoll_ctl', this.io.koffi.errno());
  }

  /** Stop watching `fd` (before closing it). Not watched: nothing happens. */
  remove(fd: number): void {
    this.io.epollCtl(this.fd, EPOLL_CTL_DEL, fd, null);
  }

  /**
   * Wait (on a pool thread, at most timeoutMs) for some fds to be ready; `ready` gets them (possibly none),
   * on the main thread. One wait at a time; none once closing.
   */
  wait(timeoutMs: number, ready: (fds: number[]) => void): void {
    if (this.waiting || this.closing || this.fd < 0) return;
    this.waiting = true;
    this.io.epollWait.async(this.fd, this.events, MAX_EVENTS, timeoutMs, (err: unknown, n: number) => {
      this.waiting = false;
      if (this.wakeDone) {
        this.wakeDone();
        return;
      }
      // n < 0 (EINTR, the only failure of a valid wait): nothing to report, the caller waits again
      const fds: number[] = [];
      if (err === null || err === undefined) {
        for (let i = 0; i < n; i++) {
          const fd = this.events.readUInt32LE(i * EVENT_SIZE + DATA_OFF);
          if (fd !== this.wakeRead) fds.push(fd);
        }
      }
      ready(fds);
    });
  }

  /** Wake a wait in progress and close the set once it has returned (so that the process may exit). */
  close(): Promise<void> {
    if (this.closing) return this.closing;
    this.closing = new Promise<void>((resolve) => {
      const end = (): void => {
        closeSync(this.fd);
        closeSync(this.wakeRead);
        closeSync(this.wakeWrite);
        this.fd = -1;
        resolve();
      };
      if (!this.waiting) return end();
      this.wakeDone = end;
      try {
        writeSync(this.wakeWrite, Buffer.from([1]));
      } catch {
        // full: a wake is already there
      }
    });
    return this.closing;
  }
}
