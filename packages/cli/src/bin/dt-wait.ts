// dt wait up|ready|down dir ... [--timeout SECONDS]: returns when every dir has reached the state.
// Exit codes: 0 reached, 1 timed out (one warning per dir not there, with its state), 100 usage,
// 111 system error (a dir that cannot be read: reported at once). No timeout: waits for ever. After a
// second, progress on stderr (lib/wait-progress.ts): a dir with no supervisor says so, and is waited for.
import { describeState, waitForService, WAIT_TARGETS, WaitTimeoutError, type WaitTarget } from '@dt/supervise-protocol';
import { parseDtArgs, parseTimeout } from '../lib/dt-args.js';
import { program } from '../lib/prog.js';
import { EXIT_OK } from '../lib/exit-codes.js';
import { reportProgress } from '../lib/wait-progress.js';

const USAGE = 'dt wait up|ready|down dir ... [--timeout seconds]';
const EXIT_TIMEOUT = 1;
const HELP = `usage: ${USAGE}
  up     a supervisor runs and the service has a pid
  ready  up, and ready (notification-fd) or simply up without notification-fd
  down   no pid, or no supervisor
  --timeout: at most this many seconds (0 to 2147483; default: for ever); 0 looks once
  after a second, stderr says what is still awaited (e.g. supervise not running), again on each change
exit codes: 0 reached, 1 timed out, 100 usage, 111 a directory cannot be read
`;

export function main(argv: string[]): void {
  const prog = program('dt wait');
  prog.run(async () => {
    const parsed = parseDtArgs(prog, argv, { options: { timeout: { type: 'string', short: 't' } }, usage: USAGE, help: HELP });
    if (parsed === undefined) return;
    const [target, ...dirs] = parsed.positionals;
    if (!WAIT_TARGETS.includes(target as WaitTarget) || dirs.length === 0) return prog.usage(USAGE);
    const timeout = parseTimeout(prog, parsed.values.timeout, Infinity);
    const stop = new AbortController(); // the first unreadable dir ends every wait
    const late: WaitTimeoutError[] = [];
    const quiet = reportProgress(
      dirs.map((dir) => ({ name: dir, dir, target: target as WaitTarget })),
      { prog: prog.name, print: prog.line },
    );
    try {
      await Promise.all(
        dirs.map((dir) =>
          waitForService(dir, target as WaitTarget, { timeout, signal: stop.signal }).catch((e: unknown) => {
            if (!(e instanceof WaitTimeoutError)) throw e;
            late.push(e);
          }),
        ),
      );
    } catch (e) {
      stop.abort();
      return prog.fatalFrom(e);
    } finally {
      quiet();
    }
    late.sort((x, y) => dirs.indexOf(x.dir) - dirs.indexOf(y.dir)); // in argument order
    for (const e of late) prog.warn(`${e.dir} is not ${target} after ${parsed.values.timeout} seconds: ${describeState(e.last)}`);
    return late.length ? EXIT_TIMEOUT : EXIT_OK;
  });
}
