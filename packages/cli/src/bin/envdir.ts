#!/usr/bin/env node
// envdir dir child: run child with the environment changed by the files in dir (see lib/envdir-read.ts).
import { applyEnvChanges, readEnviron } from '../lib/chainload-env.js';
import { chainload } from '../lib/chainload.js';
import { EXIT_TEMPORARY } from '../lib/exit-codes.js';
import { readEnvDir } from '../lib/envdir-read.js';
import { type Program, program } from '../lib/prog.js';

const prog: Program = program('envdir');
prog.run(() => {
  const [dir, ...child] = process.argv.slice(2);
  if (dir === undefined || child.length === 0) prog.usage('envdir dir child', EXIT_TEMPORARY); // 0.76: 111
  const changes = readEnvDir(dir); // a ChainloadError ends in prog.run: fatal TEXT: ERR, 111
  // PATH for finding child is the one envdir was started with (0.76 pathexec_run reads the old environ).
  chainload(prog.name, child, { env: applyEnvChanges(readEnviron(), changes) });
});
