#!/usr/bin/env node
// tai64n: puts '@' + 24 hex digits (TAI64N, now) and a space before every line of stdin (daemontools 0.76
// tai64n.c). Arguments are ignored, as in 0.76. Read or write error: exit 111 without a message.
import { LineStamper, Tai64IoError, runFilter } from '@dt/tai64';
import { EXIT_TEMPORARY } from '../lib/exit-codes.js';
import { program } from '../lib/prog.js';

const prog = program('tai64n');
prog.run(async () => {
  try {
    await runFilter(new LineStamper());
    return 0;
  } catch (e) {
    if (e instanceof Tai64IoError) return EXIT_TEMPORARY;
    throw e;
  }
});
