// The library face of multilog: a Node program logs into multilog directories without a child process.
// Same script language (or typed options), same files, same rotation and processors, same lock, so a real
// multilog and this logger exclude each other and either can take over a directory the other left.
import { Stamper, type MicroClock } from '@dt/tai64';
import { writeAllSync } from '@dt/posix';
import { LoggerClosedError, MultilogOptionError } from './errors.js';
import { LINE_LIMIT, LineEngine } from './line-engine.js';
import { LogDir } from './logdir.js';
import { PacedQueue } from './paced-queue.js';
import { PAUSE_MS, Retrier } from './retry.js';
import { SyncRunner } from './run-sync.js';
import type { Steps } from './steps.js';
import { MAX_SIZE, MIN_NUM, MIN_SIZE, parseScript, type Script, DEFAULT_NUM, DEFAULT_SIZE } from './script.js';
import { StatusFile } from './status-file.js';

export interface LoggerOptions {
  /** A multilog script, exactly as the program's arguments (`['t', 's1000000', 'n20', './log']`). */
  script?: readonly (string | Uint8Array)[];
  /** Or typed options for one directory (ignored when `script` is given). */
  dir?: string;
  timestamp?: boolean;
  /** Maximum size of current, 4096..16777215 (default 99999). */
  size?: number;
  /** Files kept, current included, at least 2 (default 10). */
  num?: number;
  processor?: string;
  /** Directory that relative paths resolve against (default process.cwd()). */
  cwd?: string;
  /** Transient errors, as `TEXT, pausing: ERR` (default: `multilog: warning: TEXT` on fd 2). */
  onWarning?: (text: string) => void;
  /**
   * A processor that cannot even start (e.g. DIR/state is missing), as `unable to run PROCESSOR: ERR`
   * (default: `multilog: fatal: TEXT` on fd 2, what 0.76's child prints before it exits 111).
   */
  onProcessorError?: (text: string) => void;
  /** Where `e` writes (default fd 2); also the processors' fd 2. */
  alertFd?: number;
  /** Pause between retries in ms (default 5000, as 0.76). */
  pauseMs?: number;
  /** Wall clock in Unix µs (tests inject one). */
  clock?: MicroClock;
  /**
   * Never block the thread (for many loggers in one process): a pause is a timer and a processor runs as
   * an asynchronous child, while the work that follows waits in order. `busy` is then true until it is all
   * done (`whenIdle`); stop feeding the logger meanwhile, as 0.76 stops reading. Default false: the pauses
   * and processors block, exactly as 0.76.
   */
  nonBlocking?: boolean;
  /** nonBlocking: an unexpected exception in deferred work (the logger is then unusable; abandon it). */
  onAsyncError?: (e: unknown) => void;
}

const NL = 0x0a;

function writeFully(fd: number, buf: Buffer, start: number, end: number): void {
  try {
    writeAllSync(fd, buf.subarray(start, end));
  } catch {
    // 0.76 ignores errors on stderr
  }
}

/** Builds the script from typed options, refusing what 0.76 would silently clamp. */
export function scriptFromOptions(o: LoggerOptions): Script {
  if (o.script) return parseScript(o.script);
  if (o.dir === undefined || o.dir === '') throw new MultilogOptionError('either script or dir is required');
  const size = o.size ?? DEFAULT_SIZE;
  const num = o.num ?? DEFAULT_NUM;
  if (!Number.isInteger(size) || size < MIN_SIZE || size > MAX_SIZE)
    throw new MultilogOptionError(`size must be an integer from ${MIN_SIZE} to ${MAX_SIZE}: ${size}`);
  if (!Number.isInteger(num) || num < MIN_NUM) throw new MultilogOptionError(`num must be an integer >= ${MIN_NUM}: ${num}`);
  return {
    timestamp: o.timestamp ?? false,
    actions: [{ kind: 'dir', index: 0 }],
    dirs: [{ dir: o.dir, size, num, processor: o.processor }],
    statusFiles: [],
  };
}

export class Logger {
  readonly script: Script;
  private readonly dirs: LogDir[];
  private readonly statusFiles: StatusFile[];
  private readonly engine: LineEngine;
  private readonly queue: PacedQueue | undefined;
  private closed = false;
  /** The one directory of a script that neither stamps nor looks at lines: its output is its input. */
  private readonly passThrough: LogDir | undefined;
  private readonly wholeLines = [0];

