#!/usr/bin/env node
// fghack child: run child in the foreground even if it backgrounds itself: wait until it and everything
// holding its copies of fghack's pipe are gone, then exit with the child's exit code.
import { resolveProgram } from '../lib/fghack-resolve.js';
import { runInForeground } from '../lib/fghack-run.js';
import { type Program, program } from '../lib/prog.js';

const prog: Program = program('fghack');
prog.run(async () => {
  const child = process.argv.slice(2);
  if (child.length === 0) prog.usage('fghack child');
  const found = resolveProgram(child[0]!, process.env.PATH);
  if (!found.ok) prog.fatal(`unable to run ${child[0]}`, found.code);
  const result = await runInForeground(found.path, child);
  if (result.kind === 'no-pipe') prog.fatal('unable to create pipe', result.cause);
  if (result.kind === 'unable-to-run') prog.fatal(`unable to run ${child[0]}`, result.cause);
  if (result.kind === 'crashed') prog.fatal('child crashed');
  return result.code;
});
