// Readiness as s6 defines it (s6-supervise, servicedir.html): DIR/notification-fd holds a number N; ./run
// is started with the write end of a pipe as its fd N and is ready when it writes a newline there. The
// pipe is a real one (pipe2), its read end ours, read through net.Socket (never fs streams). The file is
// parsed by @dt/supervise-protocol's readNotificationFd, so readers of the state agree with the supervisor.
import { Socket } from 'node:net';
import { pipe2 } from '@dt/posix';
import { closeFd } from './close-fd.js';

/** The pipe of one run: give writeFd to the child as its fd N, then call listen(). */
export class ReadinessPipe {
  readonly readFd: number;
  writeFd: number;
  private socket: Socket | undefined;

  constructor() {
    // close-on-exec on both: spawn dup2s the write end onto N (which clears it there only)
    [this.readFd, this.writeFd] = pipe2({ cloexec: true });
  }

  /** Drop our copy of the write end (after spawn), so EOF comes when the service's copies close. */
  closeWriteEnd(): void {
    this.writeFd = closeFd(this.writeFd);
  }

  /** Call onReady once, at the first newline. Later bytes are read and dropped, so the service never gets SIGPIPE. */
  listen(onReady: () => void): void {
    let fired = false;
    const socket = new Socket({ fd: this.readFd, readable: true, writable: false });
    socket.on('data', (chunk: Buffer) => {
      if (!fired && chunk.includes(0x0a)) {
        fired = true;
        onReady();
      }
    });
    socket.on('error', () => {});
    socket.on('end', () => socket.destroy());
    this.socket = socket;
  }

  /** The read end no longer keeps the event loop alive. */
  unref(): void {
    this.socket?.unref();
  }

  close(): void {
    this.closeWriteEnd();
    if (this.socket) {
      this.socket.destroy();
      this.socket = undefined;
    } else {
      closeFd(this.readFd);
    }
  }
}
