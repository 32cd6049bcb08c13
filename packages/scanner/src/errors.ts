// Every error the Supervisor throws. The message is daemontools 0.76 supervise's fatal text without the
// `supervise: fatal: ` prefix (supervise.c main), so a CLI prints `supervise: fatal: ${err.message}`.

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

/** A supervisor could not take charge of its service directory. */
export class SuperviseError extends Error {
  override readonly name = 'SuperviseError';
  readonly code: SuperviseErrorCode;
  /** The path or directory the failure is about, as given. */
  readonly path: string;

  constructor(code: SuperviseErrorCode, message: string, path: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.path = path;
  }
}
