// dt rc start [--detach] [DIR] | stop [DIR]: the seed's svscan.rc over any scan directory (ours or a real
// daemontools tree), through the control protocol only. start: clear leftovers, then become svscan in the
// foreground (init's respawn restarts it), or with --detach start it in its own session and exit. stop:
// TERM the svscan, then shutdown scripts, loggers -ox, services -dx, wait for all. DIR defaults to /service.
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { errnoText } from '@dt/posix';
import { DEFAULT_SCAN_DIR, rcPrepare, rcStart, rcStop } from '@dt/scanner';
import { parseDtArgs } from '../lib/dt-args.js';
import { countOf } from '../lib/plural.js';
import { program } from '../lib/prog.js';
import { execSvscan } from '../lib/rc-exec.js';

const USAGE = 'dt rc start [--detach]|stop [dir]';
const HELP = `usage: ${USAGE}
  start: stop what a previous svscan left running in dir, then run our svscan there in the foreground
    (exec, same pid: init's respawn restarts it); --detach: start it detached instead, and exit
  stop: TERM every svscan of dir, then the orderly stop: shutdown scripts, loggers told to finish,
    services down, loggers drained to their last line
  dir defaults to ${DEFAULT_SCAN_DIR}
exit codes: 0, 100 usage, 111 dir unreadable or the start/stop failed
`;

export function main(argv: string[]): void {
  const prog = program('dt rc');
  const warn = (text: string) => prog.warn(text);
  prog.run(async () => {
    const parsed = parseDtArgs(prog, argv, { options: { detach: { type: 'boolean' } }, usage: USAGE, help: HELP });
    if (parsed === undefined) return;
    const [verb, dir = DEFAULT_SCAN_DIR, ...extra] = parsed.positionals;
    if ((verb !== 'start' && verb !== 'stop') || extra.length > 0) prog.usage(USAGE);
    try {
      if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    } catch (e) {
      prog.fatal(`unable to chdir to ${dir}`, e);
    }
    // other errors end in prog.run: `dt rc: fatal: MESSAGE`, 111
    const svscan = fileURLToPath(new URL('./svscan.js', import.meta.url));
    if (verb === 'start' && parsed.values.detach) {
      const pid = await rcStart(dir, { command: [process.execPath, svscan], onWarning: warn });
      prog.out(`svscan ${dir}: started (pid ${pid})\n`);
    } else if (verb === 'start') {
      const real = await rcPrepare(dir, { onWarning: warn });
      prog.fatal(`unable to run svscan ${real}: ${errnoText(execSvscan(svscan, real))}`);
    } else {
      const r = await rcStop(dir, { onWarning: warn });
      const counts = [countOf(r.scanners.length, 'svscan', 'svscans'), countOf(r.services.length, 'service'), countOf(r.loggers.length, 'logger')];
      prog.out(`svscan ${dir}: stopped (${counts.join(', ')})\n`);
    }
    return 0;
  });
}
