#!/usr/bin/env node
// svstat dir ...: one status line per dir on stdout (daemontools 0.76 svstat.c). No options: every
// argument is a directory. Exits 0 whatever the lines say.
import { assertCurrentDirReadable, formatStatusLine, readServiceStatusSync, STATUS_SIZE } from '@dt/supervise-protocol';
import { program } from '../lib/prog.js';

const prog = program('svstat');
prog.run(() => {
  try {
    assertCurrentDirReadable();
  } catch (e) {
    return prog.fatalFrom(e);
  }
  const held = Buffer.alloc(STATUS_SIZE); // svstat.c's static status buffer, shared by every dir
  let out = '';
  for (const dir of process.argv.slice(2)) {
    out += `${formatStatusLine(dir, readServiceStatusSync(dir, { held }))}\n`;
    if (out.length >= 8192) {
      prog.out(out);
      out = '';
    }
  }
  if (out !== '') prog.out(out);
  return 0;
});
