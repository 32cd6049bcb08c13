// Seeded fuzz for the stream converters' tests: the same pseudo-random numbers on every run (an LCG, as
// C's rand), and an input cut into random chunks, so that a failure can be replayed.

/** rand(n): the next number in [0, n) of the sequence that `seed` starts. */
export function seededRandom(seed: number): (n: number) => number {
  let s = seed;
  return (n: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return s % n;
  };
}

/** input cut into consecutive chunks of 1 to maxLength bytes, lengths drawn from rand. */
export function randomChunks(input: Buffer, rand: (n: number) => number, maxLength: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let i = 0; i < input.length; ) {
    const n = 1 + rand(maxLength);
    chunks.push(input.subarray(i, i + n));
    i += n;
  }
  return chunks;
}
