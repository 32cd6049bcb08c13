// POSIX getopt with daemontools 0.76's behaviour (sgetopt.c over subgetopt.c): options stop at the first
// non-option; `--` (or any argument starting `--`) ends them and is consumed; a lone `-` is an operand;
// an option's argument is the rest of its word or else the next word (which may be empty or start with `-`).
import { writeStderr } from './prog.js';

export interface GetoptOption {
  option: string;
  arg?: string;
}

export type GetoptResult =
  | { ok: true; options: GetoptOption[]; operands: string[] }
  | { ok: false; problem: 'illegal' | 'missing'; option: string };

/**
 * Parse `args` (argv without the program name) against `optstring` (`"a:bc"`: `a` takes an argument).
 * `onOption` sees each option as it is read, before any later problem (0.76 softlimit checks each value
 * there: `softlimit -a x -z` is a usage error for `x`, never reaching `-z`); it may throw to stop.
 */
export function getopt(args: readonly string[], optstring: string, onOption?: (o: GetoptOption) => void): GetoptResult {
  const options: GetoptOption[] = [];
  let optind = 0;
  let optpos = 0;
  for (;;) {
    if (optind >= args.length) break;
    if (optpos > 0 && optpos >= args[optind]!.length) {
      optind++;
      optpos = 0;
      if (optind >= args.length) break;
    }
    const word = args[optind]!;
    if (optpos === 0) {
      if (word[0] !== '-') break;
      optpos = 1;
      const first = word[1];
      if (first === undefined || first === '-') {
        if (first !== undefined) optind++; // `--…` is consumed; a lone `-` stays as the first operand
        break;
      }
    }
    const c = String.fromCodePoint(word.codePointAt(optpos)!); // a whole character, even outside the BMP
    optpos += c.length;
    const at = c === ':' ? -1 : optstring.indexOf(c);
    if (at < 0) return { ok: false, problem: 'illegal', option: c };
    if (optstring[at + 1] !== ':') {
      options.push({ option: c });
      onOption?.(options[options.length - 1]!);
      continue;
    }
    let arg = word.slice(optpos);
    optind++;
    optpos = 0;
    if (arg === '') {
      if (optind >= args.length) return { ok: false, problem: 'missing', option: c };
      arg = args[optind]!;
      optind++;
    }
    options.push({ option: c, arg });
    onOption?.(options[options.length - 1]!);
  }
  return { ok: true, options, operands: args.slice(optind) };
}

/**
 * sgetopt's own diagnostic line, printed before the program's usage line, as a byte string (one char per
 * byte, 'latin1'). C getopt works on bytes, so of a multi-byte option character it names the first byte
 * only, as 0.76 does: an option from byte-string arguments (rawArgs()) is that byte already; a character
 * beyond 0xff (from text arguments) is named by the first byte of its UTF-8 form.
 */
export function formatGetoptProblem(prog: string, problem: 'illegal' | 'missing', option: string): string {
  const code = option.codePointAt(0)!;
  const byte = code <= 0xff ? code : Buffer.from(String.fromCodePoint(code))[0]!;
  return `${prog}: ${problem === 'illegal' ? 'illegal option' : 'option requires an argument'} -- ${String.fromCharCode(byte)}\n`;
}

/** Write sgetopt's diagnostic for a failed parse to fd 2 (the caller then prints its usage). */
export function reportGetoptProblem(prog: string, r: Extract<GetoptResult, { ok: false }>): void {
  writeStderr(Buffer.from(formatGetoptProblem(prog, r.problem, r.option), 'latin1'));
}
