// DIR/notification-fd as s6 defines it (s6-supervise, servicedir.html): the fd number N on which ./run
// writes a newline when it is ready. The one parser: dt's supervisor passes the pipe on N, and readers
// (service state, dt status) only expect readiness where that supervisor would report it.
import { existsSync, readFileSync } from 'node:fs';
import { errnoCode } from '@dt/posix';

/** The file that turns on s6-style readiness: it holds the fd number the service writes a newline to. */
export const NOTIFICATION_FD_FILE = 'notification-fd';

/** fds 0-2 are the service's stdio: a notification fd must be 3 or more. */
const MIN_NOTIFICATION_FD = 3;
/** Far beyond any sane value; keeps the child's fd table (and spawn's stdio array) small. */
const MAX_NOTIFICATION_FD = 1023;

export type NotificationFd = { fd: number } | { invalid: string } | undefined;

/** Read DIR/notification-fd: undefined when absent, { invalid } when it holds no usable fd number. */
export function readNotificationFd(dir: string): NotificationFd {
  const path = `${dir}/${NOTIFICATION_FD_FILE}`;
  // read at every start: the usual absent file costs no exception (a stack trace of garbage each)
  if (!existsSync(path)) return undefined;
  let text: string;
  try {
    text = readFileSync(path, 'latin1');
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return undefined;
    return { invalid: errnoCode(e) ?? 'unreadable' };
  }
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return { invalid: 'not a number' };
  const fd = Number(trimmed);
  if (fd < MIN_NOTIFICATION_FD || fd > MAX_NOTIFICATION_FD) return { invalid: `fd ${fd} out of range` };
  return { fd };
}
