#!/usr/bin/env node
// pgrphack child: run child in a new session and process group (setsid; failure ignored, as in 0.76).
import { setsid } from '@dt/posix';
import { chainload } from '../lib/chainload.js';
import { type Program, program } from '../lib/prog.js';

const prog: Program = program('pgrphack');
prog.run(() => {
  const child = process.argv.slice(2);
  if (child.length === 0) prog.usage('pgrphack child');
  try {
    setsid();
  } catch {
    // already a process group leader (EPERM): 0.76 ignores it too
  }
  chainload(prog.name, child);
});
