#!/usr/bin/env node
// svc [-udopchaitkxq12] dir ...: send control letters to the supervise of each dir (daemontools 0.76 svc.c
// plus the sigq12 patch's q 1 2). Warns about each failing dir and goes on; exits 0 after warnings.
import { assertCurrentDirReadable, parseSvcArgs, sendControl, SVC_USAGE } from '@dt/supervise-protocol';
import { EXIT_USAGE } from '../lib/exit-codes.js';
import { program, writeStderr } from '../lib/prog.js';

const prog = program('svc');
prog.run(async () => {
  const args = parseSvcArgs(process.argv.slice(2));
  if (!args.ok) {
    // djb getopt's own line (it reports one byte), then svc's option summary (0.76 text, byte for byte).
    const byte = Buffer.from(args.illegal).subarray(0, 1);
    writeStderr(Buffer.concat([Buffer.from('svc: illegal option -- '), byte, Buffer.from(`\n${SVC_USAGE}\n`)]));
    return EXIT_USAGE;
  }
  try {
    assertCurrentDirReadable();
  } catch (e) {
    return prog.fatalFrom(e);
  }
  for (const dir of args.dirs) {
    try {
      await sendControl(dir, args.letters);
    } catch (e) {
      prog.warnFrom(e);
    }
  }
  return 0;
});
