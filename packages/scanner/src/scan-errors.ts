// Errors the Scanner throws (libraries never print): stable codes, documented in the README's Errors table.

export const SCAN_ERROR_CODES = {
  /** start() called twice, or after stop(). */
  state: 'DT_ERR_SCAN_STATE',
  /** The scan directory is not a readable directory when the scanner starts. */
  dir: 'DT_ERR_SCAN_DIR',
  /** `dt rc`: the scan directory could not be stopped or started as asked. */
  rc: 'DT_ERR_SCAN_RC',
} as const;

export type ScanErrorCode = (typeof SCAN_ERROR_CODES)[keyof typeof SCAN_ERROR_CODES];

export class ScanError extends Error {
  override readonly name = 'ScanError';
  readonly code: ScanErrorCode;

  constructor(code: ScanErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
  }
}
