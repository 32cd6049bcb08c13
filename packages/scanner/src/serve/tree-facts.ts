// One look at a scan directory for the server: every service (and its logger) as `dt status --json`
// reports it, plus what only the server adds (crash loop, log directory figures). Reads files only:
// works the same over dt's scanner, in this process or another, and over the real svscan.
import { join } from 'node:path';
import { readServiceReport, type ServiceReport } from '@dt/supervise-protocol';
import { detectLog, scanDirectory } from '../scan.js';
import type { LogStats, LogFigures } from './log-stats.js';

export interface ServiceFacts {
  /** The name in the scan directory. */
  name: string;
  /** This row is the logger of `name` (its `log/` directory). */
  log: boolean;
  /** Exactly what `dt status --json DIR` prints for this directory. */
  report: ServiceReport;
  /** The supervisor reports a crash loop (dt-status.json `failing`). */
  failing: boolean;
  /** For a logger: its multilog directory's figures, when it has one. */
  logFigures: LogFigures | undefined;
}

export interface TreeFacts {
  dir: string;
  /** Wall clock of the look, ms. */
  at: number;
  /** Services first by name, each followed by its logger. */
  services: ServiceFacts[];
}

/** The service names of `dir` as svscan sees them (no dot names, directories or links to them), sorted. */
export function listServiceNames(dir: string): string[] {
  return scanDirectory(dir)
    .items.map((i) => i.name)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

async function factsOf(dir: string, name: string, log: boolean, logs: LogStats | undefined): Promise<ServiceFacts> {
  const sdir = log ? join(dir, name, 'log') : join(dir, name);
  const report = await readServiceReport(sdir);
  return {
    name,
    log,
    report,
    // only dt's supervisor writes the sidecar; the report carries its `failing` when it matches the pid
    failing: report.failing === true,
    logFigures: log && logs ? logs.figuresOf(join(dir, name)) : undefined,
  };
}

/** Reads every service of `dir` and its logger; never throws for one unreadable service (its report says error). */
export async function readTreeFacts(dir: string, logs?: LogStats, now: () => number = Date.now): Promise<TreeFacts> {
  const services: ServiceFacts[] = [];
  for (const name of listServiceNames(dir)) {
    services.push(await factsOf(dir, name, false, logs));
    const l = detectLog(dir, name);
    if ('hasLog' in l && l.hasLog) services.push(await factsOf(dir, name, true, logs));
  }
  return { dir, at: now(), services };
}
