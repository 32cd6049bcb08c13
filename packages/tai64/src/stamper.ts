// tai64n as a pure chunk transform: '@' + 24 hex + ' ' before every line (daemontools 0.76 tai64n.c).
// Bytes pass through untouched (no decoding). A line is stamped when its first byte is processed; a partial
// last line is copied as it is, without adding '\n'.
import { type MicroClock, unixMicrosNow } from './clock.js';
import { LABEL_LENGTH, LABEL_PREFIX, TAI64_OFFSET } from './constants.js';
import { writeHex8 } from './hex.js';
import { microsWithinSecond } from './internal.js';
import { OutputBuffer } from './output-buffer.js';
import { KERNEL_DONE, KERNEL_IN, KERNEL_STAMP_AT, StampKernel } from './stamp-kernel.js';
import { wasmAvailable } from './wasm.js';

const NEWLINE = 0x0a;
const SPACE = 0x20;
/** '@' + 24 hex + ' ' */
export const STAMP_LENGTH = LABEL_LENGTH + 1;

export interface LineStamperOptions {
  /** Wall clock in Unix µs (default: the system clock). Injected by tests. */
  clock?: MicroClock;
  /** 'wasm' (the default where WebAssembly runs) or 'js': the same bytes and clock readings either way
   *  (test/stamper-paths.test.ts); 'js' is the fallback under --jitless. */
  engine?: 'wasm' | 'js';
}

/**
 * The '@' + 24 hex + ' ' stamp of the clock's reading, kept in `bytes` (no allocation): rewritten only when the
 * reading changes, and the 16 hex digits of the seconds only when the second changes. Shared by LineStamper
 * and multilog's `t`.
 */
export class Stamper {
  /** The current stamp bytes (valid after refresh or write; see bindTo). */
  bytes: Buffer = Buffer.alloc(STAMP_LENGTH);
  private micros = Number.NaN;
  private seconds = Number.NaN;

  constructor(private readonly clock: MicroClock = unixMicrosNow) {
    this.bytes[0] = LABEL_PREFIX;
    this.bytes[LABEL_LENGTH] = SPACE;
  }

  /** The clock reading `bytes` shows (NaN before the first refresh). */
  get reading(): number {
    return this.micros;
  }

  /** Reads the clock and updates `bytes`; returns it. */
  refresh(): Buffer {
    const micros = this.clock();
    if (micros === this.micros) return this.bytes;
    this.micros = micros;
    const us = microsWithinSecond(micros);
    const secs = (micros - us) / 1_000_000;
    if (secs !== this.seconds) {
      this.seconds = secs;
      const label = BigInt(secs) + TAI64_OFFSET;
      writeHex8(Number(label >> 32n), this.bytes, 1);
      writeHex8(Number(label & 0xffffffffn), this.bytes, 9);
    }
    writeHex8(us * 1000 + 500, this.bytes, 17); // taia_now: nano = 1000 * usec + 500
    return this.bytes;
  }

  /**
   * Keeps the stamp in buf[off, off + STAMP_LENGTH) from now on: `bytes` becomes that view (the current stamp
   * is copied there), so refresh rewrites only the digits that changed, in place. For a caller that would
   * otherwise copy all of `bytes` after every refresh (multilog's kernel reads the stamp in its own memory).
   */
  bindTo(buf: Uint8Array, off: number): void {
    const view = Buffer.from(buf.buffer, buf.byteOffset + off, STAMP_LENGTH);
    view.set(this.bytes);
    this.bytes = view;
  }

  /** Reads the clock and copies the stamp to out[off, off + STAMP_LENGTH). */
  write(out: Uint8Array, off: number): void {
    out.set(this.refresh(), off);
  }
}

/**
 * Input bytes per clock reading: 0.76's tai64n reads its input 1024 bytes at a time (inbuf[1024]); lines that
 * start in the same 1024 bytes of one read share one reading of the clock, as the bytes of one read arrived
 * together. Reading the clock per line costs ~50 ns (performance.now), as much as the rest of the per-line
 * work, and moves the stamp by less than a microsecond (decision 0009).
 */
const STAMP_WINDOW = 1024;
/** A line's first bytes are copied by a JS loop (no native call per short line); the rest by indexOf +
 *  copyWithin. After a long line the next line goes to indexOf directly. */
const SHORT_SCAN = 48;
const NOT_SEARCHED = -2;

export class LineStamper {
  private readonly out = new OutputBuffer(256 * 1024);
  private readonly stamper: Stamper;
  private atLineStart = true;
  /** The last line was longer than SHORT_SCAN: go straight to indexOf for the next one. */
  private longLines = false;
  /** The first newline at or after the last search in this chunk (-1: none up to its end). */
  private nextNewline = NOT_SEARCHED;
  private readonly kernel: StampKernel | undefined;

  constructor(options: LineStamperOptions = {}) {
    this.stamper = new Stamper(options.clock ?? unixMicrosNow);
    if ((options.engine ?? 'wasm') === 'wasm' && wasmAvailable()) this.kernel = new StampKernel(128 * 1024);
  }

