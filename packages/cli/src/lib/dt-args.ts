// The `dt` subcommands' argument handling: `--help` alone prints the help on stdout (exit 0); otherwise
// node:util parseArgs, strict, positionals allowed; anything it rejects is a usage error (exit 100).
import { type ParseArgsOptionsConfig, parseArgs } from 'node:util';
import type { Program } from './prog.js';

/** The parsed arguments, or undefined when the help was printed (the caller returns: exit 0). */
export function parseDtArgs<const T extends ParseArgsOptionsConfig>(prog: Program, argv: string[], spec: { options: T; usage: string; help: string }) {
  if (argv.length === 1 && argv[0] === '--help') {
    prog.out(spec.help);
    return undefined;
  }
  try {
    return parseArgs({ args: argv, options: spec.options, strict: true, allowPositionals: true });
  } catch {
    return prog.usage(spec.usage);
  }
}

/** The longest --timeout a timer can honour: setTimeout's 2^31-1 ms, in whole seconds (24.8 days). */
export const MAX_TIMEOUT_SECONDS = 2147483;

/**
 * `--timeout SECONDS` in milliseconds: a decimal number from 0 to MAX_TIMEOUT_SECONDS (fractions allowed);
 * `fallback` when absent. Anything else is a usage error naming the value, never a timer that fires early.
 */
export function parseTimeout(prog: Program, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const seconds = /^(\d+\.?\d*|\.\d+)$/.test(text) ? Number(text) : NaN;
  if (!(seconds >= 0 && seconds <= MAX_TIMEOUT_SECONDS)) {
    return prog.usage(`--timeout takes seconds from 0 to ${MAX_TIMEOUT_SECONDS}, not ${JSON.stringify(text)}`);
  }
  return Math.round(seconds * 1000);
}
