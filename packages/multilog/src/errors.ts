// Every error @dt/multilog throws. Libraries throw; the multilog program prints them in daemontools' form
// (`multilog: fatal: MESSAGE`) and exits 111. One convention, execa's: the base class takes `name` from
// the class, subclasses declare only their stable `code`, a system error stays as `cause`.
import { errnoText } from '@dt/posix';

/** Base class: `code` is stable, `message` is 0.76's fatal text including the errno words. */
export class MultilogError extends Error {
  override name: string = this.constructor.name;
  readonly code: string = 'DT_ERR_MULTILOG';
}

/** A log directory cannot be opened, locked or recovered at start-up (0.76 dies with 111). */
export class LogDirError extends MultilogError {
  declare name: 'LogDirError' | 'LogDirLockedError';
  override readonly code: string = 'DT_ERR_LOGDIR';
}

/** Another process (ours or a real multilog) holds DIR/lock. */
export class LogDirLockedError extends LogDirError {
  declare name: 'LogDirLockedError';
  override readonly code = 'DT_ERR_LOGDIR_LOCKED';
}

/** A `=file` status file cannot be created or opened. */
export class StatusFileError extends MultilogError {
  declare name: 'StatusFileError';
  override readonly code = 'DT_ERR_STATUS_FILE';
}

/** A typed option (not a script) is out of range or contradictory. */
export class MultilogOptionError extends MultilogError {
  declare name: 'MultilogOptionError';
  override readonly code = 'DT_ERR_MULTILOG_OPTION';
}

/** write() or rotate() after close(). */
export class LoggerClosedError extends MultilogError {
  declare name: 'LoggerClosedError';
  override readonly code = 'DT_ERR_LOGGER_CLOSED';
}

/** `TEXT: ERR` with djb's error words, as strerr_die prints a system error. */
export function sysText(text: string, err: unknown): string {
  return `${text}: ${errnoText(err)}`;
}
