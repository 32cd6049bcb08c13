// dt rc start|stop [DIR]: the seed's svscan.rc over any scan directory (ours or a real daemontools tree),
// through the control protocol only. start: clear leftovers, start our svscan detached. stop: TERM the
// svscan, then shutdown scripts, loggers -ox, services -dx, wait for all. DIR defaults to /service.
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DEFAULT_SCAN_DIR, rcStart, rcStop } from '@dt/scanner';
import { parseDtArgs } from '../lib/dt-args.js';
import { countOf } from '../lib/plural.js';
import { program } from '../lib/prog.js';

const USAGE = 'dt rc start|stop [dir]';
const HELP = `usage: ${USAGE}
  start: stop what a previous svscan left running in dir, then start our svscan there, detached
  stop: TERM every svscan of dir, then the orderly stop: shutdown scripts, loggers told to finish,
    services down, loggers drained to their last line
  dir defaults to ${DEFAULT_SCAN_DIR}
exit codes: 0, 100 usage, 111 dir unreadable or the start/stop failed
`;

export function main(argv: string[]): void {
  const prog = program('dt rc');
  const warn = (text: string) => prog.warn(text);
  prog.run(async () => {
    const parsed = parseDtArgs(prog, argv, { options: {}, usage: USAGE, help: HELP });
    if (parsed === undefined) return;
    const [verb, dir = DEFAULT_SCAN_DIR, ...extra] = parsed.positionals;
    if ((verb !== 'start' && verb !== 'stop') || extra.length > 0) prog.usage(USAGE);
    try {
      if (!statSync(dir).isDirectory()) throw Object.assign(new Error('not a directory'), { code: 'ENOTDIR' });
    } catch (e) {
      prog.fatal(`unable to chdir to ${dir}`, e);
    }
    // other errors end in prog.run: `dt rc: fatal: MESSAGE`, 111
    if (verb === 'start') {
      const svscan = fileURLToPath(new URL('./svscan.js', import.meta.url));
      const pid = await rcStart(dir, { command: [process.execPath, svscan], onWarning: warn });
      prog.out(`svscan ${dir}: started (pid ${pid})\n`);
    } else {
      const r = await rcStop(dir, { onWarning: warn });
      const counts = [countOf(r.scanners.length, 'svscan', 'svscans'), countOf(r.services.length, 'service'), countOf(r.loggers.length, 'logger')];
      prog.out(`svscan ${dir}: stopped (${counts.join(', ')})\n`);
    }
    return 0;
  });
}
