// Every error @dt/supervise-protocol throws but the wait errors (in wait.ts, beside the wait). One
// convention, execa's: the base class takes `name` from the class, subclasses declare only their stable
// `code`; errno failures keep the original Node error as `cause` and copy its errno name to `errno`.
import { errnoCode, errnoText } from '@dt/posix';

/** Base class: `code` is stable (DT_ERR_...), `errno` is the errno name when a system call failed. */
export class SuperviseProtocolError extends Error {
  override name: string = this.constructor.name;
  readonly code: string = 'DT_ERR_SUPERVISE_PROTOCOL';
  readonly errno: string | undefined;
  /**
   * The text without the errno words (`unable to control DIR`), as execa's shortMessage: what a CLI passes
   * to its `warning: TEXT: ERR` line. `message` ends with the words svc prints (`...: file does not exist`)
   * whenever a system call failed.
   */
  readonly shortMessage: string;
  constructor(message: string, options?: { cause?: unknown; errno?: string }) {
    const cause = options?.cause;
    const errno = errnoCode(cause);
    // a system call failed (a Node error's code, or a numeric errno from @dt/posix): say why, as svc does
    const words = errno !== undefined || typeof (cause as { errno?: unknown } | undefined)?.errno === 'number';
    super(words ? `${message}: ${errnoText(cause)}` : message, cause === undefined ? undefined : { cause });
    this.shortMessage = message;
    this.errno = options?.errno ?? errno;
  }
}

/** A failure at one `step` of a file operation (open, read, write, rename); the message says where, the cause why. */
export abstract class StepError<Step extends string> extends SuperviseProtocolError {
  constructor(
    message: string,
    readonly step: Step,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A status buffer shorter than 18 bytes. */
export class StatusFormatError extends SuperviseProtocolError {
  declare name: 'StatusFormatError';
  override readonly code = 'DT_ERR_STATUS_FORMAT';
}

/** A letter that is not a supervise control command. */
export class ControlLetterError extends SuperviseProtocolError {
  declare name: 'ControlLetterError';
  override readonly code = 'DT_ERR_CONTROL_LETTER';
}

/** The service directory cannot be entered (what chdir(dir) would fail with). */
export class ServiceDirError extends SuperviseProtocolError {
  declare name: 'ServiceDirError';
  override readonly code = 'DT_ERR_SERVICE_DIR';
}

/** The current directory cannot be opened for reading (svc and svstat need it, as 0.76 does). */
export class CurrentDirError extends SuperviseProtocolError {
  declare name: 'CurrentDirError';
  override readonly code = 'DT_ERR_CURRENT_DIR';
}

/**
 * supervise/control has no reader: supervise is not running (errno ENXIO). Its message is complete
 * (`unable to control DIR: supervise not running`), so it carries no `cause`.
 */
export class NotSupervisedError extends SuperviseProtocolError {
  declare name: 'NotSupervisedError';
  override readonly code = 'DT_ERR_NOT_SUPERVISED';
}

/** supervise/control cannot be opened for writing (other than ENXIO). */
export class ControlOpenError extends SuperviseProtocolError {
  declare name: 'ControlOpenError';
  override readonly code = 'DT_ERR_CONTROL_OPEN';
}

/** The write of the command letters to supervise/control failed. */
export class ControlWriteError extends SuperviseProtocolError {
  declare name: 'ControlWriteError';
  override readonly code = 'DT_ERR_CONTROL_WRITE';
}

/** supervise/ok cannot be opened for a reason other than "not running" or "never started". */
export class OkOpenError extends SuperviseProtocolError {
  declare name: 'OkOpenError';
  override readonly code = 'DT_ERR_OK_OPEN';
}

/** A status file could not be read (open or read failure). */
export class StatusReadError extends StepError<'open' | 'read'> {
  declare name: 'StatusReadError';
  override readonly code = 'DT_ERR_STATUS_READ';
}

/** Writing supervise/status.new or renaming it to status failed; `step` says which. */
export class StatusWriteError extends StepError<'open' | 'write' | 'rename'> {
  declare name: 'StatusWriteError';
  override readonly code = 'DT_ERR_STATUS_WRITE';
}

/** dt-status.json is not what decision 0002 defines. */
export class SidecarFormatError extends SuperviseProtocolError {
  declare name: 'SidecarFormatError';
  override readonly code = 'DT_ERR_SIDECAR_FORMAT';
}

/** A sidecar write failed at `step`; the message says where, the cause why. */
export class SidecarWriteError extends StepError<'open' | 'write' | 'rename'> {
  override readonly code = 'DT_ERR_SIDECAR_WRITE';
}

/** defineService: a definition that cannot be written as a service directory, or a write that failed. */
export class ServiceDefineError extends SuperviseProtocolError {
  declare name: 'ServiceDefineError';
  override readonly code = 'DT_ERR_SERVICE_DEFINE';
}

/**
 * signalServiceGroup: the service has no process group to signal (down, started without
 * dt-process-group, supervised by a real supervise, or its leader gone); the message says which.
 */
export class NoProcessGroupError extends SuperviseProtocolError {
  declare name: 'NoProcessGroupError';
  override readonly code = 'DT_ERR_NO_PROCESS_GROUP';
}

/** signalServiceGroup: kill(-pgid) failed (EPERM: the group belongs to another user); the errno in `cause`. */
export class GroupSignalError extends SuperviseProtocolError {
  declare name: 'GroupSignalError';
  override readonly code = 'DT_ERR_GROUP_SIGNAL';
}
