#!/usr/bin/env node
// envuidgid account child: run child with $GID and $UID set to account's (no privilege change).
import { getpwnam } from '@dt/posix';
import { applyEnvChanges, readEnviron } from '../lib/chainload-env.js';
import { chainload } from '../lib/chainload.js';
import { type Program, program } from '../lib/prog.js';

const prog: Program = program('envuidgid');
prog.run(() => {
  const [account, ...child] = process.argv.slice(2);
  if (account === undefined || child.length === 0) prog.usage('envuidgid account child');
  const pw = getpwnam(account);
  if (pw === undefined) prog.fatal(`unknown account ${account}`);
  const env = applyEnvChanges(readEnviron(), [
    ['GID', String(pw.gid)],
    ['UID', String(pw.uid)],
  ]);
  chainload(prog.name, child, { env });
});
