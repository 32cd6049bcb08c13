// dt serve [--listen ADDR:PORT] [--yes-public] [--control-token-file FILE] scandir: the tree over HTTP
// (Prometheus /metrics, /status.json, a live page), read-only by default. Prints its URL on stdout, serves
// until SIGINT/SIGTERM, then exits 0; 100 usage or a bad address/token, 111 cannot listen or read the token file.
import { SERVE_ERROR_CODES, ServeError, serveTree } from '@dt/scanner/serve';
import { parseDtArgs } from '../lib/dt-args.js';
import { EXIT_USAGE } from '../lib/exit-codes.js';
import { program } from '../lib/prog.js';
import { SERVE_ARG_OPTIONS, SERVE_HELP, serveOptionsFrom } from '../lib/serve-options.js';

const USAGE = 'dt serve [--listen ADDR:PORT] [--yes-public] [--control-token-file FILE] scandir';
const HELP = `usage: ${USAGE}\n${SERVE_HELP}exit codes: 0 stopped by SIGINT/SIGTERM, 100 usage, 111 cannot listen or read the token file\n`;

export function main(argv: string[]): void {
  const prog = program('dt serve');
  prog.run(async () => {
    const parsed = parseDtArgs(prog, argv, { options: SERVE_ARG_OPTIONS, usage: USAGE, help: HELP });
    if (parsed === undefined) return;
    const [dir, ...extra] = parsed.positionals;
    if (dir === undefined || extra.length > 0) return prog.usage(USAGE);
    const stop = new Promise<void>((resolve) => {
      for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => resolve());
    });
    const server = await serveTree(dir, serveOptionsFrom(prog, parsed.values)).catch((e: unknown) => {
      if (e instanceof ServeError && e.code !== SERVE_ERROR_CODES.listen) return prog.fatal(e.message, undefined, EXIT_USAGE);
      return prog.fatalFrom(e);
    });
    prog.out(`${server.url}\n`);
    await stop;
    await server.close();
    return 0;
  });
}
