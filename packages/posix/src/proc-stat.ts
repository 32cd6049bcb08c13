// /proc/PID/stat read as proc(5) lays it out: the comm field is parenthesised and may hold spaces or
// parentheses, so fields are counted from the last ')'. No koffi: plain file reads.
import { readFileSync } from 'node:fs';

export interface ProcStat {
  /** Field 3: R S D T Z ... */
  state: string;
  /** Field 4. */
  ppid: number;
  /** Field 5. */
  pgrp: number;
  /** Field 22: clock ticks after boot at which the process started; with the pid, it names one process. */
  startTime: number;
}

/** Parse the text of /proc/PID/stat. */
export function parseProcStat(text: string): ProcStat {
  const rest = text.slice(text.lastIndexOf(')') + 2).split(' ');
  // rest[0] is field 3
  return { state: rest[0] ?? '', ppid: Number(rest[1]), pgrp: Number(rest[2]), startTime: Number(rest[19]) };
}

/** The stat of a live (or zombie) process; undefined when there is no such process. */
export function readProcStat(pid: number): ProcStat | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    return parseProcStat(readFileSync(`/proc/${pid}/stat`, 'latin1'));
  } catch {
    return undefined;
  }
}

/** Field 22 of /proc/PID/stat, or undefined when the process does not exist. */
export function processStartTime(pid: number): number | undefined {
  return readProcStat(pid)?.startTime;
}
