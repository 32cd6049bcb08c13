#!/usr/bin/env node
// fghack child: run child in the foreground even if it backgrounds itself: wait until it and everything
// holding its copies of fghack's pipe are gone, then exit with the child's exit code.
import { startState } from '@dt/posix';
import { readEnviron } from '../lib/chainload-env.js';
import { runInForeground } from '../lib/fghack-run.js';
import { type Program, program } from '../lib/prog.js';

const prog: Program = program('fghack');
startState(); // the inherited fds, before this process opens any of its own
prog.run(() => {
  const child = process.argv.slice(2);
  if (child.length === 0) prog.usage('fghack child');
  const result = runInForeground(child, readEnviron());
  if (result.kind === 'failed') {
    const FAILED = { 'create pipe': 'unable to create pipe', run: `unable to run ${child[0]}`, wait: 'wait failed' } as const; // 0.76's words
    prog.fatal(FAILED[result.step], result.cause);
  }
  if (result.kind === 'crashed') prog.fatal('child crashed');
  return result.code;
});
