// dt run-with's failure summary for one service: a warning saying why, then the last lines of its log in
// local time (as tai64nlocal prints them), so a CI log shows what went wrong without the whole history.
import { writeSync } from 'node:fs';
import { findLogDir, readLogs } from '@dt/multilog';
import { LocalConverter } from '@dt/tai64';
import type { Program } from './prog.js';

/** How many lines of a failed service's log the summary shows. */
export const FAILURE_LOG_LINES = 30;

export async function printFailure(prog: Program, name: string, dir: string, why: string, lines = FAILURE_LOG_LINES): Promise<void> {
  if (name.endsWith('/log')) {
    // A logger writes no log of its own: its complaints went to our stderr, above.
    return prog.warn(`${name} failed (${why}); ${name.slice(0, -4)} has no logger: see the logger's errors above`);
  }
  const logDir = findLogDir(dir);
  if (!logDir) return prog.warn(`${name} failed (${why}); it has no log directory`);
  const last: Buffer[] = [];
  try {
    for await (const line of readLogs(logDir)) {
      last.push(line);
      if (last.length > lines) last.shift();
    }
  } catch (e) {
    return prog.warn(`${name} failed (${why}); unable to read ${logDir}`, e);
  }
  if (last.length === 0) return prog.warn(`${name} failed (${why}); ${logDir} is empty`);
  const what = last.length === 1 ? `the last line of ${logDir} follows` : `the last ${last.length} lines of ${logDir} follow`;
  prog.warn(`${name} failed (${why}); ${what}`);
  writeSync(2, new LocalConverter().push(Buffer.concat(last)));
}
