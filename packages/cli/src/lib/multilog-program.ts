// multilog script...: daemontools 0.76 multilog (bin/multilog.ts starts this as a classic script from its V8
// code cache: lib/multilog-boot.ts, build/multilog-script.mjs). The script is raw argv (not options); stdin is read
// until end of input or SIGTERM; fatal start-up errors exit 111 with 0.76's message.
import { MultilogError, openLogger, pumpFd, type Logger } from '@dt/multilog';
import { program } from './prog.js';
import { bytesOf, rawArgs } from './raw-argv.js';
import { gettimeofdayMicros, startState } from '@dt/posix';
import { createWallClock } from '@dt/tai64';

const prog = program('multilog');
startState(); // the launcher's record (build/launcher.mjs), out of process.env before any child copies it
const script = rawArgs().map(bytesOf); // patterns match bytes, as 0.76's
// The stamps' clock: tai64's wall clock (a monotonic clock from an anchor, re-anchored when the wall clock is
// stepped) over process.uptime and a gettimeofday anchor instead of its default performance.now and
// performance.timeOrigin, whose first use loads perf_hooks (~13 M instructions at start; decision 0022).
const uptime = process.uptime; // read once: `process` is a dictionary-mode object, each property load a slow one
const uptimeMs = (): number => uptime() * 1000;
const clock = createWallClock({ monotonicMs: uptimeMs, originMs: (() => {
  const before = uptimeMs();
  const wall = gettimeofdayMicros() / 1000;
  return wall - (before + uptimeMs()) / 2;
})() });

prog.run(async () => {
  process.umask(0o022);
  let logger: Logger;
  try {
    logger = openLogger({ script, clock, onWarning: (text) => prog.warn(text) });
  } catch (e) {
    if (e instanceof MultilogError) prog.fatal(e.message);
    throw e;
  }
  try {
    await pumpFd(logger, 0);
  } catch (e) {
    prog.warn(e instanceof Error ? e.message : String(e));
    process.exit(111);
  }
  // Nothing may keep the process alive (a paused stdin socket would): exit as 0.76's _exit(0).
  process.exit(0);
});
