// Where things live inside a service directory (daemontools 0.76 supervise.c, svc.c, svok.c, svstat.c).
// Paths are joined as plain strings, never normalized: the C programs chdir(dir) and then open a relative
// name, so `a/../b` must go through the kernel exactly as given (a symlink `a` changes its meaning).

/** supervise's own directory, relative to the service directory. */
export const SUPERVISE_DIR = 'supervise';
/** The 18-byte status file (atomically replaced through status.new). */
export const STATUS_FILE = 'supervise/status';
/** Where the next status is written before the rename. */
export const STATUS_NEW_FILE = 'supervise/status.new';
/** The command FIFO svc writes to. */
export const CONTROL_FILE = 'supervise/control';
/** The FIFO whose reader proves supervise is running. */
export const OK_FILE = 'supervise/ok';
/** The flock file held by the running supervise. */
export const LOCK_FILE = 'supervise/lock';
/** When present at supervise start-up, the service is not started ("normally down"). */
export const DOWN_FILE = 'down';

/** DIR/NAME, without doubling a trailing slash of DIR. */
export function under(dir: string, name: string): string {
  return dir.endsWith('/') ? `${dir}${name}` : `${dir}/${name}`;
}

export function superviseDirOf(dir: string): string {
  return under(dir, SUPERVISE_DIR);
}
export function statusPathOf(dir: string): string {
  return under(dir, STATUS_FILE);
}
export function statusNewPathOf(dir: string): string {
  return under(dir, STATUS_NEW_FILE);
}
export function controlPathOf(dir: string): string {
  return under(dir, CONTROL_FILE);
}
export function okPathOf(dir: string): string {
  return under(dir, OK_FILE);
}
export function lockPathOf(dir: string): string {
  return under(dir, LOCK_FILE);
}
export function downPathOf(dir: string): string {
  return under(dir, DOWN_FILE);
}
