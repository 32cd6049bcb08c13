#!/usr/bin/env node
// svstat dir ...: one status line per dir on stdout (daemontools 0.76 svstat.c). No options: every
// argument is a directory. Exits 0 whatever the lines say.
import { assertCurrentDirReadable, formatStatusLine, readServiceStatusSync, STATUS_SIZE } from '@dt/supervise-protocol';
import { dirArg } from '../lib/dir-arg.js';
import { program } from '../lib/prog.js';
import { rawArgs } from '../lib/raw-argv.js';

const prog = program('svstat', { bytes: true }); // names are printed as the bytes given
prog.run(() => {
  try {
    assertCurrentDirReadable();
  } catch (e) {
    return prog.fatalFrom(e);
  }
  const held = Buffer.alloc(STATUS_SIZE); // svstat.c's static status buffer, shared by every dir
  let out = '';
  for (const arg of rawArgs()) {
    const dir = dirArg(arg);
    out += `${formatStatusLine(dir.shown, readServiceStatusSync(dir.path, { held }))}\n`;
    if (out.length >= 8192) {
      prog.out(out);
      out = '';
    }
  }
  if (out !== '') prog.out(out);
  return 0;
});
