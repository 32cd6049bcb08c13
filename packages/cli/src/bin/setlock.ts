#!/usr/bin/env node
// setlock [-nNxX] file child: run child holding an flock on file (created 0600, never truncated).
import { closeSync, constants, openSync } from 'node:fs';
import { flock } from '@dt/posix';
import { chainload } from '../lib/chainload.js';
import { getopt, reportGetoptProblem } from '../lib/getopt.js';
import { type Program, program } from '../lib/prog.js';

const USAGE = 'setlock [ -nNxX ] file program [ arg ... ]';
// 0.76 open_append: O_WRONLY | O_NDELAY | O_APPEND | O_CREAT, 0600 (the child inherits these flags too).
const OPEN_APPEND = constants.O_WRONLY | constants.O_NONBLOCK | constants.O_APPEND | constants.O_CREAT;

const prog: Program = program('setlock');
prog.run(() => {
  const parsed = getopt(process.argv.slice(2), 'nNxX');
  if (!parsed.ok) {
    reportGetoptProblem(prog.name, parsed);
    prog.usage(USAGE);
  }
  let wait = true;
  let quiet = false;
  for (const { option } of parsed.options) {
    if (option === 'n' || option === 'N') wait = option === 'N';
    else quiet = option === 'x';
  }
  const [file, ...child] = parsed.operands;
  if (file === undefined || child.length === 0) prog.usage(USAGE);
  let fd: number;
  try {
    fd = openSync(file, OPEN_APPEND, 0o600);
  } catch (e) {
    if (quiet) return 0;
    prog.fatal(`unable to open ${file}`, e);
  }
  let locked: boolean;
  try {
    locked = flock(fd, 'exclusive', { wait });
  } catch (e) {
    if (quiet) return 0;
    prog.fatal(`unable to lock ${file}`, e);
  }
  if (!locked) {
    if (quiet) return 0;
    closeSync(fd);
    prog.fatal(`unable to lock ${file}`, 'EAGAIN');
  }
  chainload(prog.name, child, { keepFds: [fd] });
});