  /** Opens status files, then locks and recovers each directory in script order (0.76 f_init, c_init). */
  constructor(opts: LoggerOptions) {
    this.script = scriptFromOptions(opts);
    const cwd = opts.cwd ?? process.cwd();
    const alertFd = opts.alertFd ?? 2;
    const onWarning =
      opts.onWarning ??
      ((text: string) => {
        const b = Buffer.from(`multilog: warning: ${text}\n`);
        writeFully(2, b, 0, b.length);
      });
    const onProcessorError =
      opts.onProcessorError ??
      ((text: string) => {
        const b = Buffer.from(`multilog: fatal: ${text}\n`);
        writeFully(2, b, 0, b.length);
      });
    const pauseMs = opts.pauseMs ?? PAUSE_MS;
    const retrier = new Retrier({ onWarning, pauseMs });
    this.queue = opts.nonBlocking
      ? new PacedQueue({
          pauseMs,
          onError:
            opts.onAsyncError ??
            ((e) => {
              throw e;
            }),
        })
      : undefined;
    const runner = this.queue ?? new SyncRunner(pauseMs);
    this.statusFiles = this.script.statusFiles.map((f) => new StatusFile(f, cwd, retrier, runner));
    this.dirs = this.script.dirs.map(
      (d) =>
        new LogDir(d, {
          cwd,
          retrier,
          clock: opts.clock,
          stderrFd: alertFd === 2 ? 'inherit' : alertFd,
          onProcessorError,
          runner,
        }),
    );
    const opened: { close(): void }[] = [];
    try {
      for (const s of this.statusFiles) {
        s.open();
        opened.push(s);
      }
      for (const d of this.dirs) {
        d.open();
        opened.push({ close: () => d.release() });
      }
    } catch (e) {
      for (const o of opened) o.close();
      throw e;
    }
    const s = this.script;
    this.passThrough = !s.timestamp && s.dirs.length === 1 && s.actions.every((a) => a.kind === 'dir') ? this.dirs[0] : undefined;
    this.engine = new LineEngine(
      this.script,
      {
        dirs: this.dirs,
        alert: (buf, start, end) => writeFully(alertFd, buf, start, end),
        status: (i, buf) => this.statusFiles[i]!.write(buf),
      },
      new Stamper(opts.clock),
    );
  }

  /** Log raw bytes: any chunking, lines end at `\n` (a string is written as UTF-8). */
  write(data: Buffer | Uint8Array | string): void {
    if (this.closed) throw new LoggerClosedError('logger is closed');
    const buf = typeof data === 'string' ? Buffer.from(data) : Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    this.engine.push(buf);
  }

  /**
   * Zero-copy input: read up to inputBuffer.length bytes into this buffer, then call pushInput(n). The buffer
   * is reused; its contents are consumed by pushInput.
   */
  get inputBuffer(): Buffer {
    return this.engine.input;
  }

  /** Logs inputBuffer[0, n) (see inputBuffer). */
  pushInput(n: number): void {
    if (this.closed) throw new LoggerClosedError('logger is closed');
    const d = this.passThrough;
    if (d !== undefined && n >= LINE_LIMIT && !this.busy && d.fitsWithoutRotation(n)) {
      // Nothing changes the bytes, and no rotation can fall within this read: the engine finishes the line
      // in progress, whole lines go straight from the input to current, and the engine takes the line
      // left in progress as if 0.76's read had ended at that newline (it may have). Current ends up as the
      // engine alone would leave it (the pass-through test).
      const input = this.engine.input;
      let start = 0;
      if (!this.engine.atLineStart) {
        const first = input.indexOf(NL);
        if (first === -1 || first >= n) return this.engine.pushInput(n);
        this.engine.pushInput(first + 1); // reads the input, never writes it
        start = first + 1;
      }
      const end = input.lastIndexOf(NL, n - 1) + 1;
      if (end > start && !this.busy) {
        this.wholeLines[0] = end;
        d.writeUnits(input, start, this.wholeLines, 1, end);
        start = end;
      }
      if (start === n) return;
      if (start > 0) input.copyWithin(0, start, n);
      n -= start;
    }
    this.engine.pushInput(n);
  }

  /** Log one line (a newline is added). */
  writeLine(line: Buffer | string): void {
    const buf = typeof line === 'string' ? Buffer.from(line) : line;
    const out = Buffer.allocUnsafe(buf.length + 1);
    buf.copy(out);
    out[buf.length] = 0x0a;
    this.write(out);
  }

  /** As SIGALRM: every directory whose current is not empty is rotated now. */
  rotate(): void {
    if (this.closed) throw new LoggerClosedError('logger is closed');
    for (const d of this.dirs) d.rotateIfNonEmpty();
  }

  /** True when no line is in progress (the last byte written was a newline, or nothing was written). */
  get atLineStart(): boolean {
    return this.engine.atLineStart;
  }

  /** nonBlocking: some directory is pausing or running its processor, and later work waits for it. */
  get busy(): boolean {
    return this.queue !== undefined && !this.queue.idle;
  }

  /** fn once the logger is not busy (at once when it is not). */
  whenIdle(fn: () => void): void {
    if (this.queue) this.queue.whenIdle(fn);
    else fn();
  }

  /** Absolute paths of the log directories, in script order. */
  get directories(): string[] {
    return this.dirs.map((d) => d.path);
  }

  /**
   * As end of input: a partial last line gets a newline, current is fsynced and set 0744, locks released
   * (nonBlocking: after the work still waiting; see whenIdle).
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.engine.end();
    for (const d of this.dirs) d.close();
    const statusFiles = this.statusFiles;
    if (this.queue === undefined) for (const s of statusFiles) s.close();
    else
      this.queue.run({
        steps: (function* (): Steps {
          for (const s of statusFiles) s.close();
        })(),
      });
  }

  /** Releases the locks without finishing current (as a crash: the next start archives it as .u). */
  abandon(): void {
    if (this.closed && this.queue === undefined) return;
    this.closed = true;
    this.queue?.cancel();
    for (const d of this.dirs) d.release();
    for (const s of this.statusFiles) s.close();
  }
}

/** Opens a logger (throws LogDirError, LogDirLockedError, StatusFileError, MultilogOptionError). */
export function openLogger(opts: LoggerOptions): Logger {
  return new Logger(opts);
}
