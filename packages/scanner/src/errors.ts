// Every error @dt/scanner throws (libraries never print), each with a stable code documented in the README's
// Errors tables, in execa's convention (one base class naming each error after its class). A
// SuperviseError's message is daemontools 0.76 supervise's fatal text without the `supervise: fatal: ` prefix (supervise.c main), so a CLI prints `supervise: fatal: ${err.message}`.
import { WaitAbortError, WaitTimeoutError, type ServiceState } from '@dt/supervise-protocol';

/** Stable codes, one per failure of Supervisor.start() (documented in the README's Errors table). */
export const SUPERVISE_ERROR_CODES = {
  /** `unable to chdir to DIR: ERR`: the service directory is missing or not a directory. */
  chdir: 'DT_ERR_SUPERVISE_CHDIR',
  /** `unable to stat DIR/down: ERR`: stat(down) failed with an error other than ENOENT. */
  statDown: 'DT_ERR_SUPERVISE_STAT_DOWN',
  /** `unable to readlink ./supervise: ERR` (Debian patch 0002). */
  readlink: 'DT_ERR_SUPERVISE_READLINK',
  /** `unable to acquire DIR/supervise/lock: ERR`; `temporary failure` when another supervise holds it. */
  lock: 'DT_ERR_SUPERVISE_LOCK',
  /** `unable to read DIR/supervise/control: ERR` */
  controlRead: 'DT_ERR_SUPERVISE_CONTROL_READ',
  /** `unable to write DIR/supervise/control: ERR` */
  controlWrite: 'DT_ERR_SUPERVISE_CONTROL_WRITE',
  /** `unable to read DIR/supervise/ok: ERR` */
  ok: 'DT_ERR_SUPERVISE_OK',
  /** start() called twice, or after the supervisor finished. */
  state: 'DT_ERR_SUPERVISE_STATE',
} as const;

export type SuperviseErrorCode = (typeof SUPERVISE_ERROR_CODES)[keyof typeof SUPERVISE_ERROR_CODES];

/** Base class (execa's convention): `name` from the class, a stable `code`, the system error as `cause`. */
export class ScannerError extends Error {
  override name: string = this.constructor.name;
  readonly code: string = 'DT_ERR_SCANNER';
}

/** A ScannerError whose code, given first, is one of a table's (SUPERVISE_ERROR_CODES, SCAN_ERROR_CODES, SERVE_ERROR_CODES). */
export abstract class CodedScannerError<Code extends string> extends ScannerError {
  override readonly code: Code;

  constructor(code: Code, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}

/** A supervisor could not take charge of its service directory. */
export class SuperviseError extends CodedScannerError<SuperviseErrorCode> {
  constructor(
    code: SuperviseErrorCode,
    message: string,
    /** The path or directory the failure is about, as given. */
    readonly path: string,
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
  }
}

/** Stable codes, one per failure of the Scanner and of `dt rc` (documented in the README's Errors table). */
export const SCAN_ERROR_CODES = {
  /** start() called twice, or after stop(). */
  state: 'DT_ERR_SCAN_STATE',
  /** The scan directory is not a readable directory when the scanner starts. */
  dir: 'DT_ERR_SCAN_DIR',
  /** `dt rc`: the scan directory could not be stopped or started as asked. */
  rc: 'DT_ERR_SCAN_RC',
} as const;

export type ScanErrorCode = (typeof SCAN_ERROR_CODES)[keyof typeof SCAN_ERROR_CODES];

/** The Scanner (or `dt rc`) could not do what was asked. */
export class ScanError extends CodedScannerError<ScanErrorCode> {}

/** One service (or logger, `name/log`) waitAllReady was still waiting for, and why as far as is known. */
export interface PendingService {
  name: string;
  dir: string;
  /** Its state when the wait ended (undefined when it could not be read). */
  state: ServiceState | undefined;
  /** The last exit this tree saw it make. */
  lastExit: { pid: number; code: number | null; signal: NodeJS.Signals | null } | undefined;
  /** The last diagnostic about it (`supervise: fatal: unable to start DIR/run: file does not exist`). */
  warning: string | undefined;
}

/** waitAllReady's deadline passed; `pending` says which services (or loggers, `name/log`) and in what state. */
export class TreeTimeoutError extends WaitTimeoutError {
  constructor(
    message: string,
    dir: string,
    readonly pending: PendingService[],
  ) {
    super(message, dir, 'ready', undefined);
  }
}

/** waitAllReady's AbortSignal aborted; `pending` as for TreeTimeoutError. name 'AbortError', code 'ABORT_ERR'. */
export class TreeAbortError extends WaitAbortError {
  constructor(
    message: string,
    readonly dir: string,
    readonly pending: PendingService[],
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** A service (or logger) exited while waitAllReady waited: it is not one to trust yet. */
export class TreeExitError extends ScannerError {
  declare name: 'TreeExitError';
  override readonly code = 'DT_ERR_TREE_EXITED' as const;
  constructor(
    message: string,
    readonly dir: string,
    /** The one that exited, as `name` or `name/log`. */
    readonly service: string,
    readonly pending: PendingService[],
  ) {
    super(message);
  }
}

/**
 * Another supervisor (a second tree, svscan, the real supervise) holds a service's lock: this tree does not
 * supervise it and nothing will change that by waiting. errno EAGAIN, as flock's `temporary failure`.
 */
export class TreeLockError extends ScannerError {
  declare name: 'TreeLockError';
  override readonly code = 'DT_ERR_TREE_LOCKED' as const;
  readonly errno = 'EAGAIN' as const;
  constructor(
    message: string,
    readonly dir: string,
    /** The services whose lock is held, by name. */
    readonly services: string[],
  ) {
    super(message);
  }
}

/** tree.service(name) for a name the scanner does not supervise. */
export class UnknownServiceError extends ScannerError {
  declare name: 'UnknownServiceError';
  override readonly code = 'DT_ERR_TREE_SERVICE';
}
