// `=file` (multilog.c f_init and doit): created at start-up with open_append (0600 & ~umask), then opened
// O_WRONLY; every selected line rewrites its first 1001 bytes. No fsync, as 0.76.
import { closeSync, constants as C, openSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import { StatusFileError, sysText } from './errors.js';
import type { StepRunner } from './paced-queue.js';
import type { Retrier } from './retry.js';
import { SyncRunner } from './run-sync.js';
import { retrying, type Steps } from './steps.js';

export class StatusFile {
  private fd = -1;
  readonly path: string;

  constructor(
    readonly name: string,
    cwd: string,
    private readonly retrier: Retrier,
    private readonly runner: StepRunner = new SyncRunner(retrier.pauseMs),
  ) {
    this.path = resolve(cwd, name);
  }

  /** f_init: throws StatusFileError (0.76: fatal, 111). */
  open(): void {
    try {
      closeSync(openSync(this.path, C.O_WRONLY | C.O_NONBLOCK | C.O_APPEND | C.O_CREAT, 0o600));
    } catch (e) {
      throw new StatusFileError(sysText(`unable to create ${this.name}`, e), { cause: e });
    }
    try {
      this.fd = openSync(this.path, C.O_WRONLY | C.O_NONBLOCK);
    } catch (e) {
      throw new StatusFileError(sysText(`unable to write ${this.name}`, e), { cause: e });
    }
  }

  /** Writes exactly `buf` (1001 bytes) at offset 0, retrying every 5 s until it all goes in one write. */
  write(buf: Buffer): void {
    if (this.runner.idle) {
      try {
        if (writeSync(this.fd, buf, 0, buf.length, 0) === buf.length) return;
      } catch {
        // the steps retry it, warning as 0.76 does
      }
    }
    const data = { buf };
    this.runner.run({ steps: this.writeSteps(data), detach: () => (data.buf = Buffer.from(buf)) });
  }

  private *writeSteps(data: { buf: Buffer }): Steps {
    yield* retrying(this.retrier, `unable to write ${this.name}`, () => {
      if (writeSync(this.fd, data.buf, 0, data.buf.length, 0) !== data.buf.length)
        throw Object.assign(new Error('short write'), { code: 'EIO' });
    });
  }

  close(): void {
    if (this.fd >= 0) closeSync(this.fd);
    this.fd = -1;
  }
}
