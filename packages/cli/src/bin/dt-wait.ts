// dt wait up|ready|down dir ... [--timeout SECONDS]: returns when every dir has reached the state.
// Exit codes: 0 reached, 1 timed out (one warning per dir not there, with its state), 100 usage,
// 111 system error (a dir that cannot be read: reported at once). No timeout: waits for ever.
import { describeState, waitForService, WAIT_TARGETS, WaitTimeoutError, type WaitTarget } from '@dt/supervise-protocol';
import { parseDtArgs } from '../lib/dt-args.js';
import { program } from '../lib/prog.js';
import { EXIT_OK } from '../lib/exit-codes.js';

const USAGE = 'dt wait up|ready|down dir ... [--timeout seconds]';
const EXIT_TIMEOUT = 1;
const HELP = `usage: ${USAGE}
  up     a supervisor runs and the service has a pid
  ready  up, and ready (notification-fd) or simply up without notification-fd
  down   no pid, or no supervisor
exit codes: 0 reached, 1 timed out, 100 usage, 111 a directory cannot be read
`;

export function main(argv: string[]): void {
  const prog = program('dt wait');
  prog.run(async () => {
    const parsed = parseDtArgs(prog, argv, { options: { timeout: { type: 'string', short: 't' } }, usage: USAGE, help: HELP });
    if (parsed === undefined) return;
    const [target, ...dirs] = parsed.positionals;
    const seconds = parsed.values.timeout === undefined ? Infinity : Number(parsed.values.timeout);
    if (!WAIT_TARGETS.includes(target as WaitTarget) || dirs.length === 0 || !(seconds >= 0)) return prog.usage(USAGE);
    const stop = new AbortController(); // the first unreadable dir ends every wait
    const late: WaitTimeoutError[] = [];
    try {
      await Promise.all(
        dirs.map((dir) =>
          waitForService(dir, target as WaitTarget, { timeout: seconds * 1000, signal: stop.signal }).catch((e: unknown) => {
            if (!(e instanceof WaitTimeoutError)) throw e;
            late.push(e);
          }),
        ),
      );
    } catch (e) {
      stop.abort();
      return prog.fatalFrom(e);
    }
    late.sort((x, y) => dirs.indexOf(x.dir) - dirs.indexOf(y.dir)); // in argument order
    for (const e of late) prog.warn(`${e.dir} is not ${target} after ${seconds} seconds: ${describeState(e.last)}`);
    return late.length ? EXIT_TIMEOUT : EXIT_OK;
  });
}
