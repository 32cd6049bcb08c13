// Every error @dt/tai64 throws. Expected states (a string that is not a label) are values, not errors.

/** A value does not fit TAI64N: seconds outside 0..2^64-1, nanoseconds outside 0..2^32-1, or a year localtime() cannot represent. */
export class Tai64RangeError extends RangeError {
  override readonly name = 'Tai64RangeError';
  readonly code = 'DT_ERR_TAI64_RANGE';
}

/** Bytes that cannot be a packed TAI64N (fewer than 12 bytes). */
export class Tai64FormatError extends Error {
  override readonly name = 'Tai64FormatError';
  readonly code = 'DT_ERR_TAI64_FORMAT';
}

/** Reading the input or writing the output failed (tai64n and tai64nlocal exit 111 silently). */
export class Tai64IoError extends Error {
  override readonly name = 'Tai64IoError';
  readonly code = 'DT_ERR_TAI64_IO';
}

/** Every error code this package can throw, for documentation tests. */
export const TAI64_ERROR_CODES = ['DT_ERR_TAI64_RANGE', 'DT_ERR_TAI64_FORMAT', 'DT_ERR_TAI64_IO'] as const;
