// What a logger has written, read from its multilog directory: bytes and lines of `current` plus the
// archives (@*.s, @*.u), and the size of every file there. Archives never change once named, so their
// lines are counted once; `current` only grows until it is renamed, so only its new bytes are counted.
import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { findLogDir, listLogFiles } from '@dt/multilog';

export interface LogFigures {
  /** The multilog directory read. */
  dir: string;
  /** Bytes in current and the archives. */
  bytes: number;
  /** Newlines in current and the archives. */
  lines: number;
  /** Bytes of every regular file in the directory (state, lock, processor output included). */
  directoryBytes: number;
}

interface Counted {
  ino: bigint;
  size: number;
  lines: number;
}

const CHUNK = 65536;

function countNewlines(path: string, from: number, to: number, buf: Buffer): number {
  const fd = openSync(path, 'r');
  let n = 0;
  try {
    for (let pos = from; pos < to; ) {
      const got = readSync(fd, buf, 0, Math.min(CHUNK, to - pos), pos);
      if (got === 0) break;
      for (let i = buf.indexOf(0x0a, 0); i !== -1 && i < got; i = buf.indexOf(0x0a, i + 1)) n++;
      pos += got;
    }
  } finally {
    closeSync(fd);
  }
  return n;
}

/** Keeps the line counts between looks; one per server. */
export class LogStats {
  private readonly counted = new Map<string, Counted>();
  private readonly buf = Buffer.allocUnsafe(CHUNK);

  /** The figures of the service directory's logger, or undefined when it has no log directory yet. */
  figuresOf(serviceDir: string): LogFigures | undefined {
    const dir = findLogDir(serviceDir);
    if (dir === undefined) return undefined;
    let bytes = 0;
    let lines = 0;
    const seen = new Set<string>();
    try {
      for (const path of listLogFiles(dir)) {
        const st = statSync(path, { bigint: true });
        const size = Number(st.size);
        const was = this.counted.get(path);
        let count: number;
        if (was && was.ino === st.ino && was.size === size) count = was.lines;
        else if (was && was.ino === st.ino && was.size < size) count = was.lines + countNewlines(path, was.size, size, this.buf);
        else count = countNewlines(path, 0, size, this.buf);
        this.counted.set(path, { ino: st.ino, size, lines: count });
        seen.add(path);
        bytes += size;
        lines += count;
      }
    } catch {
      // rotated between readdir and stat: the next look counts it
    }
    for (const path of this.counted.keys()) if (path.startsWith(`${dir}/`) && !seen.has(path)) this.counted.delete(path);
    let directoryBytes = 0;
    try {
      for (const e of readdirSync(dir, { withFileTypes: true })) {
        if (!e.isFile()) continue;
        try {
          directoryBytes += statSync(join(dir, e.name)).size;
        } catch {
          // gone meanwhile
        }
      }
    } catch {
      // unreadable: 0
    }
    return { dir, bytes, lines, directoryBytes };
  }
}
