// dt status [--json] dir ...: svstat's line plus what dt's supervisor adds (readiness, restarts, last exit),
// or one JSON object per line (the ServiceReport shape, docs/use-in-ci.md). Exits 0 when every directory
// was read whatever its state, 111 when one could not be read, 100 on bad usage.
import { formatServiceReport, readServiceReport } from '@dt/supervise-protocol';
import { parseDtArgs } from '../lib/dt-args.js';
import { program } from '../lib/prog.js';
import { EXIT_OK, EXIT_TEMPORARY } from '../lib/exit-codes.js';

const USAGE = 'dt status [--json] dir ...';
const HELP = `usage: ${USAGE}
  svstat's line plus readiness, restarts and last exit; --json: one object per line (docs/use-in-ci.md)
exit codes: 0 every directory read, 100 usage, 111 a directory cannot be read
`;

export function main(argv: string[]): void {
  const prog = program('dt status');
  prog.run(async () => {
    const parsed = parseDtArgs(prog, argv, { options: { json: { type: 'boolean' } }, usage: USAGE, help: HELP });
    if (parsed === undefined) return;
    const dirs = parsed.positionals;
    if (dirs.length === 0) return prog.usage(USAGE);
    let failed = false;
    for (const dir of dirs) {
      const r = await readServiceReport(dir);
      if (r.state === 'error') failed = true;
      prog.out(`${parsed.values.json ? JSON.stringify(r) : formatServiceReport(r)}\n`);
    }
    return failed ? EXIT_TEMPORARY : EXIT_OK;
  });
}
