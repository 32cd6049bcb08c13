// One multilog run inside the log host (decision 0005): the @dt/multilog engine fed from the service's pipe,
// each signal doing what it does to a real multilog (ALRM rotates, TERM ends the line and stops, STOP/CONT
// stop and resume reading, the deadly ones stop it where it is), and the line in progress mirrored to the
// carry slot after every read so a host killed mid-line loses nothing. Never throws at its caller: every
// failure is this logger's exit, as the process it replaces would have died alone.
import { closeSync, constants as C, openSync, readSync, statSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Socket } from 'node:net';
import { errnoCode, writeAllSync } from '@dt/posix';
import { type Logger, MultilogError, openLogger, parseScript, LINE_LIMIT } from '@dt/multilog';
import { STAMP_LENGTH } from '@dt/tai64';
import {
  CARRY_COMMITTED_OFFSET as COMMITTED,
  CARRY_DATA,
  CARRY_FD,
  CARRY_MARK_DIRS,
  CARRY_MARK_OFFSET,
  CARRY_MAX,
  CARRY_NEXT_OFFSET as NEXT,
  CARRY_PENDING_OFFSET,
  CARRY_SLOT_SIZE,
} from './log-host-protocol.js';

const NL = 0x0a;
const EAGAIN_POLL_MS = 10;
/** Signals whose default action ends multilog where it stands (0.76 handles only TERM and ALRM). */
const DEADLY = new Set(['SIGKILL', 'SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGUSR1', 'SIGUSR2', 'SIGPIPE', 'SIGABRT', 'SIGSEGV']);

export interface HostedLoggerOptions {
  input: string;
  /** An fd of the host's (opened for this logger's stderr), or -1 for none. */
  stderrFd: number;
  cwd: string;
  args: string[];
  slot: number;
  onExit(code: number | null, signal: string | null): void;
  /** The carry file's fd (default CARRY_FD); -1: no carry. */
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

function isAgain(e: unknown): boolean {
  const code = errnoCode(e);
  return code === 'EAGAIN' || code === 'EWOULDBLOCK';
}

export class HostedLogger {
  private logger: Logger | undefined;
  private fd = -1;
  private socket: Socket | undefined;
  private done = false;
  private exiting = false;
  private stopped = false;
  /** finish() is waiting for this logger's pausing directories before it reports the exit. */
  private closing = false;
  private readonly carryFd: number;
  private readonly carryPos: number;
  /** This logger's carry slot as it is in the file (log-host-protocol.ts). */
  private readonly slot = Buffer.alloc(CARRY_SLOT_SIZE);
  private committedLen = 0;
  private committedTail = false;
  private nextLen = 0;
  private nextTail = false;
  private pending = false;
  private readonly dirPaths: string[];
  private room = LINE_LIMIT;
  private readonly one = Buffer.allocUnsafe(1);

  constructor(private readonly opts: HostedLoggerOptions) {
    this.carryFd = opts.carryFd ?? CARRY_FD;
    this.carryPos = opts.slot * CARRY_SLOT_SIZE;
    this.dirPaths = parseScript(opts.args)
      .dirs.slice(0, CARRY_MARK_DIRS)
      .map((d) => resolve(opts.cwd, d.dir));
  }

  /** Open the directories (0.76 order), take back the carried bytes, then read. */
  start(): void {
    // decided before the directories are opened: opening archives a current left unfinished
    const carried = this.readCarryQuietly();
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
      this.restoreCarry(carried);
      this.fd = openSync(this.opts.input, C.O_RDONLY | C.O_NONBLOCK);
    } catch (e) {
      return this.fatal(`unable to read input: ${e instanceof Error ? e.message : String(e)}`);
    }
    const logger = this.logger;
    const buffer = logger.inputBuffer;
    this.socket = new Socket({
      fd: this.fd,
      readable: true,
      writable: false,
      onread: {
        buffer,
        callback: (n: number): boolean => {
          if (this.done) return false;
          try {
            this.noteInput(buffer, n);
            logger.pushInput(n);
            if (logger.busy) return this.holdWhileBusy();
            this.saveCarry();
          } catch (e) {
            this.crash(e);
            return false;
          }
          if (this.exiting) {
            this.socket!.pause();
            this.drainLine();
            return false;
          }
          return true;
        },
      },
    } as ConstructorParameters<typeof Socket>[0]);
    this.socket.on('end', () => this.finish(0, null));
    this.socket.on('error', () => this.finish(0, null)); // a read error ends input, as in 0.76
  }

