// svscan's one long-lived process, shared by `svscan DIR` (0.76 exactly) and `dt svscan --serve ... DIR`
// (the same, serving its own tree over HTTP): away from the terminal, lean V8 flags, one Scanner over DIR;
// SIGTERM, SIGINT or SIGHUP is the seed's orderly stop (a second one kills what still runs); 0 once all is down.
import { Scanner } from '@dt/scanner';
import type { Program } from './prog.js';
import { cleanEnvironment, DETACHED, execLean } from './scan-runtime.js';
import { runInOwnSession } from './session.js';
import { startHousekeeping } from './svscan-memory.js';

const STOP_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

/** Something started beside the scanner once it runs, closed after it stopped. */
export type ScanCompanion = (scanDir: string) => Promise<{ close(): Promise<void> } | undefined>;

export async function runSvscan(prog: Program, dir: string | undefined, companion?: ScanCompanion): Promise<number> {
  const away = runInOwnSession({ marker: DETACHED, signals: STOP_SIGNALS, forwardAs: 'SIGTERM' });
  if (away) return away;
  execLean();
  cleanEnvironment();
  if (dir !== undefined) {
    try {
      process.chdir(dir);
    } catch (e) {
      prog.fatal(`unable to chdir to ${dir}`, e);
    }
  }
  const scanner = new Scanner({ dir: '.', onWarning: prog.line });
  let signals = 0;
  for (const s of STOP_SIGNALS) process.on(s, () => (signals++ === 0 ? void scanner.stop() : scanner.forceStop()));
  const stopped = new Promise<void>((resolve) => scanner.once('stopped', resolve));
  await scanner.start();
  const housekeeping = startHousekeeping(scanner);
  const beside = await companion?.('.');
  await stopped;
  housekeeping();
  await beside?.close();
  return 0;
}
