// The first two lines of the classic programs (LAUNCHED, CHECKED below): a file that is both a /bin/sh script and an ES module. sh
// runs line 2, which records what Node is about to change and execs Node on the same file; for
// JavaScript, line 2 is a string and a comment. Before Node, sh notes:
//   DT_START_FDS      every fd open at the exec (`0,1,2,9,`): Node marks 0-15 and their run close-on-exec;
//                     the glob's own directory fd is gone after the glob ([ -e ]), the script's fd is
//                     dash's close-on-exec copy of "$0" ([ -ef ]);
//   DT_START_NOFILE   the soft RLIMIT_NOFILE (`ulimit -Sn`), which Node raises to the hard limit;
//   DT_START_ENVIRON  a file holding the environ as it came (cat /proc/$$/environ, created O_EXCL by
//                     set -C): every shell rebuilds the environ it execs with (dash: other order, PWD
//                     added); Node puts it back (process.env, readEnviron) and deletes the file;
// and refuses, in one line, to start Node under a data or address-space limit it cannot start under
// (measured, Node 24 x64: about 575 MB of RLIMIT_DATA and 1.15 GB of RLIMIT_AS), instead of V8's dump.
// One fork (the $(ulimit ...) subshell, which becomes cat): a few ms, once per program start (not per link).
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeFlagsOf } from './node-flags.mjs';

// The full launcher: the programs that start services (the open-file limit every service gets, which
// cannot be told from inside Node), and the chain-loaders and fghack, which run a program with their
// environ (the record keeps its order exactly; inherited fds are also detected inside Node when a
// chain-loader is started by `node FILE`, without the launcher: @dt/posix start-state.ts). All of them
// call startState() first, which reads and removes the record.
export const LAUNCHED = ['svscan', 'supervise', 'multilog', 'envdir', 'envuidgid', 'setuidgid', 'softlimit', 'setlock', 'pgrphack', 'fghack'];
// The memory-limit check alone (one fork): the other classic programs, which run nothing with their environ
// (svscanboot clears it, as 0.76's script does). Under a C `softlimit -m` they say so in one line too.
export const CHECKED = ['svc', 'svok', 'svstat', 'tai64n', 'tai64nlocal', 'readproctitle', 'svscanboot'];

/** ulimit -S values (kB) below which `node` cannot start. */
export const MIN_DATA_KB = 640000;
export const MIN_AS_KB = 1280000;

const SH_PARTS = [
  'DT_START_FDS=; for _f in /proc/self/fd/*; do [ -e "$_f" ] && ! [ "$_f" -ef "$0" ] && DT_START_FDS="$DT_START_FDS${_f##*/},"; done',
  // One fork: the subshell prints the limits, then becomes cat, which copies the environ as it came ($$ is
  // this shell's pid) into a new private file (umask 077 and set -C in the subshell only: the environ may
  // hold secrets, and an existing file is never written or trusted).
  'DT_START_ENVIRON=${TMPDIR:-/tmp}/.dt-environ.$$; _l=$(ulimit -Sn; ulimit -Sd; ulimit -Sv; umask 077; set -C; exec 2>/dev/null; exec cat /proc/$$/environ >"$DT_START_ENVIRON") || DT_START_ENVIRON=; DT_START_NOFILE=${_l%%[!0-9a-z]*}; _l=${_l#*[!0-9a-z]}; _d=${_l%%[!0-9a-z]*}; _v=${_l#*[!0-9a-z]}',
  `{ [ "$_d" = unlimited ] || [ "$_d" -ge ${MIN_DATA_KB} ]; } && { [ "$_v" = unlimited ] || [ "$_v" -ge ${MIN_AS_KB} ]; } || { { [ -z "$DT_START_ENVIRON" ] || rm -f "$DT_START_ENVIRON"; }; _p=\${0##*/}; _p=\${_p%.js}; echo "$_p: fatal: unable to start Node.js under a memory limit (data $_d kB, address space $_v kB; it needs about ${MIN_DATA_KB} and ${MIN_AS_KB} kB): set memory limits after $_p, with softlimit right before the final program (or start the chain with this project\'s softlimit, which sets them at that exec)" >&2; exit 111; }`,
  'export DT_START_FDS DT_START_NOFILE DT_START_ENVIRON; exec node NODE_FLAGS"$0" "$@"',
];
const SH = SH_PARTS.join('; ');

export const LAUNCHER = `#!/bin/sh\n':' //; ${SH.replace('NODE_FLAGS', '')}\n`;

const CHECK_ONLY = [
  '_l=$(ulimit -Sd; ulimit -Sv); _d=${_l%%[!0-9a-z]*}; _v=${_l#*[!0-9a-z]}',
  SH_PARTS[2].replace('{ [ -z "$DT_START_ENVIRON" ] || rm -f "$DT_START_ENVIRON"; }; ', ''),
  'exec node NODE_FLAGS"$0" "$@"',
].join('; ');

/** The check-only launcher of `name` (CHECKED). */
export const checkerOf = (name) => `#!/bin/sh\n':' //; ${CHECK_ONLY.replace('NODE_FLAGS', nodeFlagsOf(name) ? `${nodeFlagsOf(name)} ` : '')}\n`;

/** The launcher of `name`: Node started with its flags (node-flags.mjs). */
export const launcherOf = (name) => `#!/bin/sh\n':' //; ${SH.replace('NODE_FLAGS', nodeFlagsOf(name) ? `${nodeFlagsOf(name)} ` : '')}\n`;

/** Replace the `#!/usr/bin/env node` line of each launched bin in `dir` by the launcher; make every bin executable. */
export function installLaunchers(dir, names) {
  for (const name of names) {
    const file = join(dir, `${name}.js`);
    const text = readFileSync(file, 'utf8');
    const body = text.startsWith('#!') ? text.slice(text.indexOf('\n') + 1) : text;
    const head = LAUNCHED.includes(name)
      ? launcherOf(name)
      : CHECKED.includes(name)
        ? checkerOf(name)
        : `#!/usr/bin/env ${nodeFlagsOf(name) ? `-S node ${nodeFlagsOf(name)}` : 'node'}\n`;
    writeFileSync(file, head + body);
    chmodSync(file, 0o755);
  }
}
