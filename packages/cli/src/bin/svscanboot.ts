#!/usr/bin/env node
// svscanboot [DIR]: daemontools 0.76 svscanboot.sh. PATH as 0.76 sets it; stdin, stdout, stderr from/to
// /dev/null; `svc -dx DIR/* DIR/*/log` to end supervisors left by an earlier svscan; then
// `env - PATH=$PATH svscan DIR 2>&1 | env - PATH=$PATH readproctitle service errors: ....` (400 dots).
// DIR defaults to /service (0.76; Debian's /etc/service is given as the argument by its unit).
// TERM, INT or HUP is passed to svscan as TERM (its orderly stop); exits with readproctitle's status.
import { spawn } from 'node:child_process';
import { closeSync, openSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dup2, pipe2 } from '@dt/posix';
import { sendControl } from '@dt/supervise-protocol';
import { program } from '../lib/prog.js';

const PATH = '/command:/usr/local/bin:/usr/local/sbin:/bin:/sbin:/usr/bin:/usr/sbin:/usr/X11R6/bin';
const prog = program('svscanboot');
const dir = process.argv[2] ?? '/service';
const bin = (name: string) => fileURLToPath(new URL(`./${name}.js`, import.meta.url));

prog.run(async () => {
  process.env.PATH = PATH;
  const devnull = openSync('/dev/null', 'r+');
  for (const fd of [0, 1, 2]) dup2(devnull, fd);
  closeSync(devnull);
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => !n.startsWith('.'));
  } catch {
    // the shell's glob matches nothing: svc only warns (to /dev/null)
  }
  for (const n of names) for (const d of [`${dir}/${n}`, `${dir}/${n}/log`]) await sendControl(d, 'dx').catch(() => {});
  const [r, w] = pipe2({ cloexec: true });
  const env = { PATH };
  const svscan = spawn(process.execPath, [bin('svscan'), dir], { env, stdio: [0, w, w] });
  const title = spawn(process.execPath, [bin('readproctitle'), 'service', 'errors:', '.'.repeat(400)], { env, stdio: [r, 1, 2] });
  closeSync(r);
  closeSync(w);
  for (const s of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) process.on(s, () => svscan.kill('SIGTERM'));
  const [code] = await Promise.all([
    new Promise<number>((resolve) => title.on('exit', (c) => resolve(c ?? 111))),
    new Promise<void>((resolve) => svscan.on('exit', () => resolve())),
  ]);
  return code;
});
