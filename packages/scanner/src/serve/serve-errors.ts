// The errors serveTree throws (kept beside the server so @dt/scanner's main entry never loads them).

export const SERVE_ERROR_CODES = {
  /** `--listen` is not ADDR:PORT, [ADDR6]:PORT, :PORT or PORT with a port 0..65535. */
  address: 'DT_ERR_SERVE_ADDRESS',
  /** The control token is shorter than MIN_TOKEN_LENGTH or holds characters a header cannot carry. */
  token: 'DT_ERR_SERVE_TOKEN',
  /** listen() failed (address in use, not available, access denied). */
  listen: 'DT_ERR_SERVE_LISTEN',
} as const;

export type ServeErrorCode = (typeof SERVE_ERROR_CODES)[keyof typeof SERVE_ERROR_CODES];

/** serveTree could not start. */
export class ServeError extends Error {
  override readonly name = 'ServeError';
  constructor(
    readonly code: ServeErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}
