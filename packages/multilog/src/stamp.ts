// The `t` prefix: '@' + 24 lowercase hex digits of TAI64N + ' ' (26 bytes), taken when the first byte of a
// line is processed (multilog.c doit, timestamp.c). On the hot path: no allocation, the 16 hex digits of the
// seconds recomputed only when the second changes, the clock read once per line.
import { TAI64_OFFSET } from '@dt/tai64';

/** Wall clock in integer Unix microseconds (gettimeofday's resolution). */
export type MicroClock = () => number;

export const STAMP_LENGTH = 26; // '@' + 24 hex + ' '

const HEX = Buffer.from('0123456789abcdef', 'latin1');

// performance.timeOrigin + performance.now() is a µs wall clock costing no allocation; Date.now() checks it
// so a stepped system clock is followed as gettimeofday would be.
let anchorMs = performance.timeOrigin;
export const systemMicroClock: MicroClock = () => {
  const mono = performance.now();
  let wall = anchorMs + mono;
  const coarse = Date.now();
  if (wall < coarse - 1 || wall > coarse + 2) {
    anchorMs = coarse + 0.5 - mono;
    wall = anchorMs + mono;
  }
  return Math.floor(wall * 1000);
};

function hex8(v: number, out: Uint8Array, off: number): void {
  for (let i = 7; i >= 0; i--) {
    out[off + i] = HEX[v & 15]!;
    v >>>= 4;
  }
}

/** Writes 26-byte stamps; `write(out, off)` reads the clock and fills out[off, off+26). */
export class Stamper {
  private lastSecond = -1;
  private lastMicros = -1;
  /** The current stamp bytes (valid after write or refresh). */
  readonly bytes = Buffer.alloc(STAMP_LENGTH, 0x20);

  constructor(private readonly clock: MicroClock = systemMicroClock) {
    this.bytes[0] = 0x40;
  }

  /** Reads the clock and updates `bytes`; returns it. */
  refresh(): Buffer {
    const us = this.clock();
    if (us === this.lastMicros) return this.bytes;
    this.lastMicros = us;
    const micro = ((us % 1_000_000) + 1_000_000) % 1_000_000;
    const second = (us - micro) / 1_000_000;
    if (second !== this.lastSecond) {
      this.lastSecond = second;
      const tai = BigInt(second) + TAI64_OFFSET;
      hex8(Number(tai >> 32n), this.bytes, 1);
      hex8(Number(tai & 0xffffffffn), this.bytes, 9);
    }
    hex8(micro * 1000 + 500, this.bytes, 17); // taia_now: nano = 1000 * usec + 500
    return this.bytes;
  }

  write(out: Uint8Array, off: number): void {
    out.set(this.refresh(), off);
  }
}

/** `@` + 24 hex for a Unix µs reading (archive names `@….s`). */
export function formatStampLabel(us: number): string {
  return new Stamper(() => us).refresh().toString('latin1', 0, 25);
}
