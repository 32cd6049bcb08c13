#!/usr/bin/env node
// setlock [-nNxX] file child: run child holding an flock on file (created 0600, never truncated).
import { chainload } from '../lib/chainload.js';
import { getopt, reportGetoptProblem } from '../lib/getopt.js';
import { type Program, program } from '../lib/prog.js';
import { openAndLock } from '../lib/setlock-lock.js';

const USAGE = 'setlock [ -nNxX ] file program [ arg ... ]';
const prog: Program = program('setlock');
prog.run(() => {
  const parsed = getopt(process.argv.slice(2), 'nNxX');
  if (!parsed.ok) {
    reportGetoptProblem(prog.name, parsed);
    prog.usage(USAGE);
  }
  let wait = true; // -N (default) waits, -n does not
  let quiet = false; // -x: exit 0 silently when the file cannot be opened or locked; -X (default): fatal
  for (const { option } of parsed.options) {
    if (option === 'n' || option === 'N') wait = option === 'N';
    else quiet = option === 'x';
  }
  const [file, ...child] = parsed.operands;
  if (file === undefined || child.length === 0) prog.usage(USAGE);
  const lock = openAndLock(file, wait);
  if (!lock.ok) {
    if (quiet) return 0;
    prog.fatal(`unable to ${lock.step} ${file}`, lock.cause);
  }
  chainload(prog.name, child, { keepFds: [lock.fd] });
});
