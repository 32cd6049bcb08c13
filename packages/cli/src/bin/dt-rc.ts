// dt rc start|stop [DIR]: the seed's svscan.rc over any scan directory (ours or a real daemontools tree),
// through the control protocol only. start: clear leftovers, start our svscan detached. stop: TERM the
// svscan, then shutdown scripts, loggers -ox, services -dx, wait for all. DIR defaults to /service.
import { fileURLToPath } from 'node:url';
import { DEFAULT_SCAN_DIR, rcStart, rcStop } from '@dt/scanner';
import { program } from '../lib/prog.js';

export function main(argv: string[]): void {
  const prog = program('dt rc');
  const [verb, dir = DEFAULT_SCAN_DIR, ...extra] = argv;
  const warn = (text: string) => prog.warn(text);
  prog.run(async () => {
    if ((verb !== 'start' && verb !== 'stop') || extra.length > 0) prog.usage('dt rc start|stop [dir]');
    // errors end in prog.run: `dt rc: fatal: MESSAGE`, 111
    if (verb === 'start') {
      const svscan = fileURLToPath(new URL('./svscan.js', import.meta.url));
      const pid = await rcStart(dir, { command: [process.execPath, svscan], onWarning: warn });
      prog.out(`svscan ${dir}: started (pid ${pid})\n`);
    } else {
      const r = await rcStop(dir, { onWarning: warn });
      prog.out(`svscan ${dir}: stopped (${r.scanners.length} svscan, ${r.services.length} services, ${r.loggers.length} loggers)\n`);
    }
    return 0;
  });
}
