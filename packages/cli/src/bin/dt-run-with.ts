// dt run-with scandir [--timeout SECONDS] -- command [arg ...]: start the scan directory in this process,
// wait until every service is ready (up, for those without notification-fd) and every logger up, run the
// command, stop the tree in order (loggers outlive their services), print the last log lines of every
// service that failed (not ready in time, or tree.failures(): not up when the command ended, restarted,
// or just exited), and exit with the command's status (128 + signal number when it was killed).
// 100 usage; 111 when the tree does not get ready in time (default 60 seconds; the command is then not
// run) or the command cannot be run.
import { spawn } from 'node:child_process';
import { openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { startTree, TreeTimeoutError, type Tree } from '@dt/scanner';
import { describeState } from '@dt/supervise-protocol';
import { parseDtArgs, parseTimeout } from '../lib/dt-args.js';
import { EXIT_TEMPORARY } from '../lib/exit-codes.js';
import { printFailure } from '../lib/failure-log.js';
import { program } from '../lib/prog.js';
import { exitStatusOf, runInOwnSession } from '../lib/session.js';
import { reportProgress } from '../lib/wait-progress.js';

const USAGE = 'dt run-with scandir [--timeout seconds] -- command [arg ...]';
const HELP = `usage: ${USAGE}
  starts scandir in this process, waits until every service is ready and every logger up (--timeout,
  default 60 seconds), runs the command, stops the tree in order, prints the last log lines of each
  service that failed, and exits with the command's status. A service that is not up and ready in time
  fails the run: the command is not run.
exit codes: the command's (128 + N when killed by signal N), 100 usage, 111 not ready in time or the
  command cannot be run
`;
const DEFAULT_TIMEOUT_MS = 60_000;
/** A service must stay up (and ready) this long to count as started, as PM2's min_uptime: a run script that fails at once does not. */
const MIN_UPTIME_MS = 1000;
const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const DETACHED = 'DT_RUN_WITH_DETACHED';

/** Runs `argv` with our stdio; resolves with its exit status (128 + signal when killed), rejects when it cannot start. */
function runCommand(argv: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), { stdio: 'inherit' });
    const forward = (sig: NodeJS.Signals) => child.kill(sig);
    for (const sig of FORWARDED) process.on(sig, forward);
    const done = () => FORWARDED.forEach((sig) => process.off(sig, forward));
    child.once('error', (e) => (done(), reject(e)));
    child.once('exit', (code, signal) => {
      done();
      resolve(exitStatusOf(code, signal));
    });
  });
}

/** Waits until the tree is ready; the services (and loggers, `name/log`) that are not, with why. */
async function waitReady(tree: Tree, timeout: number, prog: ReturnType<typeof program>, text: string | undefined): Promise<Map<string, string>> {
  const failed = new Map<string, string>();
  const abort = new AbortController();
  const onSignal = () => abort.abort();
  for (const sig of FORWARDED) process.once(sig, onSignal);
  const waited = tree.services().flatMap((s) => [
    { name: s.name, dir: s.dir, target: 'ready' as const },
    ...(s.log ? [{ name: `${s.name}/log`, dir: s.log.dir, target: 'up' as const }] : []),
  ]);
  const quiet = reportProgress(waited, { prog: prog.name, print: prog.line });
  const opts = { timeout, signal: abort.signal, minUptime: MIN_UPTIME_MS };
  try {
    await tree.waitAllReady(opts);
  } catch (e) {
    const err = e as Error & { pending?: { name: string; state?: Parameters<typeof describeState>[0] }[] };
    // pending: what the wait had not confirmed yet; one that is ready (its minimum uptime not over when
    // another exited, say) has not failed
    for (const p of err.pending ?? []) if (!p.state?.ready || !p.state.up) failed.set(p.name, describeState(p.state));
    const what = [...failed].map(([n, why]) => `${n}: ${why}`).join('; ');
    if (abort.signal.aborted) prog.warn(`interrupted waiting for ${tree.dir} to be ready`);
    else if (e instanceof TreeTimeoutError) prog.warn(`timed out after ${text ?? DEFAULT_TIMEOUT_MS / 1000} seconds waiting for ${tree.dir} to be ready: ${what}`);
    else prog.warn(err.message);
    if (failed.size === 0) failed.set('', err.message);
  } finally {
    quiet();
    for (const sig of FORWARDED) process.off(sig, onSignal);
  }
  return failed;
}

export function main(argv: string[]): void {
  const prog = program('dt run-with');
  prog.run(async () => {
    const dash = argv.indexOf('--');
    const parsed = parseDtArgs(prog, dash < 0 ? argv : argv.slice(0, dash), { options: { timeout: { type: 'string', short: 't' } }, usage: USAGE, help: HELP });
    if (parsed === undefined) return;
    const command = argv.slice(dash + 1);
    if (dash < 0 || command.length === 0 || parsed.positionals.length !== 1) return prog.usage(USAGE);
    if (command[0] === '') return prog.usage(`the command name is empty: ${USAGE}`);
    const timeout = parseTimeout(prog, parsed.values.timeout, DEFAULT_TIMEOUT_MS);
    const scandir = parsed.positionals[0]!;
    const away = runInOwnSession({ marker: DETACHED, signals: FORWARDED });
    if (away) return away;
    delete process.env[DETACHED];

    let tree: Tree;
    try {
      // Services read /dev/null, not our stdin: the command may need it (svscan would hand them its own).
      tree = await startTree(scandir, { stdin: openSync('/dev/null', 'r'), onWarning: (line) => writeSync(2, `${line}\n`) });
    } catch (e) {
      return prog.fatal((e as Error).message);
    }
    // While the tree runs, a first INT/TERM goes to the command (or ends the wait); a second forces the stop.
    let stopping = false;
    const onSignal = () => (stopping ? tree.scanner.forceStop() : undefined);
    for (const sig of FORWARDED) process.on(sig, onSignal);
    const failed = await waitReady(tree, timeout, prog, parsed.values.timeout);
    let status = EXIT_TEMPORARY; // not ready: the command is not run
    if (failed.size === 0) {
      status = await runCommand(command).catch((e: unknown) => {
        prog.warn(`unable to run ${command[0]}`, e);
        return EXIT_TEMPORARY;
      });
      for (const f of await tree.failures()) failed.set(f.name, f.why);
    }
    stopping = true;
    await tree.stop();
    for (const sig of FORWARDED) process.off(sig, onSignal);
    for (const [name, why] of failed) if (name) await printFailure(prog, name, join(scandir, name.replace(/\/log$/, '')), why);
    return status;
  });
}
