// The supervising process's own resource use, read from Linux /proc by pid: it may be this process
// (svscan's `dt` form serving its own tree) or another one (`dt serve` beside an svscan).
import { readdirSync, readFileSync } from 'node:fs';

export interface ProcessUsage {
  pid: number;
  /** Resident set size. */
  residentBytes: number;
  /** User plus system CPU time. */
  cpuSeconds: number;
  /** Open file descriptors; undefined when /proc/PID/fd is not readable. */
  openFds: number | undefined;
}

/** /proc/PID/stat fields after the command name: utime is field 14, stime 15, rss (pages) 24. */
const UTIME_FIELD = 14;
const STIME_FIELD = 15;
const RSS_FIELD = 24;
const CLOCK_TICKS = 100; // sysconf(_SC_CLK_TCK) is 100 on every Linux Node runs on
const PAGE_SIZE = 4096;

/** The usage of `pid`, or undefined when it is gone or not readable (not Linux). */
export function readProcessUsage(pid: number): ProcessUsage | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  // fields 3.. follow the ')' that ends the command name (which may itself hold spaces or parentheses)
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const field = (n: number) => Number(rest[n - 3]);
  return {
    pid,
    residentBytes: field(RSS_FIELD) * PAGE_SIZE,
    cpuSeconds: (field(UTIME_FIELD) + field(STIME_FIELD)) / CLOCK_TICKS,
    openFds: countFds(pid),
  };
}

function countFds(pid: number): number | undefined {
  try {
    return readdirSync(`/proc/${pid}/fd`).length;
  } catch {
    return undefined;
  }
}
