#!/usr/bin/env node
// svscan.rc start|stop [DIR]: the seed's script under its own name, so its inittab lines work verbatim
// (`SV:123456:respawn:/usr/bin/svscan.rc start /service`). start: clear what a previous svscan left, then
// exec svscan in the foreground; stop: the orderly stop of the whole tree. Silent as the seed's script;
// failures in daemontools' form. DIR defaults to /service.
import { fileURLToPath } from 'node:url';
import { errnoText } from '@dt/posix';
import { DEFAULT_SCAN_DIR, rcPrepare, rcStop } from '@dt/scanner';
import { program } from '../lib/prog.js';
import { execSvscan } from '../lib/rc-exec.js';

const prog = program('svscan.rc');
const [verb, dir = DEFAULT_SCAN_DIR, ...extra] = process.argv.slice(2);

prog.run(async () => {
  if ((verb !== 'start' && verb !== 'stop') || extra.length > 0) prog.usage('svscan.rc start|stop [dir]');
  if (verb === 'stop') {
    await rcStop(dir);
    return 0;
  }
  const real = await rcPrepare(dir);
  const svscan = fileURLToPath(new URL('./svscan.js', import.meta.url));
  return prog.fatal(`unable to run svscan ${real}: ${errnoText(execSvscan(svscan, real))}`);
});
