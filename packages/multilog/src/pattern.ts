// multilog's patterns (match.c): no backtracking. A character matches itself; `*` followed by c consumes
// input up to (not including) the FIRST c; `*` at the end matches anything; the whole line must be used.

/** match.c match(): does `pattern` match buf[start, start+len)? */
export function matchPattern(pattern: Uint8Array, buf: Uint8Array, start = 0, len = buf.length - start): boolean {
  let p = 0;
  let i = start;
  const end = start + len;
  for (;;) {
    if (p === pattern.length) return i === end;
    const ch = pattern[p++]!;
    if (ch === 0x2a /* * */) {
      if (p === pattern.length) return true;
      const next = pattern[p]!;
      for (;;) {
        if (i === end) return false;
        if (buf[i] === next) break;
        i++;
      }
      continue;
    }
    if (i === end) return false;
    if (buf[i] !== ch) return false;
    i++;
  }
}

export type Matcher = (buf: Uint8Array, start: number, len: number) => boolean;

/** What compilePattern gives for `*`: every line matches. */
export const MATCH_ALL: Matcher = () => true;

/** Compiles a pattern once into a matcher; common shapes get a shortcut, the rest use matchPattern. */
export function compilePattern(pattern: Uint8Array): Matcher {
  const pat = Buffer.from(pattern);
  if (pat.length === 1 && pat[0] === 0x2a) return MATCH_ALL;
  if (pat.indexOf(0x2a) === -1) {
    return (buf, start, len) => len === pat.length && Buffer.compare(pat, buf.subarray(start, start + len)) === 0;
  }
  return (buf, start, len) => matchPattern(pat, buf, start, len);
}
