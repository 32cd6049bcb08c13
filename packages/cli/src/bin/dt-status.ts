// dt status [--json|--svstat] [dir ...]: a table of services (lib/status-table.ts; colour only on a TTY
// without NO_COLOR), svstat's line plus dt's extras (--svstat), or one JSON object per line (--json, the
// ServiceReport shape, docs/use-in-ci.md). No dir: the services of $DT_SCANDIR, or of the current directory.
// Exits 0 when every directory was read whatever its state (in the table, one no supervise ever ran in
// counts as read), 111 when one could not be read, 100 on bad usage.
import { isatty } from 'node:tty';
import { formatServiceReport, readServiceReport, type ServiceReport } from '@dt/supervise-protocol';
import { parseDtArgs } from '../lib/dt-args.js';
import { EXIT_OK, EXIT_TEMPORARY } from '../lib/exit-codes.js';
import { program } from '../lib/prog.js';
import { listScanServices, type ListedService } from '../lib/scan-services.js';
import { formatStatusTable, neverSupervised } from '../lib/status-table.js';

const USAGE = 'dt status [--json|--svstat] [dir ...]';
const HELP = `usage: ${USAGE}
  a table: name, state, pid, uptime, restarts, ready, last exit, failing (should be up and is not)
  no dir: every service (and logger) of the scan directory in DT_SCANDIR, or of the current directory
  --svstat: svstat's line, then readiness, restarts and last exit; --json: one object per line (docs/use-in-ci.md)
exit codes: 0 every directory read, 100 usage, 111 a directory cannot be read
`;

export function main(argv: string[]): void {
  const prog = program('dt status');
  prog.run(async () => {
    const parsed = parseDtArgs(prog, argv, { options: { json: { type: 'boolean' }, svstat: { type: 'boolean' } }, usage: USAGE, help: HELP });
    if (parsed === undefined) return;
    if (parsed.values.json && parsed.values.svstat) return prog.usage(USAGE);
    let services: ListedService[] = parsed.positionals.map((dir) => ({ name: dir, dir }));
    if (services.length === 0) {
      const scanDir = process.env.DT_SCANDIR || '.';
      try {
        services = listScanServices(scanDir);
      } catch (e) {
        return prog.fatal(`unable to open ${scanDir}`, e);
      }
    }
    const rows: { name: string; report: ServiceReport }[] = [];
    for (const s of services) rows.push({ name: s.name, report: await readServiceReport(s.dir) });
    if (parsed.values.json) for (const r of rows) prog.out(`${JSON.stringify(r.report)}\n`);
    else if (parsed.values.svstat) for (const r of rows) prog.out(`${formatServiceReport(r.report)}\n`);
    else prog.out(formatStatusTable(rows, { colour: isatty(1) && !process.env.NO_COLOR }));
    // svstat's error for a service no supervise ever ran in is, in the table, just `no supervisor`
    const table = !parsed.values.json && !parsed.values.svstat;
    return rows.some((r) => r.report.state === 'error' && !(table && neverSupervised(r.report))) ? EXIT_TEMPORARY : EXIT_OK;
  });
}
