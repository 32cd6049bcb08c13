#!/usr/bin/env node
// svscan [DIR]: daemontools 0.76 svscan, one process for the whole tree. SIGTERM, SIGINT or SIGHUP is the
// seed's orderly stop (a second one kills what still runs); exit 0 once everything is down.
import { Scanner } from '@dt/scanner';
import { program } from '../lib/prog.js';
import { cleanEnvironment, DETACHED, execLean } from '../lib/scan-runtime.js';
import { runInOwnSession } from '../lib/session.js';
import { startState } from '@dt/posix';

const prog = program('svscan');
startState(); // the launcher's record (build/launcher.mjs), out of process.env before any child copies it
const [dir] = process.argv.slice(2);
const STOP_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;

prog.run(async () => {
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
  await stopped;
  return 0;
});
