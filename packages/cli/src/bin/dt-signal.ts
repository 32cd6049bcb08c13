// dt signal [-g] SIGNAL dir ...: SIGNAL by name to the service in each dir. Without -g through its supervisor,
// as svc's letter for it (any supervise); with -g to the whole process group it leads (dt-process-group:
// @dt/supervise-protocol's signalServiceGroup). A warning per failing dir, the others still signalled.
// Exit codes: 0 sent to every dir, 100 usage, 111 some dir failed.
import { constants } from 'node:os';
import { letterForSignal, sendControl, signalServiceGroup } from '@dt/supervise-protocol';
import { parseDtArgs } from '../lib/dt-args.js';
import { program } from '../lib/prog.js';

const USAGE = 'dt signal [-g] signal dir ...';
const SUPERVISE_SENDS = 'HUP ALRM INT TERM KILL STOP CONT QUIT USR1 USR2';
const HELP = `usage: ${USAGE}
  signal: a name (TERM, SIGTERM, usr1); without -g one that supervise sends: ${SUPERVISE_SENDS}
  without -g: through the supervisor, as svc's letter for it (svc -h for HUP), to the service's pid only
  -g, --group: any signal, to the whole process group the service leads (dt-process-group, dt's supervisor)
exit codes: 0 sent to every dir, 100 usage, 111 some dir failed (a warning each: down, no process group, ...)
`;

export function main(argv: string[]): void {
  const prog = program('dt signal');
  prog.run(async () => {
    const parsed = parseDtArgs(prog, argv, { options: { group: { type: 'boolean', short: 'g' } }, usage: USAGE, help: HELP });
    if (parsed === undefined) return;
    const [name = '', ...dirs] = parsed.positionals;
    const signal = `SIG${name.toUpperCase().replace(/^SIG/, '')}` as NodeJS.Signals;
    if (dirs.length === 0 || !/^\w+$/.test(name) || !Object.hasOwn(constants.signals, signal)) return prog.usage(USAGE);
    const group = parsed.values.group === true;
    let letter = '';
    try {
      if (!group) letter = letterForSignal(signal);
    } catch {
      return prog.usage(`supervise cannot send ${name}: use -g, or one of ${SUPERVISE_SENDS}`);
    }
    let failed = 0;
    for (const dir of dirs) await (group ? signalServiceGroup(dir, signal) : sendControl(dir, letter)).catch((e: unknown) => (prog.warnFrom(e), failed++));
    return failed ? 111 : 0;
  });
}
