// Reading a multilog directory back, oldest line first: the archives (@<label>.s and @<label>.u, whose
// names are the TAI64N label of the moment each was finished, so name order is time order), then
// `current`; with `follow`, keeps reading `current` across rotations as `tail -F` would.
import { closeSync, fstatSync, openSync, readdirSync, readSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { formatLabel, LABEL_LENGTH, LocalConverter, parseLabel, tai64nFromUnix } from '@dt/tai64';
import { errnoCode } from '@dt/posix';

/** An archive name: '@' + 24 lowercase hex + '.s' (safely written) or '.u' (remnant of an outage). */
const ARCHIVE_NAME = /^@[0-9a-f]{24}\.[su]$/;
const READ_SIZE = 65536;
const NEWLINE = Buffer.from('\n');
/** How often `follow` looks at `current` when no fs.watch event arrives (lost events, NFS, overlayfs). */
const DEFAULT_POLL_MS = 250;
/** Rotated-out files held open while their archive has not appeared (see readLogs). */
const MAX_PENDING = 4;
/** How long follow waits for a `previous` to be archived before showing the `current` after it. */
const PREVIOUS_WAIT_MS = 2000;

export interface ReadLogsOptions {
  /** A TAI64N label ('@' + 24 hex): stamped lines before it are skipped, unstamped lines follow the last stamped one. */
  since?: string;
  /** After the end of `current`, wait for more (across rotations) until `signal` aborts. */
  follow?: boolean;
  /** Ends a follow (the generator returns; it does not throw). */
  signal?: AbortSignal;
  /** Fallback polling period for follow, in milliseconds (default 250). */
  pollInterval?: number;
}

/** The archive files of a multilog directory, oldest first, then `current` when it exists (full paths). */
export function listLogFiles(dir: string): string[] {
  const names = readdirSync(dir).filter((n) => ARCHIVE_NAME.test(n));
  // Same label, .s and .u cannot both come from one finish; sort the 25-char label, then the suffix.
  names.sort();
  const files = names.map((n) => join(dir, n));
  try {
    if (statSync(join(dir, 'current')).isFile()) files.push(join(dir, 'current'));
  } catch (e) {
    if (errnoCode(e) !== 'ENOENT') throw e;
  }
  return files;
}

/**
 * Where a service keeps its multilog directory: `dir` itself when it holds `current` or an archive, else
 * the first subdirectory of `dir/log/` (by name) that does (`./main` by convention). undefined when none.
 */
export function findLogDir(dir: string): string | undefined {
  const isLogDir = (d: string): boolean => {
    try {
      return readdirSync(d).some((n) => n === 'current' || ARCHIVE_NAME.test(n));
    } catch {
      return false;
    }
  };
  if (isLogDir(dir)) return dir;
  let names: string[];
  try {
    names = readdirSync(join(dir, 'log'), { withFileTypes: true })
      .filter((e) => e.isDirectory() && e.name !== 'supervise')
      .map((e) => e.name)
      .sort();
  } catch {
    return undefined;
  }
  return names.map((n) => join(dir, 'log', n)).find(isLogDir);
}

const SINCE_UNITS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };

/**
 * `--since` as a TAI64N label: a label itself ('@' + 24 hex), a duration ago ('90s', '15m', '2h', '1d'),
 * or a date Date.parse understands ('2026-11-25T14:00:00Z'; without a zone, local time). undefined when
 * it is none of these.
 */
export function sinceLabel(text: string, nowMs: number = Date.now()): string | undefined {
  if (parseLabel(text.toLowerCase())) return text.toLowerCase();
  const rel = /^(\d+(?:\.\d+)?)([smhd])$/.exec(text);
  // Date.parse is lenient ('@4000' is a year): only a text that starts like a date (YYYY-) goes to it.
  // A date alone would be UTC midnight to Date.parse; local midnight is what someone reading local stamps means.
  const date = /^\d{4}-\d\d-\d\d$/.test(text) ? `${text}T00:00:00` : text;
  const ms = rel ? nowMs - Number(rel[1]) * SINCE_UNITS[rel[2]!]! * 1000 : /^\d{4}-/.test(date) ? Date.parse(date) : NaN;
  if (!Number.isFinite(ms)) return undefined;
  const secs = Math.floor(ms / 1000);
  return formatLabel(tai64nFromUnix(secs, Math.round((ms - secs * 1000) * 1e6)));
}

let lineConverter: LocalConverter | undefined;
let lineConverterTz: string | undefined;
/**
 * One line with its label in local time, exactly as tai64nlocal prints it; any other line unchanged. For a
 * stream of lines, one LocalConverter over the bytes does the same with less copying (dt logs does that).
 */
