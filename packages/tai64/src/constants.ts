// TAI64 / TAI64N layout, daemontools 0.76 convention (tai.h, taia_pack.c, timestamp.c).

/** daemontools' tai_unix(): label = 2^62 + 10 + Unix seconds (the clock is assumed to count TAI-10, no leap table). */
export const TAI64_OFFSET = 2n ** 62n + 10n;
/** A TAI64 label is an unsigned 64-bit number. */
export const TAI64_MAX = 2n ** 64n - 1n;
/** One second in nanoseconds: the TAI64N nanosecond field is below this. */
export const NANOSECONDS_PER_SECOND = 1_000_000_000;

/** Packed TAI64N (taia_pack.c without attoseconds): 12 bytes. */
export const TAI64N_SIZE = 12;
/** Offset 0: seconds, big-endian u64. */
export const TAI64N_SECONDS_OFFSET = 0;
/** Offset 8: nanoseconds, big-endian u32. */
export const TAI64N_NANOSECONDS_OFFSET = 8;

/** External form: '@' + 24 lowercase hex digits (timestamp.c TIMESTAMP 25). */
export const LABEL_LENGTH = 25;
/** Hex digits in a label: 16 for the seconds, 8 for the nanoseconds. */
export const LABEL_HEX_DIGITS = 24;
/** '@' */
export const LABEL_PREFIX = 0x40;
