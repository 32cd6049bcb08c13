// tai64nlocal as a pure chunk transform (daemontools 0.76 tai64nlocal.c): a line starting with '@' has the
// lowercase hex digits after it replaced by the local date; everything else passes through byte for byte.
import { LABEL_PREFIX } from './constants.js';
import { HEX_DIGITS, HEX_VALUE } from './hex.js';
import { formatLocalSeconds, unixSecondsOfLabel } from './local.js';
import { LOCAL_AT_LINE_START, LOCAL_IN, LOCAL_IN_LINE, LocalKernel } from './local-kernel.js';
import { OutputBuffer } from './output-buffer.js';
import { wasmAvailable } from './wasm.js';
import { systemZone } from './zone-file.js';

const NEWLINE = 0x0a;
const NOT_HEX = 255;
/** Longest date text: 20-digit year + '-MM-DD HH:MM:SS.' + 10 digits of nanoseconds. */
const MAX_DATE_LENGTH = 64;

const enum State {
  LineStart,
  Stamp,
  Copy,
}

/** Turns signed Unix seconds into 'YYYY-MM-DD HH:MM:SS.', or undefined where localtime() fails. */
export type LocalSecondsFormatter = (unixSeconds: bigint) => string | undefined;

export interface LocalConverterOptions {
  /** Default: formatLocalSeconds in the process's time zone, as TZ was when the converter was made. */
  formatSeconds?: LocalSecondsFormatter;
  /** 'wasm' (the default where WebAssembly runs) or 'js': the same bytes either way (test/local-paths.test.ts). */
  engine?: 'wasm' | 'js';
}

export class LocalConverter {
  private readonly formatSeconds: LocalSecondsFormatter;
  private readonly out = new OutputBuffer(256 * 1024);
  private state = State.LineStart;
  // The digits read so far, as tai64nlocal.c keeps them: a 64-bit secs (hi, lo) and a 32-bit nanosecs.
  private hi = 0;
  private lo = 0;
  private ns = 0;
  /** Digits of a stamp that began in an earlier chunk (to copy them through if the label is unusable). */
  private pending = new OutputBuffer(64);
  private pendingLength = 0;
  // Cache of the last date text: consecutive lines usually share their second.
  private cacheHi = Number.NaN;
  private cacheLo = Number.NaN;
  private cacheText: Buffer | undefined = undefined;
  private readonly kernel: LocalKernel | undefined;

  constructor(options: LocalConverterOptions = {}) {
    if ((options.engine ?? 'wasm') === 'wasm' && wasmAvailable()) this.kernel = new LocalKernel(128 * 1024);
    if (options.formatSeconds) this.formatSeconds = options.formatSeconds;
    else {
      const zone = systemZone(); // TZ is read once, as tai64nlocal's tzset: not per new second
      this.formatSeconds = (unixSeconds) => formatLocalSeconds(unixSeconds, zone);
    }
  }

  /**
   * Converts one chunk. The result is a view of an internal buffer, valid until the next call. A stamp still
   * open at the end of the chunk waits for the next one; at end of input it is dropped, as tai64nlocal does.
   */
  push(input: Uint8Array): Buffer {
    const k = this.kernel;
    if (k === undefined) return this.pushJs(input);
    k.ensure(input.length);
    k.u8.set(input, LOCAL_IN);
    return this.pushKernel(k, input.length);
  }

  /** Where a filter may read its next input of up to `size` bytes, for pushRead(); undefined without the kernel. */
  readBuffer(size: number): Buffer | undefined {
    const k = this.kernel;
    if (k === undefined) return undefined;
    k.ensure(size);
    return k.u8.subarray(LOCAL_IN, LOCAL_IN + size);
  }

  /** push() of the first n bytes just read into readBuffer(). */
  pushRead(n: number): Buffer {
    return this.pushKernel(this.kernel!, n);
  }

  /**
   * The input is in the kernel's memory: the kernel converts the common lines, JS (pushJs) a line in progress
   * from the last chunk and each line the kernel hands back, caching its date for the kernel.
   */
  private pushKernel(k: LocalKernel, n: number): Buffer {
    const end = LOCAL_IN + n;
    const u8 = k.u8;
    const view = u8.subarray(0, end); // bounds indexOf to the input
    let pos = LOCAL_IN;
    let o = k.out;
    while (pos < end) {
      if (this.state === State.LineStart) {
        k.pos = pos;
        k.o = o;
        const r = k.run(end);
        pos = k.pos;
        o = k.o;
        if (r === LOCAL_AT_LINE_START) break;
        if (r === LOCAL_IN_LINE) {
          this.state = State.Copy;
          break;
        }
      }
      // one line (or the rest of one) by JS
      const nl = view.indexOf(NEWLINE, pos);
      const stop = nl === -1 ? end : nl + 1;
      const lineStart = this.state === State.LineStart;
      const out = this.pushJs(u8.subarray(pos, stop));
      out.copy(u8, o);
      o += out.length;
      if (lineStart && isPlainStamp(u8, pos, stop)) k.cache(pos + 1, this.cacheText);
      pos = stop;
    }
    return u8.subarray(k.out, o);
  }

