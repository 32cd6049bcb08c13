// One automatically rotated log directory, to the byte as multilog.c (restart, c_write, fullcurrent, finish,
// filesfit, c_quit): lock (flock), current 0644 while written and 0744 when finished, @<tai64n>.s/.u
// archives, at most num-1 of them, state/newstate/previous/processed for a processor.
import {
  chmodSync,
  close,
  closeSync,
  fdatasync,
  constants as C,
  fchmodSync,
  linkSync,
  mkdirSync,
  openSync,
  opendirSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { errnoCode, errnoText, flock } from '@dt/posix';
import { formatLabel, LABEL_LENGTH, type MicroClock, tai64nFromUnixMicros, unixMicrosNow } from '@dt/tai64';
import { LogDirError, LogDirLockedError, sysText } from './errors.js';
import type { StepRunner } from './paced-queue.js';
import { processPreviousSteps } from './processor.js';
import { mustRotateAfter, mustRotateBefore, ROTATE_MARGIN, writeLength } from './rotation.js';
import type { Retrier } from './retry.js';
import { runSync, SyncRunner } from './run-sync.js';
import { fsyncing, retrying, type Steps, warnAndPause } from './steps.js';
import type { LogDirConfig } from './script.js';

const APPEND = C.O_WRONLY | C.O_NONBLOCK | C.O_APPEND | C.O_CREAT; // open_append (0600 for lock, current is fchmod'ed)
const TRUNC = C.O_WRONLY | C.O_NONBLOCK | C.O_TRUNC | C.O_CREAT; // open_trunc, 0644
const WRITE_BEHIND = 2 << 20; // bytes written to current between background fdatasyncs
const AT = 0x40;
const NL = 0x0a;

export interface LogDirOptions {
  /** Resolves config.dir (0.76: the starting directory). */
  cwd?: string;
  retrier: Retrier;
  clock?: MicroClock;
  /** The processor's fd 2. */
  stderrFd?: number | 'inherit';
  /**
   * A processor that cannot be started (a redirect fails): 0.76's child dies with
   * `multilog: fatal: unable to run PROCESSOR: ERR`; this receives `unable to run PROCESSOR: ERR`.
   */
  onProcessorError?: (text: string) => void;
  /** Where writes, rotations and the final close run (default: blocking, as 0.76; see paced-queue.ts). */
  runner?: StepRunner;
}

/** A write's bytes, borrowed from the engine until the write has to wait (then copied: see StepOp.detach). */
interface Units {
  buf: Buffer;
  /** Offset of buf[0] in the positions the write was given. */
  off: number;
  cuts: readonly number[];
}

export class LogDir {
  readonly name: string;
  readonly path: string;
  readonly size: number;
  readonly num: number;
  readonly processor: string | undefined;
  /** Bytes in current (0.76 d->bytes). */
  bytes = 0;
  private unsynced = 0;
  private syncing = false;
  private fdCurrent = -1;
  private fdLock = -1;
  private readonly retrier: Retrier;
  private readonly clock: MicroClock;
  private readonly stderrFd: number | 'inherit';
  private readonly onProcessorError: (text: string) => void;
  private readonly runner: StepRunner;

  constructor(config: LogDirConfig, opts: LogDirOptions) {
    this.name = config.dir;
    this.path = resolve(opts.cwd ?? process.cwd(), config.dir);
    this.size = config.size;
    this.num = config.num;
    this.processor = config.processor;
    this.retrier = opts.retrier;
    this.clock = opts.clock ?? unixMicrosNow;
    this.stderrFd = opts.stderrFd ?? 'inherit';
    this.onProcessorError = opts.onProcessorError ?? ((text) => this.retrier.warn(text));
    this.runner = opts.runner ?? new SyncRunner(this.retrier.pauseMs);
  }

  private p(file: string): string {
    return join(this.path, file);
  }

  /** multilog.c restart(): create, lock, and recover the directory. Throws LogDirError (0.76: fatal, 111). */
  open(): void {
    try {
      mkdirSync(this.path, 0o700);
    } catch {
      // 0.76 ignores mkdir's result; the open below reports what matters
    }
    try {
      closeSync(openSync(this.path, C.O_RDONLY | C.O_NONBLOCK | C.O_DIRECTORY));
    } catch (e) {
      throw new LogDirError(sysText(`unable to open directory ${this.name}`, e), { cause: e });
    }
    let locked: boolean;
    try {
      this.fdLock = openSync(this.p('lock'), APPEND, 0o600);
      locked = flock(this.fdLock, 'exclusive', { wait: false });
    } catch (e) {
      this.release();
      throw new LogDirError(sysText(`unable to lock directory ${this.name}`, e), { cause: e });
    }
    if (!locked) {
      this.release();
      throw new LogDirLockedError(`unable to lock directory ${this.name}: temporary failure`);
    }
    try {
      this.recover();
    } catch (e) {
      this.release();
      throw e;
    }
  }

  private recover(): void {
    let st;
    try {
      st = statSync(this.p('current'));
    } catch (e) {
      if (errnoCode(e) !== 'ENOENT') throw new LogDirError(sysText(`unable to stat ${this.name}/current`, e), { cause: e });
    }
    if (st && st.mode & 0o100) {
      // finished cleanly: append to it
      try {
        this.fdCurrent = openSync(this.p('current'), APPEND, 0o600);
      } catch (e) {
        throw new LogDirError(sysText(`unable to append to ${this.name}/current`, e), { cause: e });
      }
      this.setCurrentMode(0o644);
      this.bytes = st.size;
      return;
    }
    // a crash (or a first start): processor state is lost, remnants become .u archives
    for (const f of ['state', 'newstate']) {
      try {
        unlinkSync(this.p(f));
      } catch {
        // as 0.76: unlink errors ignored
      }
    }
    let processedDone = false;
    try {
      processedDone = (statSync(this.p('processed')).mode & 0o100) !== 0;
    } catch (e) {
      if (errnoCode(e) !== 'ENOENT') throw new LogDirError(sysText(`unable to stat ${this.name}/processed`, e), { cause: e });
    }
    if (processedDone) {
      try {
        unlinkSync(this.p('previous'));
      } catch {
        // ignored as 0.76
      }
      runSync(this.finishSteps('processed', 's'), this.retrier.pauseMs);
    } else {
      try {
        unlinkSync(this.p('processed'));
      } catch {
        // ignored as 0.76
      }
      runSync(this.finishSteps('previous', 'u'), this.retrier.pauseMs);
    }
    runSync(this.finishSteps('current', 'u'), this.retrier.pauseMs);
    try {
      closeSync(openSync(this.p('state'), TRUNC, 0o644));
    } catch (e) {
      throw new LogDirError(sysText(`unable to write to ${this.name}/state`, e), { cause: e });
    }
    try {
      this.fdCurrent = openSync(this.p('current'), APPEND, 0o600);
    } catch (e) {
      throw new LogDirError(sysText(`unable to write to ${this.name}/current`, e), { cause: e });
    }
    this.setCurrentMode(0o644);
    this.bytes = 0;
  }

  private setCurrentMode(mode: number): void {
    try {
      fchmodSync(this.fdCurrent, mode);
    } catch (e) {
      throw new LogDirError(sysText(`unable to set mode of ${this.name}/current`, e), { cause: e });
    }
  }

  /** n more bytes go into current with one write and no rotation among them (nothing is pausing). */
  fitsWithoutRotation(n: number): boolean {
    return this.bytes + n < this.size - ROTATE_MARGIN;
  }

  /**
   * Writes buf[start, end) as the sequence of 0.76 buffer flushes whose ends are `cuts` (ascending, last = end),
   * applying c_write's size rule (cuts[0, cutCount), ascending, the last one end) to each. One write(2) per stretch between rotations.
   */
  writeUnits(buf: Buffer, start: number, cuts: readonly number[], cutCount: number, end: number): void {
    if (end <= start) return;
    if (this.runner.idle && this.bytes + (end - start) < this.size - ROTATE_MARGIN) {
      // the common case, without making steps: no rotation, and one write(2) takes it all
      let n = -1;
      try {
        n = writeSync(this.fdCurrent, buf, start, end - start);
      } catch {
        // the steps below retry it, warning as 0.76 does
      }
      if (n > 0) {
        this.bytes += n;
        this.unsynced += n;
        start += n;
      }
      if (start === end) {
        if (this.unsynced >= WRITE_BEHIND) this.writeBehind();
        return;
      }
    }
    const u: Units = { buf, off: 0, cuts };
    this.runner.run({
      steps: this.writeUnitsSteps(u, start, cutCount, end),
      detach: () => {
        u.buf = Buffer.from(buf.subarray(start, end));
        u.off = start;
        u.cuts = cuts.slice(0, cutCount);
      },
    });
  }

  private *writeUnitsSteps(u: Units, start: number, cutCount: number, end: number): Steps {
    const limit = this.size - ROTATE_MARGIN;
    if (this.bytes + (end - start) < limit) {
      yield* this.writeAllSteps(u, start, end);
      this.bytes += end - start;
      return;
    }
    let pending = start; // start of bytes decided but not yet written
    let pos = start;
    for (let k = 0; k < cutCount; k++) {
      const cut = u.cuts[k]!;
      while (pos < cut) {
        if (mustRotateBefore(this.bytes, this.size)) {
          yield* this.writeAllSteps(u, pending, pos);
          pending = pos;
          yield* this.rotateSteps();
        }
        const len = writeLength(this.bytes, this.size, u.buf, pos - u.off, cut - pos);
        this.bytes += len;
        pos += len;
        if (mustRotateAfter(this.bytes, this.size, u.buf[pos - 1 - u.off]!)) {
          yield* this.writeAllSteps(u, pending, pos);
          pending = pos;
          yield* this.rotateSteps();
        }
      }
    }
    yield* this.writeAllSteps(u, pending, pos);
  }

  /**
   * Write-behind: once WRITE_BEHIND bytes went into current since the last time, an fdatasync runs in the
   * thread pool on a second descriptor of the same file, so the disk writes while we go on logging and the
   * fsync that rotation requires (0.76: before the rename) finds little left to do. Best effort: errors are
   * ignored, the rotation's own fsync is the one that counts (and is retried).
   */
  private writeBehind(): void {
    this.unsynced = 0;
    if (this.syncing) return;
    let fd: number;
    try {
      fd = openSync(`/proc/self/fd/${this.fdCurrent}`, C.O_RDONLY);
    } catch {
      return;
    }
    this.syncing = true;
    fdatasync(fd, () => {
      this.syncing = false;
      close(fd, () => {});
    });
  }

  private *writeAllSteps(u: Units, start: number, end: number): Steps {
    this.unsynced += end - start;
    while (start < end) {
      const w = yield* retrying(this.retrier, `unable to write to ${this.name}/current`, () => {
        const n = writeSync(this.fdCurrent, u.buf, start - u.off, end - start); // u may be detached meanwhile
        if (n <= 0) throw Object.assign(new Error('short write'), { code: 'EIO' });
        return n;
      });
      start += w;
    }
    if (this.unsynced >= WRITE_BEHIND) this.writeBehind();
  }

  /** SIGALRM: rotate now if current holds anything (when the writes before it are done). */
  rotateIfNonEmpty(): void {
    const self = this;
    this.runner.run({
      steps: (function* (): Steps {
        if (self.bytes > 0) yield* self.rotateSteps();
      })(),
    });
  }

  /** multilog.c fullcurrent(). */
  private *rotateSteps(): Steps {
    const r = this.retrier;
    const fd = this.fdCurrent;
    yield* fsyncing(r, `unable to write ${this.name}/current to disk`, fd);
    closeSync(fd);
    this.fdCurrent = -1;
    yield* retrying(r, `unable to rename current to previous in directory ${this.name}`, () =>
      renameSync(this.p('current'), this.p('previous')),
    );
    this.fdCurrent = yield* retrying(r, `unable to create ${this.name}/current`, () => openSync(this.p('current'), APPEND, 0o600));
    this.bytes = 0;
    yield* retrying(r, `unable to set mode of ${this.name}/current`, () => fchmodSync(this.fdCurrent, 0o644));
    yield* retrying(r, `unable to set mode of ${this.name}/previous`, () => chmodSync(this.p('previous'), 0o744));
    if (this.processor === undefined) {
      yield* this.finishSteps('previous', 's');
      return;
    }
    const { path, name, stderrFd, retrier, onProcessorError } = this;
    yield* processPreviousSteps({ path, name, stderrFd, retrier, onProcessorError }, this.processor);
    yield* this.finishSteps('processed', 's');
  }

  /** multilog.c finish(): FILE becomes @<now>.CODE (unless already linked), then old archives go. */
  private *finishSteps(file: string, code: 's' | 'u'): Steps {
    const r = this.retrier;
    let nlink = 0;
    for (;;) {
      try {
        nlink = statSync(this.p(file)).nlink;
        break;
      } catch (e) {
        if (errnoCode(e) === 'ENOENT') return;
        yield* warnAndPause(r, `unable to stat ${this.name}/${file}, pausing: ${errnoText(e)}`);
      }
    }
    if (nlink === 1) {
      for (;;) {
        const archive = `${formatLabel(tai64nFromUnixMicros(this.clock()))}.${code}`;
        try {
          linkSync(this.p(file), this.p(archive));
          break;
        } catch (e) {
          yield* warnAndPause(r, `unable to link to ${this.name}/${archive}, pausing: ${errnoText(e)}`);
        }
      }
    }
    yield* retrying(r, `unable to remove ${this.name}/${file}`, () => unlinkSync(this.p(file)));
    for (;;) {
      try {
        if (this.filesFit()) return;
      } catch (e) {
        yield* warnAndPause(r, `unable to read ${this.name}, pausing: ${errnoText(e)}`);
      }
    }
  }

  /**
   * multilog.c filesfit(): counts names starting '@' of length >= 25; when there are num or more, removes
   * the first (in directory order) whose name starts with the smallest 25-byte prefix below "@z".
   * Returns true when the archives fit.
   */
  private filesFit(): boolean {
    let smallest = Buffer.from('@z', 'latin1');
    let count = 0;
    const each = (fn: (name: Buffer) => boolean): void => {
      const d = opendirSync(this.path, { encoding: 'buffer' as BufferEncoding });
      try {
        for (let e = d.readSync(); e !== null; e = d.readSync()) {
          if (fn(e.name as unknown as Buffer)) break;
        }
      } finally {
        d.closeSync();
      }
    };
    each((name) => {
      if (name[0] === AT && name.length >= LABEL_LENGTH) {
        count++;
        if (Buffer.compare(name, smallest) < 0) smallest = Buffer.from(name.subarray(0, LABEL_LENGTH));
      }
      return false;
    });
    if (count < this.num) return true;
    each((name) => {
      if (name[0] === AT && name.length >= LABEL_LENGTH && name.subarray(0, smallest.length).equals(smallest)) {
        try {
          unlinkSync(Buffer.concat([Buffer.from(this.path + '/'), name]));
        } catch {
          // 0.76 ignores this unlink's result
        }
        return true;
      }
      return false;
    });
    return false;
  }

  /** multilog.c c_quit() for this directory: fsync, mode 0744 (finished cleanly), then release the lock. */
  close(): void {
    this.runner.run({ steps: this.closeSteps() });
  }

  private *closeSteps(): Steps {
    if (this.fdCurrent >= 0) {
      const fd = this.fdCurrent;
      yield* fsyncing(this.retrier, `unable to write ${this.name}/current to disk`, fd);
      yield* retrying(this.retrier, `unable to set mode of ${this.name}/current`, () => fchmodSync(fd, 0o744));
    }
    this.release();
  }

  /** Closes the descriptors without finishing current (it stays 0644: a restart makes it a .u archive). */
  release(): void {
    if (this.fdCurrent >= 0) closeSync(this.fdCurrent);
    if (this.fdLock >= 0) closeSync(this.fdLock);
    this.fdCurrent = -1;
    this.fdLock = -1;
  }
}
