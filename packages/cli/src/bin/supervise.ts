#!/usr/bin/env node
// supervise dir: daemontools 0.76 supervise over @dt/scanner's Supervisor. Stays in the foreground and exits
// 0 once `svc -x` has taken effect and the service is down. Catches no signal, as 0.76 (a killed supervise
// leaves ./run running).
import { Supervisor } from '@dt/scanner';
import { program } from '../lib/prog.js';
import { startState } from '@dt/posix';

const prog = program('supervise');
startState(); // the launcher's record (build/launcher.mjs), out of process.env before any child copies it
const args = process.argv.slice(2);

prog.run(async () => {
  // 0.76: `if (!dir || argv[2])`; no option parsing (supervise.c main)
  if (args.length !== 1) prog.usage('supervise dir');
  const supervisor = new Supervisor({
    dir: args[0]!,
    onWarning: prog.line,
  });
  const done = new Promise<void>((resolve) => supervisor.once('done', resolve));
  await supervisor.start(); // a SuperviseError (its message in 0.76 words) ends in prog.run: fatal, 111
  await done;
  return 0;
});
