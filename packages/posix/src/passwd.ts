import { loadLibc } from './libc.js';

/** The passwd fields daemontools reads. */
export interface PasswdEntry {
  name: string;
  uid: number;
  gid: number;
  dir: string;
  shell: string;
}

/** getpwnam(3) through glibc (so NSS sources count, as for the C tools); undefined when unknown. */
export function getpwnam(name: string): PasswdEntry | undefined {
  const l = loadLibc();
  const p = l.getpwnam(name);
  if (p === null || p === undefined) return undefined;
  const e = l.koffi.decode(p, l.passwd) as {
    pw_name: string | null;
    pw_uid: number;
    pw_gid: number;
    pw_dir: string | null;
    pw_shell: string | null;
  };
  return { name: e.pw_name ?? name, uid: e.pw_uid, gid: e.pw_gid, dir: e.pw_dir ?? '', shell: e.pw_shell ?? '' };
}
