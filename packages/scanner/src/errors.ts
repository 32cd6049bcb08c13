// Every error @dt/scanner throws (libraries never print), each with a stable code documented in the README's
// Errors tables, in execa's convention (one base class naming each error after its class). A SuperviseError's message is daemontools 0.76 supervise's fatal text without the
// `supervise: fatal: ` prefix (supervise.c main), so a CLI prints `supervise: fatal: ${err.message}`.
import { WaitTimeoutError, type ServiceState } from '@dt/supervise-protocol';

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

/** waitAllReady's deadline passed; `pending` says which services (or loggers, `name/log`) and in what state. */
export class TreeTimeoutError extends WaitTimeoutError {
  constructor(
    message: string,
    dir: string,
    readonly pending: { name: string; state: ServiceState | undefined }[],
  ) {
    super(message, dir, 'ready', undefined);
  }
}

/** tree.service(name) for a name the scanner does not supervise. */
export class UnknownServiceError extends ScannerError {
  override readonly code = 'DT_ERR_TREE_SERVICE';
}