  private pushJs(input: Uint8Array): Buffer {
    const chunk = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    const n = chunk.length;
    let out = this.out.ensure(n + 4096, 0);
    let o = 0;
    let i = 0;
    while (i < n) {
      if (this.state === State.LineStart) {
        if (chunk[i] === LABEL_PREFIX) {
          this.state = State.Stamp;
          this.hi = this.lo = this.ns = 0;
          this.pendingLength = 0;
          i++;
          continue;
        }
        this.state = State.Copy;
      }
      if (this.state === State.Stamp) {
        const start = i;
        let hi = this.hi;
        let lo = this.lo;
        let ns = this.ns;
        while (i < n) {
          const u = HEX_VALUE[chunk[i]!]!;
          if (u === NOT_HEX) break;
          hi = ((hi << 4) | (lo >>> 28)) >>> 0;
          lo = ((lo << 4) | (ns >>> 28)) >>> 0;
          ns = (((ns & 0xfffffff) << 4) | u) >>> 0;
          i++;
        }
        this.hi = hi;
        this.lo = lo;
        this.ns = ns;
        if (i === n) {
          this.keepPending(chunk, start, n);
          break;
        }
        // chunk[i] ends the stamp: write the date (or the stamp itself if localtime() would fail)
        const date = this.dateText();
        const room = o + MAX_DATE_LENGTH + this.pendingLength + (i - start) + (n - i);
        if (room > out.length) out = this.out.ensure(room + 4096, o);
        if (date !== undefined) {
          for (let k = 0; k < date.length; k++) out[o++] = date[k]!;
          o = writeNanoseconds(ns, out, o);
        } else {
          out[o++] = LABEL_PREFIX;
          out.set(this.pending.buf.subarray(0, this.pendingLength), o);
          o += this.pendingLength;
          o += chunk.copy(out, o, start, i);
        }
        this.pendingLength = 0;
        this.state = State.Copy;
      }
      // State.Copy: through the end of the line
      const nl = chunk.indexOf(NEWLINE, i);
      const end = nl === -1 ? n : nl + 1;
      if (o + (end - i) > out.length) out = this.out.ensure(o + (end - i) + 4096, o);
      o += chunk.copy(out, o, i, end);
      i = end;
      if (nl !== -1) this.state = State.LineStart;
    }
    return out.subarray(0, o);
  }

  private keepPending(chunk: Uint8Array, start: number, end: number): void {
    const buf = this.pending.ensure(this.pendingLength + (end - start), this.pendingLength);
    buf.set(chunk.subarray(start, end), this.pendingLength);
    this.pendingLength += end - start;
  }

  private dateText(): Buffer | undefined {
    if (this.hi === this.cacheHi && this.lo === this.cacheLo) return this.cacheText;
    const label = (BigInt(this.hi) << 32n) | BigInt(this.lo);
    const text = this.formatSeconds(unixSecondsOfLabel(label));
    this.cacheHi = this.hi;
    this.cacheLo = this.lo;
    this.cacheText = text === undefined ? undefined : Buffer.from(text, 'latin1');
    return this.cacheText;
  }
}

/** buf[start, end) starts with '@', exactly 24 lowercase hex digits and a byte that is not one. */
function isPlainStamp(buf: Buffer, start: number, end: number): boolean {
  if (end - start < 26 || buf[start] !== LABEL_PREFIX) return false;
  for (let k = start + 1; k <= start + 24; k++) if (HEX_VALUE[buf[k]!] === NOT_HEX) return false;
  return HEX_VALUE[buf[start + 25]!] === NOT_HEX;
}

/** fmt_uint0(ns, 9): at least 9 decimal digits. */
function writeNanoseconds(ns: number, out: Buffer, o: number): number {
  let digits = 9;
  if (ns >= 1_000_000_000) digits = 10;
  for (let k = digits - 1; k >= 0; k--) {
    out[o + k] = HEX_DIGITS[ns % 10]!;
    ns = Math.floor(ns / 10);
  }
  return o + digits;
}
