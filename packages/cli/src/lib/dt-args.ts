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
