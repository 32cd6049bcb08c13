// A reusable, growable output area: one write per input chunk without allocating per line.

export class OutputBuffer {
  buf: Buffer;
  constructor(initialSize = 64 * 1024) {
    this.buf = Buffer.allocUnsafe(initialSize);
  }
  /** Makes room for `needed` bytes in total, keeping the first `used` bytes. */
  ensure(needed: number, used: number): Buffer {
    if (needed > this.buf.length) {
      const bigger = Buffer.allocUnsafe(Math.max(needed, this.buf.length * 2));
      this.buf.copy(bigger, 0, 0, used);
      this.buf = bigger;
    }
    return this.buf;
  }
}
