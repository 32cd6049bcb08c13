#!/usr/bin/env node
// svc [-udopchaitkxq12] dir ...: send control letters to the supervise of each dir (daemontools 0.76 svc.c
// plus the sigq12 patch's q 1 2). Warns about each failing dir and goes on; exits 0 after warnings.
import { assertCurrentDirReadable, parseSvcArgs, sendControl, SVC_USAGE } from '@dt/supervise-protocol';
import { EXIT_USAGE } from '../lib/exit-codes.js';
import { dirArg, showDir } from '../lib/dir-arg.js';
import { program, writeStderr } from '../lib/prog.js';
import { bytesOf, rawArgs } from '../lib/raw-argv.js';

const prog = program('svc', { bytes: true }); // names are printed as the bytes given
prog.run(async () => {
  const args = parseSvcArgs(rawArgs());
  if (!args.ok) {
    // djb getopt's own line (it reports one byte), then svc's option summary (0.76 text, byte for byte).
    const byte = bytesOf(args.illegal).subarray(0, 1);
    writeStderr(Buffer.concat([Buffer.from('svc: illegal option -- '), byte, Buffer.from(`\n${SVC_USAGE}\n`)]));
    return EXIT_USAGE;
  }
  try {
    assertCurrentDirReadable();
  } catch (e) {
    return prog.fatalFrom(e);
  }
  for (const name of args.dirs) {
    const dir = dirArg(name);
    try {
      await sendControl(dir.path, args.letters);
    } catch (e) {
      prog.warn(showDir((e as Error).message, dir), (e as Error).cause ?? undefined);
    }
  }
  return 0;
});
