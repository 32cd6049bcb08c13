// The first two lines of the classic programs (LAUNCHED, CHECKED below): a file that is both a /bin/sh script and an ES module. sh
// runs line 2, which records what Node is about to change and execs Node on the same file; for
// JavaScript, line 2 is a string and a comment. Before Node, sh notes:
//   DT_START_FDS      every fd open at the exec (`0,1,2,9,`): Node marks 0-15 and their run close-on-exec;
//                     the glob's own directory fd is gone after the glob ([ -e ]), the script's fd is
//                     dash's close-on-exec copy of "$0" ([ -ef ]);
//   DT_START_NOFILE   the soft RLIMIT_NOFILE, which Node raises to the hard limit;
//   DT_START_ENVIRON  a file that will hold the environ as it came, and DT_START_COPIER the pid of the
//                     background subshell that writes it: every shell rebuilds the environ it execs with
//                     (dash: other order, PWD added, names that are not identifiers dropped). The subshell
//                     is a fork, so its memory still holds the environ block this process was exec'd with:
//                     it opens its own /proc/self/environ as cat's stdin (cat, a child it waits for, copies
//                     it into a new private file: umask 077, set -C) while this shell goes on to exec Node.
//                     Node waits for it (startState(): waitpid, which also reaps it), puts process.env back
//                     in the original order and deletes the file;
// and refuses, in one line, to start Node under a data or address-space limit it cannot start under
// (measured, Node 24 x64: about 575 MB of RLIMIT_DATA and 1.15 GB of RLIMIT_AS), instead of V8's dump.
// No fork on the way to Node: the limits come from /proc/self/limits, sourced (`ulimit` would need a $(...)
// subshell, only the fallback without /proc), and the copy of the environ runs beside
// Node's start instead of before it (decision 0006: it was a $(...) that ended in cat, ~2 ms of every start).
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { nodeFlagsOf } from './node-flags.mjs';

// The full launcher: the programs that start services (the open-file limit every service gets, which
// cannot be told from inside Node), and the chain-loaders and fghack, which run a program with their
// environ (the record keeps its order exactly; inherited fds are also detected inside Node when a
// chain-loader is started by `node FILE`, without the launcher: @dt/posix start-state.ts). All of them
// call startState() first, which reads and removes the record.
export const LAUNCHED = ['svscan', 'supervise', 'multilog', 'envdir', 'envuidgid', 'setuidgid', 'softlimit', 'setlock', 'pgrphack', 'fghack'];
// The memory-limit check alone (no fork): the other classic programs, which run nothing with their environ
// (svscanboot clears it, as 0.76's script does). Under a C `softlimit -m` they say so in one line too.
export const CHECKED = ['svc', 'svok', 'svstat', 'tai64n', 'tai64nlocal', 'readproctitle', 'svscanboot'];

/** ulimit -S values (kB) below which `node` cannot start. */
export const MIN_DATA_KB = 640000;
export const MIN_AS_KB = 1280000;

// The soft limits of open files (_n), data and address space (_d, _v, in kB as `ulimit -S` prints them),
// without a fork: /proc/self/limits has them in bytes on lines `Max data size`, `Max open files`,
// `Max address space` (the 4th field; `unlimited` stays a word). The file is read by sourcing it (`.`) with
// shell functions named after its first words, `Limit` (the header) and `Max`: dash reads a sourced file in
// blocks, where the `read` builtin takes one byte per read(2) (about 900 of them: 0.6 ms against 0.2 ms).
// The kernel writes only words and numbers there. Without /proc: `ulimit`, in one subshell.
const LIMITS =
  "_n=; _d=unlimited; _v=unlimited; if [ -r /proc/self/limits ]; then Limit() { :; }; Max() { case $1$2 in datasize) _d=$3;; openfiles) _n=$3;; addressspace) _v=$3;; esac; }; . /proc/self/limits 2>/dev/null; case $_d in *[!0-9]*) ;; *) _d=$((_d / 1024));; esac; case $_v in *[!0-9]*) ;; *) _v=$((_v / 1024));; esac; else _l=$(ulimit -Sn; ulimit -Sd; ulimit -Sv); _n=${_l%%[!0-9a-z]*}; _l=${_l#*[!0-9a-z]}; _d=${_l%%[!0-9a-z]*}; _v=${_l#*[!0-9a-z]}; fi";

const CHECK = `{ [ "$_d" = unlimited ] || [ "$_d" -ge ${MIN_DATA_KB} ]; } && { [ "$_v" = unlimited ] || [ "$_v" -ge ${MIN_AS_KB} ]; } || { _p=\${0##*/}; _p=\${_p%.js}; echo "$_p: fatal: unable to start Node.js under a memory limit (data $_d kB, address space $_v kB; it needs about ${MIN_DATA_KB} and ${MIN_AS_KB} kB): set memory limits after $_p, with softlimit right before the final program (or start the chain with this project\'s softlimit, which sets them at that exec)" >&2; exit 111; }`;

const SH_PARTS = [
  'DT_START_FDS=; for _f in /proc/self/fd/*; do [ -e "$_f" ] && ! [ "$_f" -ef "$0" ] && DT_START_FDS="$DT_START_FDS${_f##*/},"; done',
  LIMITS,
  CHECK,
  // The copier (after the check: a refused start leaves no file). The subshell opens its own
  // /proc/self/environ itself (fd 3) and cat copies from that fd: a /proc/self/environ opened by cat's
  // child would be cat's own after its exec, empty unless the shell vforks (dash does; bash and busybox ash,
  // Alpine's sh, fork). Its last command is not cat, so the subshell stays alive, its memory the environ's,
  // while cat reads it; `exit $?` is
  // cat's status, which Node reads with waitpid: 0 is a complete copy in a file this subshell created. A
  // name that exists already (dash's set -C would still open a FIFO or device there) is not written.
  'DT_START_NOFILE=$_n; DT_START_ENVIRON=${TMPDIR:-/tmp}/.dt-environ.$$; (exec 2>/dev/null; umask 077; set -C; [ -e "$DT_START_ENVIRON" ] || [ -h "$DT_START_ENVIRON" ] || { exec >"$DT_START_ENVIRON" 3</proc/self/environ && LC_ALL=C cat <&3; }; exit $?) & DT_START_COPIER=$!',
  'export DT_START_FDS DT_START_NOFILE DT_START_ENVIRON DT_START_COPIER; exec node NODE_FLAGS"$0" "$@"',
];
const SH = SH_PARTS.join('; ');

export const LAUNCHER = `#!/bin/sh\n':' //; ${SH.replace('NODE_FLAGS', '')}\n`;

const CHECK_ONLY = [LIMITS, CHECK, 'exec node NODE_FLAGS"$0" "$@"'].join('; ');

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