export function localizeLine(line: Buffer): Buffer {
  if (lineConverter === undefined || lineConverterTz !== process.env.TZ) {
    lineConverter = new LocalConverter(); // a converter reads TZ once: a new one when TZ has changed
    lineConverterTz = process.env.TZ;
  }
  // An unterminated line is terminated for the converter (which holds back an open stamp) and cut back after,
  // so the converter is always at a line start between calls.
  if (line[line.length - 1] === NEWLINE[0]) return Buffer.from(lineConverter.push(line));
  const out = lineConverter.push(Buffer.concat([line, NEWLINE]));
  return Buffer.from(out.subarray(0, out.length - 1));
}

/** The label a line starts with ('@' + 24 lowercase hex), or undefined when it is not stamped. */
export function lineLabel(line: Uint8Array): string | undefined {
  const head = line.subarray(0, LABEL_LENGTH);
  return parseLabel(head) ? Buffer.from(head).toString('latin1') : undefined;
}

/** Decides, line by line, what `since` keeps: labels compare as strings because they are fixed-width hex. */
function makeSinceFilter(since: string | undefined): (line: Buffer) => boolean {
  if (since === undefined) return () => true;
  const bound = since.toLowerCase();
  let keep = true;
  return (line) => {
    const label = lineLabel(line);
    if (label !== undefined) keep = label >= bound;
    return keep;
  };
}

/** Splits chunks into lines; `flush` gives back an unterminated tail. */
class Lines {
  private tail: Buffer = Buffer.alloc(0);
  push(chunk: Buffer): Buffer[] {
    const data = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    const out: Buffer[] = [];
    let start = 0;
    for (let nl = data.indexOf(0x0a, start); nl !== -1; nl = data.indexOf(0x0a, start)) {
      out.push(data.subarray(start, nl + 1));
      start = nl + 1;
    }
    this.tail = Buffer.from(data.subarray(start));
    return out;
  }
  flush(): Buffer | undefined {
    const t = this.tail;
    this.tail = Buffer.alloc(0);
    return t.length ? t : undefined;
  }
}

/** Where `drain` has got to in the file it reads (it advances `at` as it yields). */
interface Cursor {
  at: number;
}

/**
 * Reads from `fd` at `cursor.at` to its current end, READ_SIZE bytes at a time, yielding each complete line
 * as it is found (never the whole file at once); `cursor.at` moves past every chunk read.
 */
function* drain(fd: number, cursor: Cursor, lines: Lines): Generator<Buffer, void, undefined> {
  const buf = Buffer.allocUnsafe(READ_SIZE);
  for (;;) {
    const n = readSync(fd, buf, 0, READ_SIZE, cursor.at);
    if (n === 0) return;
    cursor.at += n;
    yield* lines.push(Buffer.from(buf.subarray(0, n)));
  }
}

function openIfExists(path: string): number | undefined {
  try {
    return openSync(path, 'r');
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return undefined;
    throw e;
  }
}

function inodeOf(path: string): number | undefined {
  try {
    return statSync(path).ino;
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return undefined;
    throw e;
  }
}

/** Reads a whole (finished) file as lines, terminating an unterminated tail as multilog does at EOF. */
function* readWholeFile(path: string): Generator<Buffer, void, undefined> {
  const fd = openIfExists(path);
  if (fd === undefined) return; // removed by multilog's filesfit while we read: it was the oldest
  const lines = new Lines();
  try {
    yield* drain(fd, { at: 0 }, lines);
  } finally {
    closeSync(fd);
  }
  const tail = lines.flush();
  if (tail) yield Buffer.concat([tail, NEWLINE]);
}

function archiveNames(dir: string, after: string): string[] {
  return readdirSync(dir)
    .filter((n) => ARCHIVE_NAME.test(n) && n > after)
    .sort();
}

/**
 * Every line of a multilog directory, in order, each a Buffer ending in '\n' (bytes untouched; an archive's
 * unterminated last line gets one, as multilog itself adds at EOF). Without `follow`, an unterminated tail of
 * `current` is yielded as is at the end. Throws the fs error when `dir` cannot be read.
 *
 * Following: the file being followed is held open, so what multilog appends before renaming it is read to
 * its end; archives finished meanwhile that were never `current` for us (several rotations between two looks)
 * are read whole, in order; an archive that is a file already followed (same inode: multilog links it)
 * is not shown twice. With a processor (`!`) the archive is a new file: it is shown after the raw lines.
 */
