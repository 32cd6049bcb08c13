// dt run-with scandir [--timeout SECONDS] -- command [arg ...]: start the scan directory in this process,
// wait until every service is ready (up, for those without notification-fd) and every logger up, run the
// command, stop the tree in order (loggers outlive their services), print the log of every service that
// failed (tree.failures(): not up when the command ended, restarted, or just exited), and exit with the command's status
// (128 + signal number when it was killed). 100 usage; 111 when the tree does not get ready in time
// (default 60 seconds) or the command cannot be run.
import { spawn } from 'node:child_process';
import { openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { findLogDir, readLogs } from '@dt/multilog';
import { startTree, TreeExitError, TreeLockError, TreeTimeoutError, type Tree } from '@dt/scanner';
import { describeState } from '@dt/supervise-protocol';
import { LocalConverter } from '@dt/tai64';
import { program } from '../lib/prog.js';
import { EXIT_TEMPORARY } from '../lib/exit-codes.js';
import { exitStatusOf, runInOwnSession } from '../lib/session.js';

const USAGE = 'dt run-with scandir [--timeout seconds] -- command [arg ...]';
const DEFAULT_TIMEOUT_SECONDS = 60;
/** Ready, and still up this long (ms): a service that exits within its first second is not ready (PM2's min_uptime). */
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

async function printLog(prog: ReturnType<typeof program>, name: string, dir: string, why: string): Promise<void> {
  const logDir = findLogDir(dir);
  if (!logDir) return prog.warn(`${name} failed (${why}); it has no log directory`);
  prog.warn(`${name} failed (${why}); ${logDir} follows`);
  const local = new LocalConverter();
  for await (const line of readLogs(logDir)) writeSync(2, local.push(line));
}

export function main(argv: string[]): void {
  const prog = program('dt run-with');
  prog.run(async () => {
    const dash = argv.indexOf('--');
    let parsed;
    try {
      parsed = parseArgs({ args: argv.slice(0, dash), options: { timeout: { type: 'string', short: 't' } }, strict: true, allowPositionals: true });
    } catch {
      return prog.usage(USAGE);
    }
    const command = argv.slice(dash + 1);
    const seconds = parsed.values.timeout === undefined ? DEFAULT_TIMEOUT_SECONDS : Number(parsed.values.timeout);
    if (dash < 0 || command.length === 0 || parsed.positionals.length !== 1 || !(seconds >= 0)) return prog.usage(USAGE);
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
    let status: number;
    const failed = new Map<string, string>(); // name -> why
    let ready = false;
    const abort = new AbortController();
    const onWaitSignal = () => abort.abort();
    for (const sig of FORWARDED) process.once(sig, onWaitSignal);
    try {
      await tree.waitAllReady({ timeout: seconds * 1000, signal: abort.signal, minUptime: MIN_UPTIME_MS });
      ready = true;
    } catch (e) {
      if (e instanceof TreeTimeoutError) {
        for (const p of e.pending) failed.set(p.name.replace(/\/log$/, ''), describeState(p.state));
        const what = e.pending.map((p) => `${p.name}: ${describeState(p.state)}`).join('; ');
        prog.warn(`timed out after ${seconds} seconds waiting for ${scandir} to be ready: ${what}`);
      } else if (e instanceof TreeExitError || e instanceof TreeLockError) {
        if (e instanceof TreeExitError) failed.set(e.service.replace(/\/log$/, ''), 'exited');
        prog.warn(e.message);
      } else prog.warn(`interrupted waiting for ${scandir} to be ready`);
    }
    for (const sig of FORWARDED) process.off(sig, onWaitSignal);
    if (!ready) status = EXIT_TEMPORARY;
    else {
      status = await runCommand(command).catch((e: unknown) => {
        prog.warn(`unable to run ${command[0]}`, e);
        return EXIT_TEMPORARY;
      });
    }
    for (const f of await tree.failures()) if (!failed.has(f.name)) failed.set(f.name, f.why);
    stopping = true;
    await tree.stop();
    for (const sig of FORWARDED) process.off(sig, onSignal);
    for (const [name, why] of failed) await printLog(prog, name, join(scandir, name), why);
    return status;
  });
}
