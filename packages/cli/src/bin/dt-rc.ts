// dt rc start [--detach] [DIR] | stop [DIR]: the seed's svscan.rc over any scan directory (ours or a real
// daemontools tree), through the control protocol only. start: clear leftovers, then become svscan in the
// foreground (init's respawn restarts it), or with --detach start it in its own session and exit. stop:
// TERM the svscan, then shutdown scripts, loggers -ox, services -dx, wait for all. DIR defaults to /service.
import { fileURLToPath } from 'node:url';
import { errnoText } from '@dt/posix';
import { DEFAULT_SCAN_DIR, rcPrepare, rcStart, rcStop } from '@dt/scanner';
import { program } from '../lib/prog.js';
import { execSvscan } from '../lib/rc-exec.js';

export function main(argv: string[]): void {
  const prog = program('dt rc');
  const [verb, ...rest] = argv;
  const detach = verb === 'start' && rest[0] === '--detach';
  const [dir = DEFAULT_SCAN_DIR, ...extra] = detach ? rest.slice(1) : rest;
  const warn = (text: string) => prog.warn(text);
  prog.run(async () => {
    if ((verb !== 'start' && verb !== 'stop') || extra.length > 0) prog.usage('dt rc start [--detach]|stop [dir]');
    // errors end in prog.run: `dt rc: fatal: MESSAGE`, 111
    const svscan = fileURLToPath(new URL('./svscan.js', import.meta.url));
    if (verb === 'start' && detach) {
      const pid = await rcStart(dir, { command: [process.execPath, svscan], onWarning: warn });
      prog.out(`svscan ${dir}: started (pid ${pid})\n`);
    } else if (verb === 'start') {
      const real = await rcPrepare(dir, { onWarning: warn });
      prog.fatal(`unable to run svscan ${real}: ${errnoText(execSvscan(svscan, real))}`);
    } else {
      const r = await rcStop(dir, { onWarning: warn });
      prog.out(`svscan ${dir}: stopped (${r.scanners.length} svscan, ${r.services.length} services, ${r.loggers.length} loggers)\n`);
    }
    return 0;
  });
}
