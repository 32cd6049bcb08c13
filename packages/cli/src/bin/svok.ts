#!/usr/bin/env node
// svok dir: exit 0 when a supervise is running in dir, 100 when not (daemontools 0.76 svok.c).
import { isSupervised } from '@dt/supervise-protocol';
import { EXIT_PERMANENT } from '../lib/exit-codes.js';
import { dirArg, showDir } from '../lib/dir-arg.js';
import { program } from '../lib/prog.js';
import { rawArgs } from '../lib/raw-argv.js';

const prog = program('svok', { bytes: true }); // names are printed as the bytes given
prog.run(async () => {
  const arg = rawArgs()[0]; // only the first argument counts, as in 0.76
  if (arg === undefined) return prog.usage('svok dir');
  const dir = dirArg(arg);
  try {
    return (await isSupervised(dir.path)) ? 0 : EXIT_PERMANENT;
  } catch (e) {
    return prog.fatal(showDir((e as Error).message, dir), (e as Error).cause ?? undefined);
  }
});
