// The chain-loaders as links: each applies its effect to this process (or to the chain's state, for what
// must wait until the final exec) and returns the program to run next. One Node process runs a whole chain
// of them (lib/chain.ts). Arguments and texts are byte strings (rawArgs()).
import { getpwnam, setsid } from '@dt/posix';
import { type EnvChange, applyEnvChanges } from './chainload-env.js';
import { readEnvDir } from './envdir-read.js';
import { EXIT_TEMPORARY } from './exit-codes.js';
import { getopt, reportGetoptProblem } from './getopt.js';
import type { Program } from './prog.js';
import { bytesOf, textOf } from './raw-argv.js';
import { openAndLock } from './setlock-lock.js';
import type { LimitSetting } from './softlimit-apply.js';
import { RESOURCES_BY_OPTION, SOFTLIMIT_OPTSTRING, SOFTLIMIT_USAGE, parseLimit } from './softlimit-options.js';

export interface ChainState {
  /** The environ the next program gets (read once, before any uid change). */
  environ: Buffer[];
  /** fds opened for the final program (setlock's locks), in the order C would have opened them. */
  keepFds: number[];
  /** Every softlimit setting of the chain, in order: applied at the final exec. */
  limits: LimitSetting[];
}

/** What a link leaves to do: run `next` (argv, byte strings), or end the process with `exit`. */
export type LinkResult = { next: string[] } | { exit: number };

export type Link = (prog: Program, args: string[], st: ChainState) => LinkResult;

const withEnv = (st: ChainState, changes: readonly EnvChange[]) => {
  st.environ = applyEnvChanges(st.environ, changes);
};

/** envdir dir child (usage exit 111, as 0.76). */
function envdir(prog: Program, args: string[], st: ChainState): LinkResult {
  const [dir, ...child] = args;
  if (dir === undefined || child.length === 0) prog.usage('envdir dir child', EXIT_TEMPORARY);
  withEnv(st, readEnvDir(dir));
  return { next: child };
}

/** envuidgid account child: $GID and $UID set to account's. */
function envuidgid(prog: Program, args: string[], st: ChainState): LinkResult {
  const [account, ...child] = args;
  if (account === undefined || child.length === 0) prog.usage('envuidgid account child');
  const pw = getpwnam(textOf(account));
  if (pw === undefined) prog.fatal(`unknown account ${account}`);
  withEnv(st, [
    ['GID', String(pw.gid)],
    ['UID', String(pw.uid)],
  ]);
  return { next: child };
}

/** setuidgid account child: uid and gid now (a later link already works as account), groups dropped (0.76 prot_gid). */
function setuidgid(prog: Program, args: string[]): LinkResult {
  // 0.76 takes no options: `setuidgid -x ...` looks up an account named -x.
  const [account, ...child] = args;
  if (account === undefined || child.length === 0) prog.usage('setuidgid account child');
  const pw = getpwnam(textOf(account));
  if (pw === undefined) prog.fatal(`unknown account ${account}`);
  try {
    process.setgroups!([pw.gid]); // defined on every POSIX platform
    process.setgid!(pw.gid);
  } catch (e) {
    prog.fatal('unable to setgid', e);
  }
  try {
    process.setuid!(pw.uid);
  } catch (e) {
    prog.fatal('unable to setuid', e);
  }
  return { next: child };
}

/** softlimit [-acdflmoprst n] child: the limits are noted here and set right before the final exec. */
function softlimit(prog: Program, args: string[], st: ChainState): LinkResult {
  // Each value is checked as its option is read (0.76: `-a x -z` is a usage error, no word about -z).
  const parsed = getopt(args, SOFTLIMIT_OPTSTRING, ({ option, arg }) => {
    const req = parseLimit(arg!);
    if (req === undefined) prog.usage(SOFTLIMIT_USAGE);
    st.limits.push({ resources: RESOURCES_BY_OPTION[option]!, req });
  });
  if (!parsed.ok) {
    reportGetoptProblem(prog.name, parsed);
    prog.usage(SOFTLIMIT_USAGE);
  }
  if (parsed.operands.length === 0) prog.usage(SOFTLIMIT_USAGE);
  return { next: parsed.operands };
}

const SETLOCK_USAGE = 'setlock [ -nNxX ] file program [ arg ... ]';

/** setlock [-nNxX] file child: an flock on file, held by the final program through its fd. */
function setlock(prog: Program, args: string[], st: ChainState): LinkResult {
  const parsed = getopt(args, 'nNxX');
  if (!parsed.ok) {
    reportGetoptProblem(prog.name, parsed);
    prog.usage(SETLOCK_USAGE);
  }
  let wait = true; // -N (default) waits, -n does not
  let quiet = false; // -x: exit 0 silently when the file cannot be opened or locked; -X (default): fatal
  for (const { option } of parsed.options) {
    if (option === 'n' || option === 'N') wait = option === 'N';
    else quiet = option === 'x';
  }
  const [file, ...child] = parsed.operands;
  if (file === undefined || child.length === 0) prog.usage(SETLOCK_USAGE);
  const lock = openAndLock(bytesOf(file), wait);
  if (!lock.ok) {
    if (quiet) return { exit: 0 };
    prog.fatal(`unable to ${lock.step} ${file}`, lock.cause);
  }
  st.keepFds.push(lock.fd);
  return { next: child };
}

/** pgrphack child: a new session and process group now (failure ignored, as in 0.76). */
function pgrphack(prog: Program, args: string[]): LinkResult {
  if (args.length === 0) prog.usage('pgrphack child');
  try {
    setsid();
  } catch {
    // already a process group leader (EPERM): 0.76 ignores it too
  }
  return { next: args };
}

/** The links by program name: every chain-loader that can run in the same process as the one before it. */
export const LINKS: Readonly<Record<string, Link>> = { envdir, envuidgid, setuidgid, softlimit, setlock, pgrphack };
