// supervise/control and supervise/ok as supervise 0.76 holds them (supervise.c main): control is opened for
// reading (non-blocking) and then for writing, and that write fd is kept forever so the reader never sees
// EOF; ok is opened for reading and held, which is the whole "supervise is running" protocol (svok, svc and
// svstat open it for writing and get ENXIO when nobody holds it). FIFOs are opened with fs.openSync and
// read through net.Socket, never fs streams (which would block libuv's thread pool).
import { closeSync, constants, openSync } from 'node:fs';
import { Socket } from 'node:net';
import { errnoText, mkfifo } from '@dt/posix';
import { controlPathOf, okPathOf } from '@dt/supervise-protocol';
import { SUPERVISE_ERROR_CODES, SuperviseError, type SuperviseErrorCode } from './errors.js';
import { closeFd } from './close-fd.js';

const FIFO_MODE = 0o600;

function fifoMake(path: string): void {
  try {
    mkfifo(path, FIFO_MODE);
  } catch {
    // fifo_make's result is ignored by 0.76: an existing FIFO is re-used, other errors show at open.
  }
}

function openOrThrow(path: string, flags: number, code: SuperviseErrorCode, text: string, dir: string): number {
  try {
    return openSync(path, flags);
  } catch (e) {
    throw new SuperviseError(code, `${text}: ${errnoText(e)}`, dir, { cause: e });
  }
}

/** The control FIFO: every byte written to it is handed to onByte, in order. */
export class ControlReader {
  private socket: Socket | undefined;
  private writeFd = -1;

  constructor(
    private readonly dir: string,
    private readonly onByte: (letter: string) => void,
    /** false: reading the FIFO does not keep the event loop alive. */
    private readonly ref = true,
  ) {}

  /** mkfifo DIR/supervise/control 0600, open it for reading then writing, and start reading. */
  open(): void {
    const path = controlPathOf(this.dir);
    fifoMake(path);
    const readFd = openOrThrow(
      path,
      constants.O_RDONLY | constants.O_NONBLOCK,
      SUPERVISE_ERROR_CODES.controlRead,
      `unable to read ${this.dir}/supervise/control`,
      this.dir,
    );
    try {
      this.writeFd = openOrThrow(
        path,
        constants.O_WRONLY | constants.O_NONBLOCK,
        SUPERVISE_ERROR_CODES.controlWrite,
        `unable to write ${this.dir}/supervise/control`,
        this.dir,
      );
    } catch (e) {
      closeSync(readFd);
      throw e;
    }
    const socket = new Socket({ fd: readFd, readable: true, writable: false });
    socket.on('data', (chunk: Buffer) => {
      // One byte at a time, as 0.76's read(fdcontrol,&ch,1): each letter sees the state the previous one left.
      for (const byte of chunk) {
        if (this.socket === undefined) return;
        this.onByte(String.fromCharCode(byte));
      }
    });
    socket.on('error', () => {
      // A read error on our own FIFO cannot happen while we hold the write end; nothing to report.
    });
    if (!this.ref) socket.unref();
    this.socket = socket;
  }

  /** Stop reading and close both ends. */
  close(): void {
    this.socket?.destroy();
    this.socket = undefined;
    this.writeFd = closeFd(this.writeFd);
  }
}

/** The ok FIFO: held open for reading while the supervisor lives. */
export class OkHolder {
  private fd = -1;

  constructor(private readonly dir: string) {}

  open(): void {
    const path = okPathOf(this.dir);
    fifoMake(path);
    this.fd = openOrThrow(
      path,
      constants.O_RDONLY | constants.O_NONBLOCK,
      SUPERVISE_ERROR_CODES.ok,
      `unable to read ${this.dir}/supervise/ok`,
      this.dir,
    );
  }

  close(): void {
    this.fd = closeFd(this.fd);
  }
}
