// The API of @dt/tai64 as its README documents it, and nothing else.
export { TAI64_OFFSET, TAI64N_SIZE, TAI64N_SECONDS_OFFSET, TAI64N_NANOSECONDS_OFFSET, LABEL_LENGTH } from './constants.js';
export { Tai64Error, Tai64RangeError, Tai64FormatError, Tai64IoError, TAI64_ERROR_CODES } from './errors.js';
export { tai64nFromUnix, tai64nToUnixSeconds, type Tai64n } from './tai64n.js';
export { packTai64n, unpackTai64n } from './pack.js';
export { formatLabel, writeLabel, parseLabel, scanLabel } from './label.js';
export { createWallClock, unixMicrosNow, tai64nFromUnixMicros, tai64nNow, type MicroClock, type Clock } from './clock.js';
export { formatLocal, formatLocalSeconds, localTimeOf, type LocalTime } from './local.js';
export { tai64nToDate, tai64nFromDate } from './date.js';
export { HEX_DIGITS, HEX_VALUE } from './hex.js';
export { STAMP_LENGTH, Stamper, LineStamper, type LineStamperOptions } from './stamper.js';
export { LocalConverter, type LocalConverterOptions } from './local-stream.js';
/** The WebAssembly encoder @dt/multilog's kernel is written with (internal: no stability promise). */
export * as wasm from './wasm.js';
export { runFilter, type ChunkTransform, type FilterOptions } from './filter.js';
export { loadZone, systemZone } from './zone-file.js';
export { localtime } from './localtime.js';
export { parseTzif } from './tzif.js';
export { parseTzString } from './tz-string.js';
export type { Zone, BrokenDownTime } from './zone.js';
