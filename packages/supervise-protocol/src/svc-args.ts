// svc's command line, read as djb's getopt reads it (sgetopt.c/subgetopt.c): options are single letters,
// clustered (-du) or apart; option parsing stops at the first argument that does not start with '-', at a
// lone '-', or after any argument starting with '--' (which is consumed). Pure.
import { CONTROL_LETTERS, type ControlLetter } from './control.js';

/** The letters svc accepts: 0.76's getopt string "udopchaitkx" plus the sigq12 patch's "q12". */
export const SVC_OPTION_LETTERS: readonly ControlLetter[] = CONTROL_LETTERS;

/** svc 0.76's text for an unknown option (strerr_die1x(100, ...)), printed after getopt's own line. */
export const SVC_USAGE =
  'svc options: u up, d down, o once, x exit, p pause, c continue, h hup, a alarm, i interrupt, t term, k kill';

export type SvcArgs =
  | { ok: true; letters: ControlLetter[]; dirs: string[] }
  /** `illegal` is the offending option character, as getopt reports it ("illegal option -- z"). */
  | { ok: false; illegal: string };

/** Parse svc's arguments (without argv[0]); letters come back in order, duplicates included. */
export function parseSvcArgs(args: readonly string[], accepted: readonly string[] = SVC_OPTION_LETTERS): SvcArgs {
  const letters: ControlLetter[] = [];
  let i = 0;
  for (; i < args.length; i++) {
    const arg = args[i]!;
    // subgetopt.c: any argument starting with "--" ends the options and is consumed ("--help" included).
    if (arg.startsWith('--')) {
      i++;
      break;
    }
    if (arg.length < 2 || arg[0] !== '-') break;
    for (const c of arg.slice(1)) {
      if (!accepted.includes(c)) return { ok: false, illegal: c };
      letters.push(c as ControlLetter);
    }
  }
  return { ok: true, letters, dirs: args.slice(i) };
}
