// Lowercase hex digits as bytes, computed once (style.md §7: precomputed hex table). Both tables are
// /* @__PURE__ */: a bundle that uses neither (svstat only wants TAI64_OFFSET) does not build them at load.

/** HEX_DIGITS[n] is the ASCII byte of lowercase hex digit n. */
export const HEX_DIGITS = /* @__PURE__ */ Uint8Array.from('0123456789abcdef', (c) => c.charCodeAt(0));

/** HEX_VALUE[byte] is the value of a lowercase hex digit byte, or 255 for any other byte (uppercase included). */
export const HEX_VALUE: Uint8Array = /* @__PURE__ */ (() => {
  const table = new Uint8Array(256).fill(255);
  for (let i = 0; i < 16; i++) table[HEX_DIGITS[i]!] = i;
  return table;
})();

/** Writes `value` (0..2^32-1) as 8 lowercase hex digits at `offset`. */
export function writeHex8(value: number, out: Uint8Array, offset: number): void {
  for (let i = 7; i >= 0; i--) {
    out[offset + i] = HEX_DIGITS[value & 15]!;
    value >>>= 4;
  }
}