  /** True when the last byte pushed ended a line (or nothing was pushed yet). */
  get lineComplete(): boolean {
    return this.atLineStart;
  }

  /**
   * Stamps one chunk (one read). The result is a view of an internal buffer, valid until the next call:
   * write it out before pushing more. The clock is read when a line starts, at most once per STAMP_WINDOW
   * bytes of the chunk, so stamps never go backwards and a line keeps the stamp of the read it started in.
   */
  push(input: Uint8Array): Buffer {
    const k = this.kernel;
    if (k !== undefined) {
      k.ensure(input.length);
      k.u8.set(input, KERNEL_IN);
      return this.pushKernel(k, input.length);
    }
    const n = input.length;
    // The chunk is copied to the front of the output area: per-line copies are then copyWithin inside one
    // buffer (a memmove without Buffer#copy's argument checks), the cheapest native copy measured.
    const base = n;
    this.out.ensure(base + n + (n >> 1), 0).set(input, 0);
    let o = base;
    let inView = this.out.buf.subarray(0, n); // bounds indexOf to the input
    this.nextNewline = NOT_SEARCHED;
    for (let i = 0; i < n; i += STAMP_WINDOW) {
      const wEnd = i + STAMP_WINDOW < n ? i + STAMP_WINDOW : n;
      // worst case: every byte a newline, each line stamped
      const a = this.out.buf;
      if (this.out.ensure(o + (wEnd - i) * (STAMP_LENGTH + 1) + STAMP_LENGTH, o) !== a) inView = this.out.buf.subarray(0, n);
      o = this.stampWindow(this.out.buf, inView, i, wEnd, o);
    }
    return this.out.buf.subarray(base, o);
  }

  /**
   * Where a filter may read its next input of up to `size` bytes, to pass it to pushRead() without a copy
   * (the kernel's own memory); undefined without the kernel. Valid until the next call of any method.
   */
  readBuffer(size: number): Buffer | undefined {
    const k = this.kernel;
    if (k === undefined) return undefined;
    k.ensure(size);
    return k.u8.subarray(KERNEL_IN, KERNEL_IN + size);
  }

  /** push() of the first n bytes just read into readBuffer(). */
  pushRead(n: number): Buffer {
    return this.pushKernel(this.kernel!, n);
  }

  /** The input is in the kernel's memory at KERNEL_IN: stamp it there, reading the clock when the kernel asks. */
  private pushKernel(k: StampKernel, n: number): Buffer {
    k.begin(this.atLineStart);
    const st = this.stamper;
    const run = k.run;
    for (let at = run(n, 0); at !== KERNEL_DONE; at = run(n, at - (at % STAMP_WINDOW) + STAMP_WINDOW)) {
      const before = st.reading;
      st.refresh();
      if (st.reading !== before) {
        // a JS loop: a native set() costs more than 26 stores
        const u8 = k.u8;
        const bytes = st.bytes;
        for (let j = 0; j < STAMP_LENGTH; j++) u8[KERNEL_STAMP_AT + j] = bytes[j]!;
      }
    }
    this.atLineStart = k.atStart;
    return k.u8.subarray(k.out, k.outEnd);
  }

  /**
   * a[i, wEnd) (the input, also seen as `input` = a[0, n)) to a[o...) (the output); returns the new o. One
   * small function per window rather than nested loops in push: V8 optimizes it as a whole function instead
   * of on-stack-replacing an inner loop (which deoptimized at every exit from that loop).
   */
  private stampWindow(a: Buffer, input: Buffer, i: number, wEnd: number, o: number): number {
    const stamp = this.stamper.bytes;
    let atStart = this.atLineStart;
    let fresh = false;
    let long = this.longLines;
    while (i < wEnd) {
      if (atStart) {
        if (!fresh) {
          this.stamper.refresh();
          fresh = true;
        }
        for (let k = 0; k < STAMP_LENGTH; k++) a[o + k] = stamp[k]!;
        o += STAMP_LENGTH;
        atStart = false;
      }
      if (!long) {
        // the short-line path: byte by byte, no native call
        const lim = i + SHORT_SCAN < wEnd ? i + SHORT_SCAN : wEnd;
        while (i < lim) {
          const b = a[i++]!;
          a[o++] = b;
          if (b === NEWLINE) {
            atStart = true;
            break;
          }
        }
        if (atStart || i >= wEnd) continue;
      }
      // a long line: memchr and memmove
      const from = i;
      // a line spanning windows is searched once, not once per window
      let nl = this.nextNewline;
      if (nl === NOT_SEARCHED || (nl !== -1 && nl < i)) nl = this.nextNewline = input.indexOf(NEWLINE, i);
      const end = nl === -1 || nl >= wEnd ? wEnd : nl + 1;
      a.copyWithin(o, i, end);
      o += end - i;
      i = end;
      if (end === nl + 1) {
        atStart = true;
        // a line found short from here on takes the byte loop again for the next line
        long = end - from > SHORT_SCAN;
      }
    }
    this.atLineStart = atStart;
    this.longLines = long;
    return o;
  }
}
