// One Node start per chain: `envdir e setuidgid app softlimit -m N prog` runs envdir, then (as the C chain
// would exec them) setuidgid and softlimit in this same process, and execs prog once. A link's next program
// counts as a link only when the exec would run this project's own file for it (found on the PATH the
// exec would search, first candidate execve could run, same real path as the bin beside this one);
// anything else (another envdir, a script, fghack) is exec'd. Order of effects, messages and exit codes
// are the C chain's: each link reports under its own name, and the final exec fails under the last one's.
import { accessSync, constants, realpathSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { searchCandidates, startState } from '@dt/posix';
import { readEnviron } from './chainload-env.js';
import { ChainloadError } from './chainload-errors.js';
import { chainload } from './chainload.js';
import { type ChainState, LINKS } from './chain-links.js';
import { type Program, program } from './prog.js';
import { rawArgs } from './raw-argv.js';
import { prepareSoftLimits } from './softlimit-apply.js';

/** PATH in an environ (byte entries), as the process holding it would read it. */
export function pathOf(environ: readonly Buffer[]): string | undefined {
  for (const e of environ) if (e.length >= 5 && e.toString('latin1', 0, 5) === 'PATH=') return e.toString('latin1', 5);
  return undefined;
}

/** The bin directory this bundle runs from (dist/bin), as a real path. */
function ownBinDir(): string | undefined {
  try {
    return realpathSync.native(dirname(fileURLToPath(import.meta.url)));
  } catch {
    return undefined;
  }
}

/**
 * The link `file` names, if the exec would run one of ours: the first candidate execve could run (a
 * regular file we may execute; pathexec_run goes on past ENOENT and EACCES) resolves to BINDIR/NAME.js.
 */
export function linkNameOf(file: string, path: string | undefined, binDir: string | undefined): string | undefined {
  if (binDir === undefined) return undefined;
  // Only a file named as one of ours (or NAME.js) is looked at further: a final program costs no realpath.
  const base = file.slice(file.lastIndexOf('/') + 1).replace(/\.js$/, '');
  if (!Object.hasOwn(LINKS, base)) return undefined;
  for (const c of searchCandidates(file, path)) {
    let real: string;
    try {
      const p = Buffer.from(c, 'latin1');
      if (!statSync(p).isFile()) continue;
      accessSync(p, constants.X_OK);
      real = realpathSync.native(p, { encoding: 'latin1' });
    } catch {
      continue;
    }
    if (dirname(real) !== binDir || !real.endsWith('.js')) return undefined;
    const name = real.slice(binDir.length + 1, -3);
    return Object.hasOwn(LINKS, name) ? name : undefined;
  }
  return undefined;
}

/** Run this process as the chain-loader `first` with its raw arguments, and every link after it in turn. */
export function runChain(first: string): void {
  // the inherited fds, before this process opens any of its own; process.env is left as sh rebuilt it (the
  // final exec gets the launcher's copy of the environ, readEnviron(), never process.env)
  startState(process.env, { restoreEnv: false });
  const outer = program(first, { bytes: true });
  outer.run(() => {
    const st: ChainState = { environ: readEnviron(), keepFds: [], limits: [] };
    const binDir = ownBinDir();
    let name = first;
    let args = rawArgs();
    let prog: Program = outer;
    for (;;) {
      const path = pathOf(st.environ); // the PATH this link's exec searches: its own environ's (0.76 pathexec_run)
      let r;
      try {
        r = LINKS[name]!(prog, args, st);
      } catch (e) {
        if (e instanceof ChainloadError) prog.fatal(e.text, e.cause); // under this link's name
        throw e;
      }
      if ('exit' in r) return r.exit;
      const next = linkNameOf(r.next[0]!, path, binDir);
      if (next === undefined) return finish(prog, r.next, st, path);
      name = next;
      args = r.next.slice(1);
      prog = program(name, { bytes: true });
    }
  });
}

/** The final exec: the chain's limits last, so nothing of Node runs under them. */
function finish(prog: Program, argv: string[], st: ChainState, path: string | undefined): never {
  let apply: (() => void) | undefined;
  try {
    apply = st.limits.length > 0 ? prepareSoftLimits(st.limits) : undefined;
  } catch (e) {
    if (e instanceof ChainloadError) prog.fatal(e.text, e.cause);
    throw e;
  }
  return chainload(prog.name, argv, { env: st.environ, keepFds: st.keepFds, beforeExec: apply, searchPath: path });
}
