// Runs a chunk transform (LineStamper, LocalConverter) from one fd to another, as djb's filters do:
// read, transform, write everything, and only then block on the next read (myread flushes first), so
// output is prompt when the input is interactive.
import { readSync } from 'node:fs';
import { errnoCode, writeAllSync } from '@dt/posix';
import { Tai64IoError } from './errors.js';

export interface ChunkTransform {
  push(chunk: Uint8Array): Buffer;
  /** Optional: where to read the next input of up to `size` bytes (then pushRead(n) instead of push), to
   *  save a copy; undefined when the transform has no such place. */
  readBuffer?(size: number): Buffer | undefined;
  pushRead?(n: number): Buffer;
}

export interface FilterOptions {
  inFd?: number;
  outFd?: number;
  /** Bytes per read (default 128 KiB: the stamper's working set stays in cache; a pipe gives at most 64 KiB). */
  readSize?: number;
  /** Read through libuv (net.Socket / tty.ReadStream) instead of blocking readSync: the fallback when the
   *  input fd is non-blocking (EAGAIN). Exposed for benchmarks. */
  async?: boolean;
}

let sleeper: Int32Array | undefined;

/** Sleep `ms` without spinning (Atomics.wait); its buffer is made at the first call, not at load. */
function sleepMs(ms: number): void {
  Atomics.wait((sleeper ??= new Int32Array(new SharedArrayBuffer(4))), 0, 0, ms);
}

/** Writes all of buf (EAGAIN waited out, EINTR retried: writeAllSync). Throws Tai64IoError on any other error. */
function writeAll(fd: number, buf: Uint8Array): void {
  try {
    writeAllSync(fd, buf);
  } catch (e) {
    throw new Tai64IoError(`unable to write output: ${errnoCode(e) ?? String(e)}`, { cause: e });
  }
}

/** Copies inFd to outFd through `transform` until end of input. Rejects with Tai64IoError on a read or write error. */
export async function runFilter(transform: ChunkTransform, options: FilterOptions = {}): Promise<void> {
  const inFd = options.inFd ?? 0;
  const outFd = options.outFd ?? 1;
  const readSize = options.readSize ?? 128 * 1024;
  if (options.async) return runAsync(transform, inFd, outFd, readSize);
  return runSync(transform, inFd, outFd, readSize, false) ? undefined : runAsync(transform, inFd, outFd, readSize);
}

/**
 * Blocking read loop. Returns false at the first EAGAIN (a non-blocking input) unless `poll`, in which case
 * it waits 10 ms and reads again (for a non-blocking fd libuv cannot watch).
 */
function runSync(transform: ChunkTransform, inFd: number, outFd: number, readSize: number, poll: boolean): boolean {
  const own = transform.readBuffer?.(readSize);
  const buf = own ?? Buffer.allocUnsafe(readSize);
  for (;;) {
    let r: number;
    try {
      r = readSync(inFd, own === undefined ? buf : transform.readBuffer!(readSize)!, 0, readSize, null);
    } catch (e) {
      const code = errnoCode(e);
      if (code === 'EINTR') continue;
      if (code === 'EAGAIN') {
        if (!poll) return false;
        sleepMs(10);
        continue;
      }
      throw new Tai64IoError(`unable to read input: ${code ?? String(e)}`, { cause: e });
    }
    if (r === 0) return true;
    writeAll(outFd, own === undefined ? transform.push(buf.subarray(0, r)) : transform.pushRead!(r));
  }
}

// node:net and node:tty are loaded only on this path: a short run of tai64nlocal never pays for them.
async function runAsync(transform: ChunkTransform, inFd: number, outFd: number, readSize: number): Promise<void> {
  const [{ Socket }, { ReadStream, isatty }] = await Promise.all([import('node:net'), import('node:tty')]);
  let input: InstanceType<typeof Socket> | InstanceType<typeof ReadStream>;
  try {
    input = isatty(inFd) ? new ReadStream(inFd) : new Socket({ fd: inFd, readable: true, writable: false });
  } catch {
    runSync(transform, inFd, outFd, readSize, true); // an fd type libuv cannot watch: poll it
    return;
  }
  return new Promise((resolve, reject) => {
    input.on('data', (chunk: Buffer) => {
      try {
        writeAll(outFd, transform.push(chunk));
      } catch (e) {
        input.destroy();
        reject(e);
      }
    });
    input.on('end', () => resolve());
    input.on('error', (e) => reject(new Tai64IoError(`unable to read input: ${errnoCode(e) ?? String(e)}`, { cause: e })));
  });
}
