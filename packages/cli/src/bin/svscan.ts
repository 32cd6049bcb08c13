#!/usr/bin/env node
// svscan [DIR]: daemontools 0.76 svscan, one process for the whole tree. SIGTERM, SIGINT or SIGHUP is the
// seed's orderly stop (a second one kills what still runs); exit 0 once everything is down.
import { program } from '../lib/prog.js';
import { rawArgs } from '../lib/raw-argv.js';
import { runSvscan } from '../lib/svscan-run.js';
import { startState } from '@dt/posix';

const prog = program('svscan');
startState(); // the launcher's record (build/launcher.mjs), out of process.env before any child copies it
const [dir] = rawArgs(); // bytes: a scan directory whose name is not UTF-8 works (lib/chdir-bytes.ts)

prog.run(() => runSvscan(prog, dir));
