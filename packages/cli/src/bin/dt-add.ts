// dt add [options] dir -- command [arg ...]: write the service directory `dir` (run, log/run, env/,
// notification-fd) for the command, atomically, through @dt/supervise-protocol's defineService. Its run
// script execs the command through dt's own chain-loaders (envdir, setuidgid; multilog for the log), by
// absolute path with this Node, so the real svscan runs it too. Exit 0; 100 usage; 111 when it cannot write.
import { fileURLToPath } from 'node:url';
import { defineService, ServiceDefineError, type Chainloaders } from '@dt/supervise-protocol';
import { parseDtArgs } from '../lib/dt-args.js';
import { program } from '../lib/prog.js';
import { EXIT_OK, EXIT_USAGE } from '../lib/exit-codes.js';

const USAGE = 'dt add [--user account] [--env NAME=VALUE ...] [--cwd dir] [--notification-fd n] [--no-log] dir -- command [arg ...]';
const HELP = `usage: ${USAGE}
  writes dir/run (and dir/log/run running multilog t ./main, unless --no-log), dir/env/, dir/notification-fd
exit codes: 0 written, 100 usage, 111 cannot write
`;
const OPTIONS = {
  user: { type: 'string' },
  env: { type: 'string', multiple: true },
  cwd: { type: 'string' },
  'notification-fd': { type: 'string' },
  'no-log': { type: 'boolean' },
} as const;

/** dt's own chain-loaders, beside this bundle, run by this Node. */
const own = (name: string) => [process.execPath, fileURLToPath(new URL(`./${name}.js`, import.meta.url))];
const DT_CHAINLOADERS: Chainloaders = { envdir: own('envdir'), setuidgid: own('setuidgid'), multilog: own('multilog') };

export function main(argv: string[]): void {
  const prog = program('dt add');
  prog.run(() => {
    const dash = argv.indexOf('--');
    const parsed = parseDtArgs(prog, dash < 0 ? argv : argv.slice(0, dash), { options: OPTIONS, usage: USAGE, help: HELP });
    if (parsed === undefined) return;
    const [command, ...args] = dash < 0 ? [] : argv.slice(dash + 1);
    const v = parsed.values;
    const fd = v['notification-fd'] === undefined ? undefined : Number(v['notification-fd']);
    const env = (v.env ?? []).map((e) => [e.slice(0, e.indexOf('=')), e.slice(e.indexOf('=') + 1)] as const);
    if (command === undefined || parsed.positionals.length !== 1 || env.some(([n]) => n === '') || Number.isNaN(fd)) return prog.usage(USAGE);
    const dir = parsed.positionals[0]!;
    const def = {
      command,
      args,
      env: env.length ? Object.fromEntries(env) : undefined,
      cwd: v.cwd,
      user: v.user,
      notificationFd: fd,
      log: v['no-log'] ? false : {},
      chainloaders: DT_CHAINLOADERS,
    };
    try {
      defineService(dir, def);
    } catch (e) {
      // a definition that cannot be written at all is a usage error; a failed write, a temporary one
      if (e instanceof ServiceDefineError && e.cause === undefined) return prog.fatal(e.message, undefined, EXIT_USAGE);
      throw e;
    }
    return EXIT_OK;
  });
}
