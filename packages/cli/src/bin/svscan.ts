#!/usr/bin/env node
// svscan [DIR]: daemontools 0.76 svscan, one process for the whole tree. SIGTERM, SIGINT or SIGHUP is the
// seed's orderly stop (a second one kills what still runs); exit 0 once everything is down.
// Started from a terminal, it runs the tree in a session of its own (a child svscan) and passes signals
// on, so Ctrl-C reaches svscan only, never straight to every service and logger in the terminal's group.
import { spawn } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { Scanner } from '@dt/scanner';
import { program } from '../lib/prog.js';

const prog = program('svscan');
const [dir] = process.argv.slice(2);
const STOP_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'] as const;
const DETACHED = 'DT_SVSCAN_DETACHED';

function line(text: string): void {
  try {
    writeSync(2, `${text}\n`);
  } catch {
    // stderr gone: nothing better to do with a warning
  }
}

function hasTerminal(): boolean {
  try {
    closeSync(openSync('/dev/tty', 'r'));
    return true;
  } catch {
    return false;
  }
}

async function viaSession(): Promise<number> {
  const child = spawn(process.execPath, process.argv.slice(1), {
    detached: true,
    stdio: 'inherit',
    env: { ...process.env, [DETACHED]: '1' },
  });
  for (const s of STOP_SIGNALS) process.on(s, () => child.kill('SIGTERM'));
  return new Promise((resolve) => child.on('exit', (code) => resolve(code ?? 111)));
}

prog.run(async () => {
  if (process.env[DETACHED] === undefined && hasTerminal()) return viaSession();
  delete process.env[DETACHED];
  if (dir !== undefined) {
    try {
      process.chdir(dir);
    } catch (e) {
      prog.fatal(`unable to chdir to ${dir}`, e);
    }
  }
  const scanner = new Scanner({ dir: '.', onWarning: line });
  let signals = 0;
  for (const s of STOP_SIGNALS) process.on(s, () => (signals++ === 0 ? void scanner.stop() : scanner.forceStop()));
  const stopped = new Promise<void>((resolve) => scanner.once('stopped', resolve));
  await scanner.start();
  await stopped;
  return 0;
});
