// dt svscan --serve [--listen ADDR:PORT] [--yes-public] [--control-token-file FILE] [dir]: svscan, and the
// same process serves the tree it supervises over HTTP (as `dt serve`). A failure to listen is a warning:
// supervision goes on. Exit codes are svscan's; 100 on bad usage.
import { serveTree } from '@dt/scanner/serve';
import { parseDtArgs } from '../lib/dt-args.js';
import { program } from '../lib/prog.js';
import { SERVE_ARG_OPTIONS, SERVE_HELP, serveOptionsFrom } from '../lib/serve-options.js';
import { runSvscan } from '../lib/svscan-run.js';

const USAGE = 'dt svscan --serve [--listen ADDR:PORT] [--yes-public] [--control-token-file FILE] [dir]';
const HELP = `usage: ${USAGE}\n  svscan over dir (default .), serving its tree as dt serve does:\n${SERVE_HELP}`;

export function main(argv: string[]): void {
  const prog = program('svscan');
  prog.run(async () => {
    const parsed = parseDtArgs(prog, argv, { options: { serve: { type: 'boolean' }, ...SERVE_ARG_OPTIONS }, usage: USAGE, help: HELP });
    if (parsed === undefined) return;
    const [dir, ...extra] = parsed.positionals;
    if (!parsed.values.serve || extra.length > 0) return prog.usage(USAGE);
    const options = serveOptionsFrom(prog, parsed.values);
    return runSvscan(prog, dir === undefined ? undefined : Buffer.from(dir).toString('latin1'), (scanDir) =>
      serveTree(scanDir, options).catch((e: unknown) => {
        prog.warnFrom(e);
        return undefined;
      }),
    );
  });
}
