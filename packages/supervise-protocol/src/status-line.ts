// The exact line svstat prints for one directory (daemontools 0.76 svstat.c), without its newline. Pure.
import { errnoText } from '@dt/posix';
import type { FailureReport, RunningReport } from './service-status.js';

const STEP_TEXT = {
  chdir: 'unable to chdir',
  'stat-down': 'unable to stat down',
  'open-ok': 'unable to open supervise/ok',
  'open-status': 'unable to open supervise/status',
  'read-status': 'unable to read supervise/status',
} as const;

/** What the line is made of: any StatusReport; a running one's decoded `status` is not read, so optional. */
export type StatusLineInput =
  | (Omit<RunningReport, 'status'> & Partial<Pick<RunningReport, 'status'>>)
  | { state: 'not-running'; normallyUp: boolean }
  | FailureReport;

/** `DIR: up (pid P) S seconds[, normally down][, paused][, want down]` and the other forms; no newline. */
export function formatStatusLine(dir: string, report: StatusLineInput): string {
  switch (report.state) {
    case 'error':
      // 0.76 never prints "unable to read supervise/status: ERR" (see FailureReport.svstatShows).
      if (report.svstatShows) return formatStatusLine(dir, report.svstatShows);
      return `${dir}: ${STEP_TEXT[report.step]}: ${report.errno === undefined ? 'bad format' : errnoText(report.errno)}`;
    case 'not-running':
      return `${dir}: supervise not running`;
    case 'up': {
      let line = `${dir}: up (pid ${report.pid}) ${report.seconds} seconds`;
      if (!report.normallyUp) line += ', normally down';
      if (report.paused) line += ', paused';
      if (report.want === 'down') line += ', want down';
      return line;
    }
    case 'down': {
      let line = `${dir}: down ${report.seconds} seconds`;
      if (report.normallyUp) line += ', normally up';
      if (report.want === 'up') line += ', want up';
      return line;
    }
  }
}
