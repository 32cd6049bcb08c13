#!/usr/bin/env node
// tai64nlocal: turns the '@' TAI64N label at the start of each line into local time 'YYYY-MM-DD
// HH:MM:SS.NNNNNNNNN' (daemontools 0.76 tai64nlocal.c); other bytes pass through unchanged. Arguments are
// ignored, as in 0.76. Read or write error: exit 111 without a message.
import { LocalConverter, Tai64IoError, runFilter } from '@dt/tai64';
import { EXIT_TEMPORARY } from '../lib/exit-codes.js';
import { program } from '../lib/prog.js';

const prog = program('tai64nlocal');
prog.run(async () => {
  try {
    await runFilter(new LocalConverter());
    return 0;
  } catch (e) {
    if (e instanceof Tai64IoError) return EXIT_TEMPORARY;
    throw e;
  }
});
