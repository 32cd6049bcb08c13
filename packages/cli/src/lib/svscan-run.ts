// svscan's one long-lived process, shared by `svscan DIR` (0.76 exactly) and `dt svscan --serve ... DIR`
// (the same, serving its own tree over HTTP): away from the terminal, lean V8 flags, one Scanner over DIR;
// SIGTERM, SIGINT or SIGHUP is the seed's orderly stop (a second one kills what still runs); 0 once all is down.
import { Scanner } from '@dt/scanner';
import { type Program, program } from './prog.js';
import { chdirBytes } from './chdir-bytes.js';
import { cleanEnvironment, DETACHED, execLean, IN_DIR } from './scan-runtime.js';
import { runInOwnSession } from './session.js';

const STOP_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/** Something started beside the scanner once it runs, closed after it stopped. */
export type ScanCompanion = (scanDir: string) => Promise<{ close(): Promise<void> } | undefined>;

/**
 * `dir` is a byte string (rawArgs(); dt svscan passes its text as UTF-8 bytes), entered by its bytes and
 * shown as given. It is entered first, once: the copies this process becomes or starts (the lean re-exec,
 * the own-session copy) inherit the directory, and IN_DIR tells them not to enter it again.
 */
export async function runSvscan(prog: Program, dir: string | undefined, companion?: ScanCompanion): Promise<number> {
  if (dir !== undefined && process.env[IN_DIR] === undefined) {
    try {
      chdirBytes(dir);
    } catch (e) {
      program(prog.name, { bytes: true }).fatal(`unable to chdir to ${dir}`, e); // the name's bytes as given
    }
  }
  process.env[IN_DIR] = '1';
  const away = runInOwnSession({ marker: DETACHED, signals: STOP_SIGNALS, forwardAs: 'SIGTERM' });
  if (away) return away;
  execLean();
  cleanEnvironment();
  const scanner = new Scanner({ dir: '.', onWarning: prog.line });
  let signals = 0;
  for (const s of STOP_SIGNALS) process.on(s, () => (signals++ === 0 ? void scanner.stop() : scanner.forceStop()));
  const stopped = new Promise<void>((resolve) => scanner.once('stopped', resolve));
  await scanner.start();
  const beside = await companion?.('.');
  await stopped;
  await beside?.close();
  return 0;
}
