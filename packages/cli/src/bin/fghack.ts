#!/usr/bin/env node
// fghack child: run child in the foreground even if it backgrounds itself. The child gets 31 copies of a
// pipe's write end (fds 3-33, as 0.76's pipe + 30 dup()s); fghack reads until every copy is closed, i.e.
// until the child and anything it forked are gone, then exits with the child's exit code.
import { spawn } from 'node:child_process';
import { closeSync } from 'node:fs';
import { Socket } from 'node:net';
import { pipe2 } from '@dt/posix';
import { hideNodeStrayFds } from '../lib/chainload.js';
import { resolveProgram } from '../lib/fghack-resolve.js';
import { type Program, program } from '../lib/prog.js';

const COPIES = 31;
const prog: Program = program('fghack');
prog.run(async () => {
  const child = process.argv.slice(2);
  if (child.length === 0) prog.usage('fghack child');
  let fds: [number, number];
  try {
    fds = pipe2({ cloexec: true });
  } catch (e) {
    prog.fatal('unable to create pipe', e);
  }
  const [r, w] = fds;
  const found = resolveProgram(child[0]!, process.env.PATH);
  if (!found.ok) prog.fatal(`unable to run ${child[0]}`, found.code);
  hideNodeStrayFds();
  const proc = spawn(found.path, child.slice(1), {
    argv0: child[0],
    stdio: ['inherit', 'inherit', 'inherit', ...Array<number>(COPIES).fill(w)],
  });
  closeSync(w);
  const exited = new Promise<{ code: number | null; signal: string | null; error?: Error }>((resolve) => {
    proc.on('error', (error) => resolve({ code: null, signal: null, error }));
    proc.on('exit', (code, signal) => resolve({ code, signal }));
  });
  await new Promise<void>((resolve) => {
    const pipe = new Socket({ fd: r, readable: true, writable: false });
    pipe.on('data', () => {});
    pipe.on('error', () => resolve());
    pipe.on('close', () => resolve());
  });
  const status = await exited;
  if (status.error !== undefined) prog.fatal(`unable to run ${child[0]}`, status.error);
  if (status.code === null) prog.fatal('child crashed');
  return status.code;
});
