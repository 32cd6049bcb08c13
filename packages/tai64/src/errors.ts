// Every error @dt/tai64 throws. Expected states (a string that is not a label) are values, not errors.
// One convention, execa's: `name` is taken from the class, each class declares only its stable `code`,
// a system error stays as `cause`. Tai64RangeError stays a RangeError (what a range check throws).

/** Base class of the format and I/O errors. */
export class Tai64Error extends Error {
  override name: string = this.constructor.name;
  readonly code: string = 'DT_ERR_TAI64';
}

/** A value does not fit TAI64N: seconds outside 0..2^64-1, nanoseconds outside 0..2^32-1, or a year localtime() cannot represent. */
export class Tai64RangeError extends RangeError {
  override name: string = this.constructor.name;
  readonly code = 'DT_ERR_TAI64_RANGE';
}

/** Bytes that cannot be a packed TAI64N (fewer than 12 bytes). */
export class Tai64FormatError extends Tai64Error {
  override readonly code = 'DT_ERR_TAI64_FORMAT';
}

/** Reading the input or writing the output failed (tai64n and tai64nlocal exit 111 silently). */
export class Tai64IoError extends Tai64Error {
  override readonly code = 'DT_ERR_TAI64_IO';
}

/** Every error code this package can throw, for documentation tests. */
export const TAI64_ERROR_CODES = ['DT_ERR_TAI64_RANGE', 'DT_ERR_TAI64_FORMAT', 'DT_ERR_TAI64_IO'] as const;
