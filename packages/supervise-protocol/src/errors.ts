// Every error @dt/supervise-protocol throws. Each has a stable `code`; errno failures keep the
// original Node error as `cause` and copy its errno name to `errno` ('ENOENT').

import { errnoText } from '@dt/posix';
import type { ServiceState } from './service.js';
import type { WaitTarget } from './wait.js';

function errnoOf(cause: unknown): string | undefined {
  const code = (cause as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' ? code : undefined;
}

/** Base class: `code` is stable (DT_ERR_...), `errno` is the errno name when a system call failed. */
export class SuperviseProtocolError extends Error {
  override name: string = 'SuperviseProtocolError';
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
    const words = errnoOf(cause) !== undefined || typeof (cause as { errno?: unknown } | undefined)?.errno === 'number';
    super(words ? `${message}: ${errnoText(cause as { code?: unknown })}` : message, cause === undefined ? undefined : { cause });
    this.shortMessage = message;
    this.errno = options?.errno ?? errnoOf(cause);
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
  override name = 'StatusFormatError' as const;
  override readonly code = 'DT_ERR_STATUS_FORMAT';
}

/** A letter that is not a supervise control command. */
export class ControlLetterError extends SuperviseProtocolError {
  override name = 'ControlLetterError' as const;
  override readonly code = 'DT_ERR_CONTROL_LETTER';
}

/** The service directory cannot be entered (what chdir(dir) would fail with). */
export class ServiceDirError extends SuperviseProtocolError {
  override name = 'ServiceDirError' as const;
  override readonly code = 'DT_ERR_SERVICE_DIR';
}

/** The current directory cannot be opened for reading (svc and svstat need it, as 0.76 does). */
export class CurrentDirError extends SuperviseProtocolError {
  override name = 'CurrentDirError' as const;
  override readonly code = 'DT_ERR_CURRENT_DIR';
}

/**
 * supervise/control has no reader: supervise is not running (errno ENXIO). Its message is complete
 * (`unable to control DIR: supervise not running`), so it carries no `cause`.
 */
export class NotSupervisedError extends SuperviseProtocolError {
  override name = 'NotSupervisedError' as const;
  override readonly code = 'DT_ERR_NOT_SUPERVISED';
}

/** supervise/control cannot be opened for writing (other than ENXIO). */
export class ControlOpenError extends SuperviseProtocolError {
  override name = 'ControlOpenError' as const;
  override readonly code = 'DT_ERR_CONTROL_OPEN';
}

/** The write of the command letters to supervise/control failed. */
export class ControlWriteError extends SuperviseProtocolError {
  override name = 'ControlWriteError' as const;
  override readonly code = 'DT_ERR_CONTROL_WRITE';
}

/** supervise/ok cannot be opened for a reason other than "not running" or "never started". */
export class OkOpenError extends SuperviseProtocolError {
  override name = 'OkOpenError' as const;
  override readonly code = 'DT_ERR_OK_OPEN';
}

/** A status file could not be read (open or read failure). */
export class StatusReadError extends StepError<'open' | 'read'> {
  override name = 'StatusReadError' as const;
  override readonly code = 'DT_ERR_STATUS_READ';
}

/** Writing supervise/status.new or renaming it to status failed; `step` says which. */
export class StatusWriteError extends StepError<'open' | 'write' | 'rename'> {
  override name = 'StatusWriteError' as const;
  override readonly code = 'DT_ERR_STATUS_WRITE';
}

/** dt-status.json is not what decision 0002 defines. */
export class SidecarFormatError extends SuperviseProtocolError {
  override name = 'SidecarFormatError' as const;
  override readonly code = 'DT_ERR_SIDECAR_FORMAT';
}

/** A sidecar write failed at `step`; the message says where, the cause why. */
export class SidecarWriteError extends StepError<'open' | 'write' | 'rename'> {
  override name = 'SidecarWriteError' as const;
  override readonly code = 'DT_ERR_SIDECAR_WRITE';
}

/** The deadline passed before the service reached the target; `last` is the last state seen. */
export class WaitTimeoutError extends SuperviseProtocolError {
  override name = 'TimeoutError' as const;
  override readonly code = 'DT_ERR_WAIT_TIMEOUT';
  constructor(
    message: string,
    readonly dir: string,
    readonly target: WaitTarget,
    readonly last: ServiceState | undefined,
  ) {
    super(message);
  }
}

/** The wait was aborted by its AbortSignal. Compatible with Node's own: name 'AbortError', code 'ABORT_ERR'. */
export class WaitAbortError extends SuperviseProtocolError {
  override name = 'AbortError' as const;
  override readonly code = 'ABORT_ERR';
}

/** defineService: a definition that cannot be written as a service directory, or a write that failed. */
export class ServiceDefineError extends SuperviseProtocolError {
  override name = 'ServiceDefineError' as const;
  override readonly code = 'DT_ERR_SERVICE_DEFINE';
}

/** Every error class, for documentation checks. */
export const ERROR_CLASSES = [
  StatusFormatError,
  ControlLetterError,
  ServiceDirError,
  CurrentDirError,
  NotSupervisedError,
  ControlOpenError,
  ControlWriteError,
  OkOpenError,
  StatusReadError,
  StatusWriteError,
  SidecarFormatError,
  SidecarWriteError,
  WaitTimeoutError,
  WaitAbortError,
  ServiceDefineError,
] as const;
