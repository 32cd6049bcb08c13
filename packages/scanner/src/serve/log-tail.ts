// The last lines of a service's log for the page: read backwards from the end of `current`, then from the
// newest archives, at most MAX_TAIL_BYTES in all. A line's TAI64N label becomes a Unix time in ms so the
// browser shows it in its own local time.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { findLogDir, listLogFiles } from '@dt/multilog';
import { LABEL_LENGTH, parseLabel, tai64nToUnixSeconds } from '@dt/tai64';

export const MAX_TAIL_LINES = 200;
export const MAX_TAIL_BYTES = 256 * 1024;

export interface LogLine {
  /** The stamp as Unix ms, null when the line has none. */
  at: number | null;
  /** The line without its stamp and newline (UTF-8, invalid bytes replaced). */
  text: string;
}

function tailOf(path: string, max: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const n = Math.min(size, max);
    const buf = Buffer.alloc(n);
    let got = 0;
    while (got < n) {
      const r = readSync(fd, buf, got, n - got, size - n + got);
      if (r === 0) break;
      got += r;
    }
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

function toLine(raw: Buffer): LogLine {
  const label = parseLabel(raw.subarray(0, LABEL_LENGTH));
  if (label === undefined) return { at: null, text: raw.toString('utf8') };
  const ms = Number(tai64nToUnixSeconds(label)) * 1000 + Math.floor(label.nanoseconds / 1e6);
  return { at: ms, text: raw.subarray(raw[LABEL_LENGTH] === 0x20 ? LABEL_LENGTH + 1 : LABEL_LENGTH).toString('utf8') };
}

/** Up to `count` last lines of the logger of `serviceDir`, oldest first; undefined when it has no log directory. */
export function readLogTail(serviceDir: string, count: number): LogLine[] | undefined {
  const dir = findLogDir(serviceDir);
  if (dir === undefined) return undefined;
  const files = listLogFiles(dir).reverse(); // current first
  const chunks: Buffer[] = [];
  let budget = MAX_TAIL_BYTES;
  let lines = 0;
  for (const f of files) {
    if (budget <= 0 || lines > count) break;
    let b: Buffer;
    try {
      b = tailOf(f, budget);
    } catch {
      continue; // rotated away meanwhile
    }
    budget -= b.length;
    for (let i = b.indexOf(0x0a); i !== -1; i = b.indexOf(0x0a, i + 1)) lines++;
    chunks.unshift(b);
  }
  const all = Buffer.concat(chunks);
  const out: LogLine[] = [];
  let start = 0;
  for (let i = all.indexOf(0x0a); i !== -1; i = all.indexOf(0x0a, start)) {
    out.push(toLine(all.subarray(start, i)));
    start = i + 1;
  }
  if (start < all.length) out.push(toLine(all.subarray(start)));
  // the first line may be cut by the byte budget; drop it when more than it was read
  return out.slice(Math.max(0, out.length - count));
}
