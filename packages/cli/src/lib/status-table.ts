// `dt status` for people: one row per service, like `pm2 ls`. Pure: the rows come from readServiceReport,
// the clock is passed in, colour is the caller's decision (a TTY without NO_COLOR).
import type { ServiceReport } from '@dt/supervise-protocol';

export const STATUS_COLUMNS = ['NAME', 'STATE', 'PID', 'UPTIME', 'RESTARTS', 'READY', 'LAST EXIT', 'FAILING'] as const;

/** 59s, 4m 2s, 3h 12m, 2d 5h. */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m ${s % 60}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h ${Math.floor((s % 3600) / 60)}m`;
  return `${Math.floor(s / 86400)}d ${Math.floor((s % 86400) / 3600)}h`;
}

type Tone = 'good' | 'warn' | 'bad' | undefined;

/** Whether the service should be up and is not (the library's `failing` where the sidecar has it). */
export function isFailing(r: ServiceReport): boolean | null {
  const lib = (r as ServiceReport & { failing?: boolean | null }).failing;
  if (typeof lib === 'boolean') return lib;
  if (r.state === 'error' || r.state === 'not-running') return null;
  return r.state === 'down' && r.want === 'up';
}

/** svstat's `unable to open supervise/ok: file does not exist`: a service directory no supervisor ever ran in. */
export function neverSupervised(r: ServiceReport): boolean {
  return r.state === 'error' && r.error?.errno === 'ENOENT' && r.error.message.startsWith('unable to open supervise/ok');
}

function cells(name: string, report: ServiceReport): { text: string[]; tone: Tone } {
  const r: ServiceReport = neverSupervised(report) ? { ...report, state: 'not-running' } : report;
  const failing = isFailing(r);
  const dash = '-';
  if (r.state === 'error') return { text: [name, 'error', dash, dash, dash, dash, dash, dash], tone: 'bad' };
  const state = r.state === 'not-running' ? 'no supervisor' : r.paused ? `${r.state}, paused` : r.state;
  const up = r.state === 'up';
  const lastExit = r.lastExit === null ? dash : r.lastExit.signal !== null ? r.lastExit.signal : `code ${r.lastExit.code}`;
  const tone: Tone = failing ? 'bad' : up ? (r.ready ? 'good' : 'warn') : r.state === 'down' ? undefined : 'warn';
  return {
    text: [
      name,
      state,
      up && r.pid !== null ? String(r.pid) : dash,
      up && r.seconds !== null ? formatDuration(r.seconds) : dash,
      r.restarts === null ? dash : String(r.restarts),
      up ? (r.ready ? 'yes' : 'no') : dash,
      lastExit,
      failing === null ? dash : failing ? 'yes' : 'no',
    ],
    tone,
  };
}

const COLOURS: Record<Exclude<Tone, undefined>, string> = { good: '\x1b[32m', warn: '\x1b[33m', bad: '\x1b[31m' };

/**
 * The table, one line per row after a header, columns two spaces apart; unreadable directories get a
 * line each below it (`NAME: svstat's error text`). With `colour`, the STATE cell is green (up and
 * ready), yellow (up, not ready; no supervisor) or red (failing, error).
 */
export function formatStatusTable(rows: { name: string; report: ServiceReport }[], opts: { colour?: boolean } = {}): string {
  const body = rows.map((r) => cells(r.name, r.report));
  const all = [[...STATUS_COLUMNS], ...body.map((b) => b.text)];
  const widths = STATUS_COLUMNS.map((_, i) => Math.max(...all.map((row) => row[i]!.length)));
  const line = (row: string[], tone: Tone) =>
    row
      .map((cell, i) => {
        const padded = i === row.length - 1 ? cell : cell.padEnd(widths[i]!);
        return i === 1 && tone && opts.colour ? `${COLOURS[tone]}${cell}\x1b[0m${padded.slice(cell.length)}` : padded;
      })
      .join('  ');
  let out = `${line([...STATUS_COLUMNS], undefined)}\n`;
  for (const b of body) out += `${line(b.text, b.tone)}\n`;
  for (const r of rows) if (r.report.state === 'error' && !neverSupervised(r.report)) out += `${r.name}: ${r.report.error?.message ?? 'unknown error'}\n`;
  return out;
}
