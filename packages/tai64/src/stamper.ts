// tai64n as a pure chunk transform: '@' + 24 hex + ' ' before every line (daemontools 0.76 tai64n.c).
// Bytes pass through untouched (no decoding). A line is stamped when its first byte is processed; a partial
// last line is copied as it is, without adding '\n'.
import { type MicroClock, unixMicrosNow } from './clock.js';
import { LABEL_LENGTH, LABEL_PREFIX, TAI64_OFFSET } from './constants.js';
import { writeHex8 } from './hex.js';
import { OutputBuffer } from './output-buffer.js';

const NEWLINE = 0x0a;
const SPACE = 0x20;
/** '@' + 24 hex + ' ' */
export const STAMP_LENGTH = LABEL_LENGTH + 1;

export interface LineStamperOptions {
  /** Wall clock in Unix µs (default: the system clock). Injected by tests. */
  clock?: MicroClock;
}

export class LineStamper {
  private readonly clock: MicroClock;
  private readonly out = new OutputBuffer(256 * 1024);
  /** The last stamp written, reused while the clock reads the same µs. */
  private readonly stamp = Buffer.alloc(STAMP_LENGTH);
  private stampMicros = Number.NaN;
  private stampSeconds = Number.NaN;
  private atLineStart = true;

  constructor(options: LineStamperOptions = {}) {
    this.clock = options.clock ?? unixMicrosNow;
    this.stamp[0] = LABEL_PREFIX;
    this.stamp[LABEL_LENGTH] = SPACE;
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
        this.refreshStamp();
        const s = this.stamp;
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

  private refreshStamp(): void {
    const micros = this.clock();
    if (micros === this.stampMicros) return;
    this.stampMicros = micros;
    const us = ((micros % 1_000_000) + 1_000_000) % 1_000_000;
    const secs = (micros - us) / 1_000_000;
    if (secs !== this.stampSeconds) {
      this.stampSeconds = secs;
      const label = BigInt(secs) + TAI64_OFFSET;
      writeHex8(Number(label >> 32n), this.stamp, 1);
      writeHex8(Number(label & 0xffffffffn), this.stamp, 9);
    }
    writeHex8(us * 1000 + 500, this.stamp, 17);
  }
}
