#!/usr/bin/env node
// supervise dir: daemontools 0.76 supervise over @dt/scanner's Supervisor. Stays in the foreground and exits
// 0 once `svc -x` has taken effect and the service is down. Catches no signal, as 0.76 (a killed supervise
// leaves ./run running).
import { Supervisor } from '@dt/scanner';
import { dirArg, showDir } from '../lib/dir-arg.js';
import { program } from '../lib/prog.js';
import { rawArgs } from '../lib/raw-argv.js';
import { startState } from '@dt/posix';

const prog = program('supervise', { bytes: true }); // the name is printed as the bytes given
startState(); // the launcher's record (build/launcher.mjs), out of process.env before any child copies it
const args = rawArgs();

prog.run(async () => {
  // 0.76: `if (!dir || argv[2])`; no option parsing (supervise.c main)
  if (args.length !== 1) prog.usage('supervise dir');
  const dir = dirArg(args[0]!);
  const supervisor = new Supervisor({
    dir: dir.path,
    onWarning: (text) => prog.line(showDir(text, dir)),
  });
  const done = new Promise<void>((resolve) => supervisor.once('done', resolve));
  try {
    await supervisor.start();
  } catch (e) {
    // a SuperviseError: its message in 0.76 words (the errno words included), exit 111
    prog.fatal(showDir(e instanceof Error ? e.message : String(e), dir));
  }
  await done;
  return 0;
});
