// One multilog run inside the log host (decision 0005): the @dt/multilog engine fed from the service's pipe,
// each signal doing what it does to a real multilog (ALRM rotates, TERM ends the line and stops, STOP/CONT
// stop and resume reading, the deadly ones stop it where it is). The pipe is never read(2): its bytes are
// spliced into the logger's journal, then handed to the engine, then recorded as done with the line in
// progress carried (log-host-protocol.ts), so a host killed at any instant loses no byte and splices no line.
// Never throws at its caller: every failure is this logger's exit, as the process it replaces would have
// died alone.
import { closeSync, constants as C, fstatSync, ftruncateSync, openSync, readSync, readdirSync, statSync, truncateSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { errnoCode, flock, spliceToFile, writeAllSync } from '@dt/posix';
import { type Logger, MultilogError, openLogger, parseScript, LINE_LIMIT } from '@dt/multilog';
import { STAMP_LENGTH } from '@dt/tai64';
import {
  CARRY_DATA,
  CARRY_FD,
  CARRY_MARK_DIRS,
  CARRY_MAX,
  CARRY_SLOT_SIZE,
  JOURNAL_RESET_AT,
  SLOT_CARRY_OFFSET,
  SLOT_DONE_OFFSET,
  SLOT_MARKED_OFFSET,
  SLOT_MARK_OFFSET,
} from './log-host-protocol.js';
import type { Readiness } from './ready-set.js';

const NL = 0x0a;
const EAGAIN_POLL_MS = 10;
/** The journal is emptied (its pages freed) once it holds this much done input, or when the pipe runs dry. */
const JOURNAL_TRIM = 1 << 20;
/** Chunks one logger takes per readiness wake before the next logger's turn. */
const CHUNKS_PER_WAKE = 4;
/** Signals whose default action ends multilog where it stands (0.76 handles only TERM and ALRM). */
const DEADLY = new Set(['SIGKILL', 'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGPIPE', 'SIGABRT', 'SIGSEGV']);
const CARRY_END = SLOT_CARRY_OFFSET + CARRY_DATA;

export interface HostedLoggerOptions {
  input: string;
  /** The journal (a file the scanner keeps): where the pipe's bytes go before the engine sees them. */
  journal: string;
  /** An fd of the host's (opened for this logger's stderr), or -1 for none. */
  stderrFd: number;
  cwd: string;
  args: string[];
  slot: number;
  /** The host's readiness loop. */
  ready: Readiness;
  onExit(code: number | null, signal: string | null): void;
  /** The carry file's fd (default CARRY_FD). */
  carryFd?: number;
}

function writeFully(fd: number, text: string): void {
  if (fd < 0) return;
  try {
    writeAllSync(fd, text);
  } catch {
    // 0.76 ignores errors on stderr
  }
}

interface Mark {
  ino: number;
  size: number;
}

export class HostedLogger {
  private logger: Logger | undefined;
  private fd = -1;
  private journalFd = -1;
  private watched = false;
  private done = false;
  private exiting = false;
  private stopped = false;
  /** finish() is waiting for this logger's pausing directories before it reports the exit. */
  private closing = false;
  private readonly carryFd: number;
  private readonly carryPos: number;
  /** This logger's record (log-host-protocol.ts), as last written. */
  private readonly slot = Buffer.alloc(CARRY_SLOT_SIZE);
  /** Journal offset handed to the engine with its output written. */
  private doneAt = 0;
  /** doneAt when the journal was last emptied. */
  private trimmedAt = 0;
  private carryLen = 0;
  private carryTail = false;
  private readonly dirPaths: string[];
  private room = LINE_LIMIT;

  constructor(private readonly opts: HostedLoggerOptions) {
    this.carryFd = opts.carryFd ?? CARRY_FD;
    this.carryPos = opts.slot * CARRY_SLOT_SIZE;
    this.dirPaths = parseScript(opts.args)
      .dirs.slice(0, CARRY_MARK_DIRS)
      .map((d) => resolve(opts.cwd, d.dir));
  }

  /** Take back what a killed run left (cut back, then carried and journaled input), then read. */
  start(): void {
    let pending = 0;
    try {
      this.journalFd = openSync(this.opts.journal, C.O_RDWR);
      pending = this.readRecord(fstatSync(this.journalFd).size);
      // before the directories are opened: opening archives current
      if (pending > 0 || this.carryLen > 0) this.cutBack();
    } catch (e) {
      return this.fatal(`unable to read input: ${e instanceof Error ? e.message : String(e)}`);
    }
    try {
      this.logger = openLogger({
        script: this.opts.args,
        cwd: this.opts.cwd,
        alertFd: this.opts.stderrFd < 0 ? 2 : this.opts.stderrFd,
        onWarning: (text) => writeFully(this.opts.stderrFd, `multilog: warning: ${text}\n`),
        onProcessorError: (text) => writeFully(this.opts.stderrFd, `multilog: fatal: ${text}\n`),
        // a pause or a processor stalls this logger only (decision 0014)
        nonBlocking: true,
        onAsyncError: (e) => this.crash(e),
      });
    } catch (e) {
      if (e instanceof MultilogError) return this.fatal(e.message);
      return this.fatal(e instanceof Error ? e.message : String(e));
    }
    this.room = LINE_LIMIT - (this.logger.script.timestamp ? STAMP_LENGTH : 0);
    try {
      // the carried head first (no output: it holds no newline), then what the journal still holds
      if (this.carryLen > 0) this.logger.write(this.slot.subarray(CARRY_END, CARRY_END + this.carryLen));
    } catch (e) {
      return this.crash(e);
    }
    this.replay(pending);
  }

  /** The journal's pending bytes through the engine (waiting out a pausing directory), then the pipe. */
  private replay(pending: number): void {
    if (this.done) return;
    const logger = this.logger!;
    try {
      while (pending > 0) {
        const n = readSync(this.journalFd, logger.inputBuffer, 0, Math.min(pending, logger.inputBuffer.length), this.doneAt);
        if (n <= 0) break;
        pending -= n;
        if (!this.take(n)) {
          logger.whenIdle(() => {
            if (this.done) return;
            this.record();
            this.replay(pending);
          });
          return;
        }
      }
      // a record (with marks) before the first splice, so that a kill in the first chunk is taken back too
      this.record();
      this.settle();
      this.fd = openSync(this.opts.input, C.O_RDONLY | C.O_NONBLOCK);
    } catch (e) {
      return this.crash(e);
    }
    if (this.exiting) this.drainLine();
    else if (!this.stopped) this.watch();
  }

  /** kill(pid, signal) on a multilog, for this logger only. */
  signal(signal: string): void {
    if (this.done) return;
    try {
      if (signal === 'SIGALRM') {
        this.logger?.rotate();
        this.record();
      } else if (signal === 'SIGTERM') this.term();
      else if (signal === 'SIGSTOP' || signal === 'SIGTSTP') {
        this.stopped = true;
        this.unwatch();
      } else if (signal === 'SIGCONT') {
        if (!this.stopped) return;
        this.stopped = false;
        if (this.exiting) this.drainLine(); // a TERM that came while stopped takes effect now
        else if (!this.logger?.busy) this.watch(); // busy: holdWhileBusy watches again
      } else if (DEADLY.has(signal)) this.kill(signal);
    } catch (e) {
      this.crash(e);
    }
  }

  /** multilog.c SIGTERM: finish the line in progress (taking it byte by byte), then stop cleanly. */
  term(): void {
    if (this.done || this.exiting) return;
    this.exiting = true;
    this.unwatch();
    if (this.stopped) return; // a stopped process handles TERM once continued: CONT finishes it
    this.drainLine();
  }

  private watch(): void {
    if (this.done || this.watched || this.fd < 0) return;
    this.watched = true;
    this.opts.ready.watch(this.fd, this.onReady);
  }

  private unwatch(): void {
    if (!this.watched) return;
    this.watched = false;
    this.opts.ready.unwatch(this.fd);
  }

  /** The pipe has input: one chunk into the journal, through the engine, recorded (the loop is fair). */
  private readonly onReady = (): void => {
    try {
      // a few chunks per wake (a wake costs a pool-thread round trip), then the other loggers' turn
      for (let i = 0; i < CHUNKS_PER_WAKE; i++) {
        if (this.done || this.stopped || this.exiting) return;
        const n = this.pull(this.logger!.inputBuffer.length);
        if (n === 0) return this.finish(0, null);
        if (n < 0) return this.settle();
        if (this.logger!.busy) return this.holdWhileBusy();
        if (this.doneAt - this.trimmedAt >= JOURNAL_TRIM) this.settle();
      }
    } catch (e) {
      this.crash(e);
    }
  };

  /**
   * A directory of this logger is pausing (disk full, ...) or running its processor: take nothing more
   * (the pipe fills and the service blocks, as behind a pausing multilog) until that work is done; the
   * chunk just taken is recorded done only then. The other hosted loggers go on meanwhile (decision 0014).
   */
  private holdWhileBusy(): void {
    this.unwatch();
    this.logger!.whenIdle(() => {
      if (this.done) return;
      try {
        this.record();
        this.settle();
      } catch (e) {
        return this.crash(e);
      }
      if (this.exiting) this.drainLine();
      else if (!this.stopped) this.watch();
    });
  }

  /**
   * splice up to max bytes of the pipe into the journal at doneAt, then hand them to the engine (and, unless
   * the logger is busy writing them, record them done). Returns the bytes taken, 0 at end of input, -1 when
   * the pipe is empty now.
   */
  private pull(max: number): number {
    const n = spliceToFile(this.fd, this.journalFd, this.doneAt, max);
    if (n <= 0) return n;
    const input = this.logger!.inputBuffer;
    const got = readSync(this.journalFd, input, 0, n, this.doneAt);
    if (got !== n) throw Object.assign(new Error('short read of the journal'), { code: 'EIO' });
    this.take(n);
    return n;
  }

  /**
   * inputBuffer[0, n) (journal bytes at doneAt) through the engine, then the record that says so. False when
   * the logger is busy with that output: the caller records once it is idle.
   */
  private take(n: number): boolean {
    const input = this.logger!.inputBuffer;
    this.nextCarry(input, n);
    this.logger!.pushInput(n);
    this.doneAt += n;
    if (this.logger!.busy) return false;
    this.record();
    return true;
  }

  /**
   * Everything in the journal is done: empty it (the next splice goes at doneAt, past a hole). Done input
   * left in it is harmless (a new run replays from the record's doneAt): emptying only frees its pages, so
   * a flood empties it once per JOURNAL_TRIM, not once per chunk.
   */
  private settle(): void {
    ftruncateSync(this.journalFd, 0);
    if (this.doneAt >= JOURNAL_RESET_AT) {
      this.doneAt = 0;
      this.record();
    }
    this.trimmedAt = this.doneAt;
  }

  /** The line in progress after input[0, n), into the slot's carry (written by the next record). */
  private nextCarry(input: Buffer, n: number): void {
    const last = n > 0 ? input.subarray(0, n).lastIndexOf(NL) : -1;
    let len = this.carryLen;
    let tail = this.carryTail;
    let from = 0;
    if (last >= 0) {
      len = 0;
      tail = false;
      from = last + 1;
    }
    if (!tail) {
      if (len + (n - from) >= this.room) {
        tail = true; // the head is written: the rest of the line streams straight through
        len = 0;
      } else {
        input.copy(this.slot, CARRY_END + len, from, n);
        len += n - from;
      }
    }
    this.carryLen = len;
    this.carryTail = tail;
  }

  private drainLine = (): void => {
    if (this.done || this.stopped) return; // stopped: CONT goes on with it
    const logger = this.logger!;
    if (logger.busy) return logger.whenIdle(this.drainLine);
    try {
      while (!logger.atLineStart) {
        const n = this.pull(1);
        if (n < 0) {
          setTimeout(this.drainLine, EAGAIN_POLL_MS);
          return;
        }
        if (n > 0 && logger.busy) {
          logger.whenIdle(() => {
            if (this.done) return;
            this.record();
            this.settle();
            this.drainLine();
          });
          return;
        }
        this.settle();
        if (n === 0) break;
      }
      this.finish(0, null);
    } catch (e) {
      this.crash(e);
    }
  };

  /** A deadly signal: gone where it stands, current left unfinished (the next start archives it as .u). */
  private kill(signal: string): void {
    if (this.done && !this.closing) return;
    this.done = true;
    this.closing = false; // a finish waiting for a pause: gone all the same, as a pausing multilog
    this.closeInput();
    this.logger?.abandon();
    this.opts.onExit(null, signal);
  }

  /** End of input or the end of TERM: last partial line finished, fsync, current 0744, locks released. */
  private finish(code: number, signal: string | null): void {
    if (this.done) return;
    this.done = true;
    this.closeInput();
    try {
      this.logger?.close();
    } catch (e) {
      writeFully(this.opts.stderrFd, `multilog: fatal: ${e instanceof Error ? e.message : String(e)}\n`);
      this.opts.onExit(111, null);
      return;
    }
    const exit = (): void => {
      try {
        this.carryLen = 0;
        this.carryTail = false;
        this.record();
      } catch {
        // the lines are written; a record that cannot be written is replayed (and cut back) by a later run
      }
      this.opts.onExit(code, signal);
    };
    if (!this.logger?.busy) return exit();
    this.closing = true;
    this.logger.whenIdle(() => {
      if (!this.closing) return;
      this.closing = false;
      exit();
    });
  }

  private fatal(text: string): void {
    this.done = true;
    this.closeInput();
    this.logger?.abandon();
    writeFully(this.opts.stderrFd, `multilog: fatal: ${text}\n`);
    this.opts.onExit(111, null);
  }

  /** Anything unexpected: this logger dies alone (as its process would), its record kept for the next run. */
  private crash(e: unknown): void {
    if (this.done && !this.closing) return;
    this.done = true;
    this.closing = false;
    this.closeInput();
    this.logger?.abandon();
    writeFully(this.opts.stderrFd, `multilog: fatal: ${e instanceof Error ? e.message : String(e)}\n`);
    this.opts.onExit(111, null);
  }

  private closeInput(): void {
    this.unwatch();
    if (this.fd >= 0) closeSync(this.fd); // our own description: the scanner's stays open
    this.fd = -1;
    if (this.journalFd >= 0) closeSync(this.journalFd);
    this.journalFd = -1;
  }

  // --- the record (log-host-protocol.ts) ---------------------------------------------------------

  private current(i: number): Mark | undefined {
    const p = this.dirPaths[i];
    const st = p === undefined ? undefined : statSync(join(p, 'current'), { throwIfNoEntry: false });
    return st ? { ino: st.ino, size: st.size } : undefined;
  }

  /** One pwrite of the slot: done, the marks of every current now, the carry. */
  private record(): void {
    const slot = this.slot;
    slot.writeDoubleLE(this.doneAt, SLOT_DONE_OFFSET);
    slot[SLOT_MARKED_OFFSET] = 1;
    for (let i = 0; i < CARRY_MARK_DIRS; i++) {
      const m = this.current(i);
      slot.writeDoubleLE(m ? m.ino : -1, SLOT_MARK_OFFSET + i * 16);
      slot.writeDoubleLE(m ? m.size : -1, SLOT_MARK_OFFSET + i * 16 + 8);
    }
    slot.writeUInt32LE(this.carryLen, SLOT_CARRY_OFFSET);
    slot[SLOT_CARRY_OFFSET + 4] = this.carryTail ? 1 : 0;
    writeSync(this.carryFd, slot, 0, CARRY_END + this.carryLen, this.carryPos);
  }

  /**
   * The record a previous run left, if any (into this.slot, doneAt and the carry); returns the journal
   * bytes past doneAt (0 when the journal was emptied after its last record).
   */
  private readRecord(journalSize: number): number {
    const slot = this.slot;
    const n = readSync(this.carryFd, slot, 0, CARRY_SLOT_SIZE, this.carryPos);
    if (n < CARRY_END) {
      // never recorded: whatever the journal holds is input no engine has seen
      slot.fill(0);
      this.doneAt = 0;
      return journalSize;
    }
    this.doneAt = slot.readDoubleLE(SLOT_DONE_OFFSET);
    const len = Math.min(slot.readUInt32LE(SLOT_CARRY_OFFSET), CARRY_MAX);
    this.carryTail = slot[SLOT_CARRY_OFFSET + 4] === 1;
    this.carryLen = this.carryTail ? 0 : len;
    if (this.carryTail) this.carryTail = false; // a line past its head goes on as a new line
    return journalSize > this.doneAt ? journalSize - this.doneAt : 0;
  }

  /**
   * Output of input that was not yet recorded done is taken back out of the directories: each current
   * (or, after a rotation, the file that was current, wherever it now is) is cut back to its marked size;
   * a current made since the marks is emptied. Only with the directory's lock free (held: someone logs
   * there now, and it is not touched).
   */
  private cutBack(): void {
    if (this.slot[SLOT_MARKED_OFFSET] !== 1) return;
    for (let i = 0; i < this.dirPaths.length; i++) {
      const dir = this.dirPaths[i]!;
      const ino = this.slot.readDoubleLE(SLOT_MARK_OFFSET + i * 16);
      const size = this.slot.readDoubleLE(SLOT_MARK_OFFSET + i * 16 + 8);
      let lockFd: number;
      try {
        lockFd = openSync(join(dir, 'lock'), C.O_WRONLY | C.O_APPEND);
      } catch {
        continue; // a new directory: nothing to take back
      }
      try {
        if (!flock(lockFd, 'exclusive', { wait: false })) continue;
        const now = this.current(i);
        if (now !== undefined && now.ino !== ino) truncateSync(join(dir, 'current'), 0);
        if (ino < 0) continue;
        if (now?.ino === ino) {
          if (now.size > size) truncateSync(join(dir, 'current'), size);
          continue;
        }
        // rotated since: the marked file is previous or an archive now
        for (const name of ['previous', ...readdirSync(dir).filter((n) => n.startsWith('@'))]) {
          const st = statSync(join(dir, name), { throwIfNoEntry: false });
          if (st?.ino !== ino) continue;
          if (st.size > size) truncateSync(join(dir, name), size);
          break;
        }
      } catch (e) {
        if (errnoCode(e) !== 'ENOENT') throw e;
      } finally {
        closeSync(lockFd);
      }
    }
  }
}