export async function* readLogs(dir: string, opts: ReadLogsOptions = {}): AsyncGenerator<Buffer, void, undefined> {
  const keep = makeSinceFilter(opts.since);
  let lastArchive = '';
  let fd: number | undefined;
  const cursor: Cursor = { at: 0 };
  /**
   * Files we followed that rotated out, held open (so no new file can take their inode) until their archive
   * shows up: an archive with one of these inodes was shown already. At most MAX_PENDING are kept (with a
   * processor the archive is a new file and never matches).
   */
  const pending: { fd: number; ino: number }[] = [];
  const lines = new Lines();

  /** Archives newer than the last one seen, read whole unless they are a file we followed. */
  function* catchUp(): Generator<Buffer, void, undefined> {
    for (const name of archiveNames(dir, lastArchive)) {
      lastArchive = name;
      const ino = inodeOf(join(dir, name));
      const i = pending.findIndex((p) => p.ino === ino);
      if (i !== -1) {
        closeSync(pending[i]!.fd);
        pending.splice(i, 1);
        continue;
      }
      if (fd !== undefined && ino === fstatSync(fd).ino) {
        // The file we follow is already archived (we had not looked since): its rest, then it is done.
        yield* readMore();
        const tail = lines.flush();
        closeSync(fd);
        fd = undefined;
        if (tail) yield Buffer.concat([tail, NEWLINE]);
        continue;
      }
      yield* readWholeFile(join(dir, name));
    }
  }
  /** Since when a `previous` we never followed has been waiting to become an archive (see openCurrent). */
  let previousSince: number | undefined;
  /** Opens `current`, first reading whatever archive was finished before it, so that order holds. */
  function* openCurrent(): Generator<Buffer, void, undefined> {
    for (;;) {
      yield* catchUp();
      // A `previous` we never followed is mid-rotation (or with its processor): its archive comes before
      // `current`, so wait for it, unless it has been there for PREVIOUS_WAIT_MS (a logger that died there).
      const prevIno = opts.follow ? inodeOf(join(dir, 'previous')) : undefined;
      if (prevIno !== undefined && !pending.some((p) => p.ino === prevIno)) {
        previousSince ??= performance.now();
        if (performance.now() - previousSince < PREVIOUS_WAIT_MS) return;
      }
      previousSince = undefined;
      fd = openIfExists(join(dir, 'current'));
      cursor.at = 0;
      if (fd === undefined || archiveNames(dir, lastArchive).length === 0) return;
      closeSync(fd); // rotated again meanwhile: the archive comes first
      fd = undefined;
    }
  }
  /** The lines appended to the followed file since the last read. */
  function* readMore(): Generator<Buffer, void, undefined> {
    if (fd !== undefined) yield* drain(fd, cursor, lines);
  }

  try {
    for (const line of openCurrent()) if (keep(line)) yield line;
    for (const line of readMore()) if (keep(line)) yield line;
    if (!opts.follow) {
      const tail = lines.flush();
      if (tail && keep(tail)) yield tail;
      return;
    }
    yield* follow();
  } finally {
    if (fd !== undefined) closeSync(fd);
    for (const p of pending) closeSync(p.fd);
  }

  async function* follow(): AsyncGenerator<Buffer, void, undefined> {
    const signal = opts.signal;
    let wake: (() => void) | undefined;
    const poke = () => {
      const w = wake;
      wake = undefined;
      w?.();
    };
    let watcher: FSWatcher | undefined;
    try {
      watcher = watch(dir, { persistent: true }, poke);
      watcher.on('error', () => undefined); // the directory went away: polling carries on
    } catch {
      watcher = undefined;
    }
    signal?.addEventListener('abort', poke);
    try {
      while (!signal?.aborted) {
        // Archives finished since the last look: ours (shown already, or the rest of the one we follow), or
        // ones we never saw as `current`, read whole, in order.
        for (const line of catchUp()) if (keep(line)) yield line;
        for (const line of readMore()) if (keep(line)) yield line;
        // Rotated? multilog renamed our `current` (to previous, then an archive) and made a new one.
        const ino = inodeOf(join(dir, 'current'));
        if (ino !== undefined && (fd === undefined || fstatSync(fd).ino !== ino)) {
          if (fd !== undefined) {
            for (const line of readMore()) if (keep(line)) yield line;
            const tail = lines.flush();
            if (tail && keep(tail)) yield Buffer.concat([tail, NEWLINE]);
            pending.push({ fd, ino: fstatSync(fd).ino });
            if (pending.length > MAX_PENDING) closeSync(pending.shift()!.fd);
            fd = undefined;
          }
          for (const line of openCurrent()) if (keep(line)) yield line;
          if (fd !== undefined) continue; // else an archive is on its way: look again at the next wake
        }
        if (signal?.aborted) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, opts.pollInterval ?? DEFAULT_POLL_MS);
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
      }
    } finally {
      signal?.removeEventListener('abort', poke);
      watcher?.close();
    }
  }
}
