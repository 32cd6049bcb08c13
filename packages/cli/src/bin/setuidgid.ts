#!/usr/bin/env node
// setuidgid account child: run child as account's uid and gid, supplementary groups dropped (0.76 prot_gid).
import { getpwnam } from '@dt/posix';
import { readEnviron } from '../lib/chainload-env.js';
import { chainload } from '../lib/chainload.js';
import { type Program, program } from '../lib/prog.js';

const prog: Program = program('setuidgid');
prog.run(() => {
  // 0.76 takes no options: `setuidgid -x ...` looks up an account named -x.
  const [account, ...child] = process.argv.slice(2);
  if (account === undefined || child.length === 0) prog.usage('setuidgid account child');
  const env = readEnviron(); // before the uid changes: afterwards /proc/self/environ may be unreadable
  const pw = getpwnam(account);
  if (pw === undefined) prog.fatal(`unknown account ${account}`);
  try {
    process.setgroups!([pw.gid]); // defined on every POSIX platform
    process.setgid!(pw.gid);
  } catch (e) {
    prog.fatal('unable to setgid', e);
  }
  try {
    process.setuid!(pw.uid);
  } catch (e) {
    prog.fatal('unable to setuid', e);
  }
  chainload(prog.name, child, { env });
});
