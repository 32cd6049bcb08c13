// The arguments as the kernel passed them. Node decodes argv as UTF-8 (a byte that is not becomes
// U+FFFD); /proc/self/cmdline still holds the bytes. They are returned as byte strings: one char per byte
// ('latin1'), so string code (getopt, messages) works on them unchanged and bytesOf() gives the bytes back.
import { readFileSync } from 'node:fs';

/** A byte string's bytes (each char is one byte). */
export const bytesOf = (s: string): Buffer => Buffer.from(s, 'latin1');

/** A byte string as text (UTF-8 decoded): for calls that only take strings, such as process.chdir. */
export const textOf = (s: string): string => bytesOf(s).toString('utf8');

/**
 * argv after the script name, as byte strings: the last process.argv.length - 2 entries of
 * /proc/self/cmdline (Node's own options come before the script). Falls back to process.argv re-encoded
 * as UTF-8 where /proc is missing or disagrees.
 */
export function rawArgs(argv: readonly string[] = process.argv): string[] {
  const count = argv.length - 2;
  const fallback = () => argv.slice(2).map((a) => Buffer.from(a).toString('latin1'));
  let raw: Buffer;
  try {
    raw = readFileSync('/proc/self/cmdline');
  } catch {
    return fallback();
  }
  const entries = raw.toString('latin1').split('\0');
  if (entries[entries.length - 1] === '') entries.pop(); // every entry ends with a NUL
  if (entries.length < count + 2) return fallback();
  const args = entries.slice(entries.length - count);
  // the same arguments, apart from bytes that are not UTF-8: else /proc does not hold this argv (a changed title)
  for (let i = 0; i < count; i++) {
    const a = argv[i + 2]!;
    if (!a.includes('\uFFFD') && textOf(args[i]!) !== a) return fallback();
  }
  return args;
}
