#!/usr/bin/env node
// svok dir: exit 0 when a supervise is running in dir, 100 when not (daemontools 0.76 svok.c).
import { isSupervised } from '@dt/supervise-protocol';
import { EXIT_PERMANENT } from '../lib/exit-codes.js';
import { program } from '../lib/prog.js';

const prog = program('svok');
prog.run(async () => {
  const dir = process.argv[2]; // only the first argument counts, as in 0.76
  if (dir === undefined) return prog.usage('svok dir');
  try {
    return (await isSupervised(dir)) ? 0 : EXIT_PERMANENT;
  } catch (e) {
    return prog.fatalFrom(e);
  }
});
