// Readiness as s6 defines it (s6-supervise, servicedir.html): DIR/notification-fd holds a number N; ./run
// is started with the write end of a pipe as its fd N and is ready when it writes a newline there. The
// pipe is a real one (pipe2), its read end ours, read through net.Socket (never fs streams).
import { closeSync, readFileSync } from 'node:fs';
import { Socket } from 'node:net';
import { pipe2 } from '@dt/posix';

export const NOTIFICATION_FD_FILE = 'notification-fd';

/** fds 0-2 are the service's stdio: a notification fd must be 3 or more. */
const MIN_NOTIFICATION_FD = 3;
/** Far beyond any sane value; keeps the child's fd table (and spawn's stdio array) small. */
const MAX_NOTIFICATION_FD = 1023;

export type NotificationFd = { fd: number } | { invalid: string } | undefined;

/** Read DIR/notification-fd: undefined when absent, { invalid } when it holds no usable fd number. */
export function readNotificationFd(dir: string): NotificationFd {
  let text: string;
  try {
    text = readFileSync(`${dir}/${NOTIFICATION_FD_FILE}`, 'latin1');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return { invalid: (e as NodeJS.ErrnoException).code ?? 'unreadable' };
  }
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return { invalid: 'not a number' };
  const fd = Number(trimmed);
  if (fd < MIN_NOTIFICATION_FD || fd > MAX_NOTIFICATION_FD) return { invalid: `fd ${fd} out of range` };
  return { fd };
}

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
    if (this.writeFd < 0) return;
    try {
      closeSync(this.writeFd);
    } catch {
      // already closed
    }
    this.writeFd = -1;
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

  close(): void {
    this.closeWriteEnd();
    if (this.socket) {
      this.socket.destroy();
      this.socket = undefined;
    } else {
      try {
        closeSync(this.readFd);
      } catch {
        // already closed
      }
    }
  }
}
