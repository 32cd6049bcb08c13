// tai64n as a pure chunk transform: '@' + 24 hex + ' ' before every line (daemontools 0.76 tai64n.c).
// Bytes pass through untouched (no decoding). A line is stamped when its first byte is processed; a partial
// last line is copied as it is, without adding '\n'.
import { type MicroClock, unixMicrosNow } from './clock.js';
import { LABEL_LENGTH, LABEL_PREFIX, TAI64_OFFSET } from './constants.js';
import { writeHex8 } from './hex.js';
import { microsWithinSecond } from './internal.js';
import { OutputBuffer } from './output-buffer.js';

const NEWLINE = 0x0a;
const SPACE = 0x20;
/** '@' + 24 hex + ' ' */
export const STAMP_LENGTH = LABEL_LENGTH + 1;

export interface LineStamperOptions {
  /** Wall clock in Unix µs (default: the system clock). Injected by tests. */
  clock?: MicroClock;
}

/**
 * The '@' + 24 hex + ' ' stamp of the clock's reading, kept in `bytes` (no allocation): rewritten only when the
 * reading changes, and the 16 hex digits of the seconds only when the second changes. Shared by LineStamper
 * and multilog's `t`.
 */
export class Stamper {
  /** The current stamp bytes (valid after refresh or write). */
  readonly bytes = Buffer.alloc(STAMP_LENGTH);
  private micros = Number.NaN;
  private seconds = Number.NaN;

  constructor(private readonly clock: MicroClock = unixMicrosNow) {
    this.bytes[0] = LABEL_PREFIX;
    this.bytes[LABEL_LENGTH] = SPACE;
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

  /** Reads the clock and copies the stamp to out[off, off + STAMP_LENGTH). */
  write(out: Uint8Array, off: number): void {
    out.set(this.refresh(), off);
  }
}

export class LineStamper {
  private readonly out = new OutputBuffer(256 * 1024);
  private readonly stamper: Stamper;
  private atLineStart = true;

  constructor(options: LineStamperOptions = {}) {
    this.stamper = new Stamper(options.clock ?? unixMicrosNow);
  }

  /** True when the last byte pushed ended a line (or nothing was pushed yet). */
  get lineComplete(): boolean {
    return this.atLineStart;
  }

  /**
   * Stamps one chunk. The result is a view of an internal buffer, valid until the next call: write it out
   * before pushing more.
   */
  push(input: Uint8Array): Buffer {
    const chunk = Buffer.isBuffer(input) ? input : Buffer.from(input.buffer, input.byteOffset, input.byteLength);
    const n = chunk.length;
    let out = this.out.ensure(n + STAMP_LENGTH * 64, 0);
    let o = 0;
    let i = 0;
    while (i < n) {
      if (this.atLineStart) {
        if (o + STAMP_LENGTH > out.length) out = this.out.ensure(o + STAMP_LENGTH + (n - i), o);
        const s = this.stamper.refresh();
        for (let k = 0; k < STAMP_LENGTH; k++) out[o + k] = s[k]!;
        o += STAMP_LENGTH;
        this.atLineStart = false;
      }
      const nl = chunk.indexOf(NEWLINE, i);
      const end = nl === -1 ? n : nl + 1;
      if (o + (end - i) > out.length) out = this.out.ensure(o + (end - i) + STAMP_LENGTH * 64, o);
      // Buffer#copy: one native call, no view allocated (measured faster than set(subarray) and JS loops)
      o += chunk.copy(out, o, i, end);
      i = end;
      if (nl !== -1) this.atLineStart = true;
    }
    return out.subarray(0, o);
  }
}
