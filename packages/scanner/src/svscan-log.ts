// The seed's svscan logging patch (spec §3.3): when SCANDIR/.svscan/log exists, svscan supervises that
// logger and sends its own output through a pipe into it. In-process, the scanner's diagnostics go into
// the pipe through a second, non-blocking open file description of its write end (so a dead logger can
// never block the event loop that restarts it), while the blocking write end is what the supervised
// programs get as stderr (they must see blocking stdio), exactly as the patched svscan's fd 2.
import { constants, openSync } from 'node:fs';
import { Socket } from 'node:net';
import { LogPipe } from './log-pipe.js';
import type { ManagedSupervisor } from './scan-entry.js';

/** The directory, relative to the scan directory, whose logger takes svscan's own output. */
export const SVSCAN_LOG_DIR = '.svscan/log';

export class SvscanLog {
  readonly pipe = new LogPipe();
  logger: ManagedSupervisor | undefined;
  private readonly writer: Socket;
  private ended = false;

  constructor() {
    // /proc/self/fd/N of a pipe opens a NEW open file description of the same pipe, so O_NONBLOCK set
    // here does not leak into the children holding the blocking one. Node adds O_CLOEXEC.
    const fd = openSync(`/proc/self/fd/${this.pipe.writeFd}`, constants.O_WRONLY | constants.O_NONBLOCK);
    this.writer = new Socket({ fd, readable: false, writable: true });
    this.writer.unref();
    // The scanner holds the read end, so EPIPE cannot happen; anything else is not worth dying for.
    this.writer.on('error', () => {});
  }

  /** Queue bytes for the logger; never blocks (libuv writes as the pipe drains). */
  write(text: string): void {
    if (!this.ended) this.writer.write(text);
  }

  /** Flush what is queued, then close the scanner's write ends (the logger sees EOF once others close too). */
  async end(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    this.writer.ref();
    await new Promise<void>((resolve) => this.writer.end(() => resolve()));
    this.writer.destroy();
    this.pipe.closeWrite();
  }

  close(): void {
    this.ended = true;
    this.writer.destroy();
    this.pipe.close();
  }
}