  private readCarryQuietly(): Buffer | undefined {
    try {
      return this.readCarry();
    } catch {
      return undefined;
    }
  }

  /** kill(pid, signal) on a multilog, for this logger only. */
  signal(signal: string): void {
    if (this.done) return;
    try {
      if (signal === 'SIGALRM') this.logger?.rotate();
      else if (signal === 'SIGTERM') this.term();
      else if (signal === 'SIGSTOP' || signal === 'SIGTSTP') {
        this.stopped = true;
        this.socket?.pause();
      } else if (signal === 'SIGCONT') {
        if (!this.stopped) return;
        this.stopped = false;
        if (this.exiting) this.drainLine(); // a TERM that came while stopped takes effect now
        else if (!this.logger?.busy) this.socket?.resume(); // busy: holdWhileBusy resumes it
      } else if (DEADLY.has(signal)) this.kill(signal);
    } catch (e) {
      this.crash(e);
    }
  }

  /** multilog.c SIGTERM: finish the line in progress (reading it byte by byte), then stop cleanly. */
  term(): void {
    if (this.done || this.exiting) return;
    this.exiting = true;
    this.socket?.pause();
    if (this.stopped) return; // a stopped process handles TERM once continued: CONT finishes it
    this.drainLine();
  }

  private drainLine = (): void => {
    if (this.done || this.stopped) return; // stopped: CONT goes on with it
    const logger = this.logger!;
    if (logger.busy) return logger.whenIdle(this.drainLine);
    try {
      while (!logger.atLineStart) {
        let n: number;
        try {
          n = readSync(this.fd, this.one, 0, 1, null);
        } catch (e) {
          if (isAgain(e)) {
            setTimeout(this.drainLine, EAGAIN_POLL_MS);
            return;
          }
          n = 0;
        }
        if (n === 0) break;
        this.noteInput(this.one, 1);
        logger.write(this.one);
        if (logger.busy) {
          logger.whenIdle(() => {
            this.saveCarry();
            this.drainLine();
          });
          return;
        }
        this.saveCarry();
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
        this.clearCarry();
      } catch {
        // the lines are written; a carry slot that cannot be cleared is pushed again by a later run
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

  /**
   * A directory of this logger is pausing (disk full, ...) or running its processor: read nothing more
   * (the pipe fills and the service blocks, as behind a pausing multilog) until that work is done; the
   * read just taken counts as written (carry) only then. The other hosted loggers go on meanwhile.
   */
  private holdWhileBusy(): false {
    this.socket!.pause();
    this.logger!.whenIdle(() => {
      if (this.done) return;
      this.saveCarry();
      if (this.exiting) this.drainLine();
      else if (!this.stopped) this.socket?.resume();
    });
    return false;
  }

  private fatal(text: string): void {
    this.done = true;
    this.closeInput();
    this.logger?.abandon();
    writeFully(this.opts.stderrFd, `multilog: fatal: ${text}\n`);
    this.opts.onExit(111, null);
  }

  /** Anything unexpected: this logger dies alone (as its process would), keeping its carried line. */
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
    if (this.socket) {
      this.socket.pause();
      this.socket.destroy(); // closes this.fd (our own description: the scanner's stays open)
      this.socket = undefined;
      this.fd = -1;
    } else if (this.fd >= 0) {
      closeSync(this.fd);
      this.fd = -1;
    }
  }

  // --- the carry slot (log-host-protocol.ts) ----------------------------------------------------

  /** (inode, size) of each directory's current into the slot's mark (first CARRY_MARK_DIRS directories). */
  private writeMark(into: Buffer, at: number): void {
    for (let i = 0; i < CARRY_MARK_DIRS; i++) {
      const p = this.dirPaths[i];
      const st = p === undefined ? undefined : statSync(join(p, 'current'), { throwIfNoEntry: false });
      into.writeDoubleLE(st ? st.ino : -1, at + i * 16);
      into.writeDoubleLE(st ? st.size : -1, at + i * 16 + 8);
    }
  }

  /** The line in progress after buf[0, n), into the slot's next carry, before the engine takes it. */
  private noteInput(buf: Buffer, n: number): void {
    const slot = this.slot;
    const last = n > 0 ? buf.subarray(0, n).lastIndexOf(NL) : -1;
    let len = 0;
    let tail = false;
    let from = last + 1;
    if (last < 0) {
      len = this.committedLen;
      tail = this.committedTail;
      from = 0;
      if (len > 0) slot.copy(slot, NEXT + CARRY_DATA, COMMITTED + CARRY_DATA, COMMITTED + CARRY_DATA + len);
    }
    if (!tail) {
      if (len + (n - from) >= this.room) {
        tail = true; // the head is written: the rest of the line streams straight through
        len = 0;
      } else {
        buf.copy(slot, NEXT + CARRY_DATA + len, from, n);
        len += n - from;
      }
    }
    this.nextLen = len;
    this.nextTail = tail;
    this.pending = this.carryFd >= 0 && (len > 0 || this.committedLen > 0);
    if (this.pending) {
      slot[CARRY_PENDING_OFFSET] = 1;
      this.writeMark(slot, CARRY_MARK_OFFSET);
      slot.writeUInt32LE(len, NEXT);
      slot[NEXT + 4] = tail ? 1 : 0;
      writeSync(this.carryFd, slot, 0, NEXT + CARRY_DATA + len, this.carryPos);
    }
  }

  /** The engine has written what it read: next becomes committed. */
  private saveCarry(): void {
    const slot = this.slot;
    const len = this.nextLen;
    if (len > 0) slot.copy(slot, COMMITTED + CARRY_DATA, NEXT + CARRY_DATA, NEXT + CARRY_DATA + len);
    this.committedLen = len;
    this.committedTail = this.nextTail;
    if (!this.pending) return;
    this.pending = false;
    this.writeCommitted();
  }

  private writeCommitted(): void {
    if (this.carryFd < 0) return;
    const slot = this.slot;
    slot[CARRY_PENDING_OFFSET] = 0;
    slot.writeUInt32LE(this.committedLen, COMMITTED);
    slot[COMMITTED + 4] = this.committedTail ? 1 : 0;
    writeSync(this.carryFd, slot, 0, COMMITTED + CARRY_DATA + this.committedLen, this.carryPos);
  }

  /** Nothing carried any more (the logger finished its last line). */
  private clearCarry(): void {
    this.committedLen = 0;
    this.committedTail = false;
    this.writeCommitted();
  }

  /**
   * The line a previous run of this logger had read but not written, decided before the directories are
   * opened (opening archives current): with `pending` set, next if a current changed since the mark.
   */
  private readCarry(): Buffer | undefined {
    if (this.carryFd < 0) return undefined;
    const slot = Buffer.alloc(CARRY_SLOT_SIZE);
    if (readSync(this.carryFd, slot, 0, CARRY_SLOT_SIZE, this.carryPos) < NEXT + CARRY_DATA) return undefined;
    let at = COMMITTED;
    if (slot[CARRY_PENDING_OFFSET] === 1) {
      const now = Buffer.alloc(CARRY_MARK_DIRS * 16);
      this.writeMark(now, 0);
      const written = !now.equals(slot.subarray(CARRY_MARK_OFFSET, CARRY_MARK_OFFSET + CARRY_MARK_DIRS * 16));
      if (written) at = NEXT;
    }
    const len = Math.min(slot.readUInt32LE(at), CARRY_MAX);
    return len > 0 && slot[at + 4] === 0 ? Buffer.from(slot.subarray(at + CARRY_DATA, at + CARRY_DATA + len)) : undefined;
  }

  /** Push the carried line into the engine first; the slot then says so. */
  private restoreCarry(carried: Buffer | undefined): void {
    if (carried !== undefined) {
      this.noteInput(carried, carried.length);
      this.logger!.write(carried);
      this.saveCarry();
    }
    this.writeCommitted();
  }
}
