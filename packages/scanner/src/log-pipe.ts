// The service-to-logger pipe (svscan.c start(): pipe(pi), both ends close-on-exec in svscan). The scanner
// holds BOTH ends for the life of the entry: the service never gets SIGPIPE while its logger restarts,
// the logger never sees EOF while its service restarts, and nothing written in between is lost.
// A real kernel pipe (pipe2), never a socketpair from stdio:'pipe' (the parent could not keep it).
import { pipe2 } from '@dt/posix';
import { closeFd } from './close-fd.js';

export class LogPipe {
  /** The read end, given to the logger as its stdin; -1 once closed. */
  readFd: number;
  /** The write end, given to the service as its stdout; -1 once closed. */
  writeFd: number;

  constructor() {
    // Close-on-exec in the scanner: a child only gets an end through an explicit dup onto 0/1/2.
    // Blocking: the children read and write it as plain stdio.
    const [r, w] = pipe2({ cloexec: true });
    this.readFd = r;
    this.writeFd = w;
  }

  /** Close the scanner's write end, so the logger sees EOF once every service-side holder is gone. */
  closeWrite(): void {
    this.writeFd = closeFd(this.writeFd);
  }

  /** Close both ends (the entry is gone). */
  close(): void {
    this.closeWrite();
    this.readFd = closeFd(this.readFd);
  }
}
