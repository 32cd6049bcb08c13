// The 18-byte supervise/status record, encoded and decoded at explicit offsets (daemontools 0.76
// supervise.c pidchange()/announce(), svstat.c). Pure: no I/O here.
import type { Tai64n } from '@dt/tai64';
import { StatusFormatError } from './errors.js';

export const STATUS_SIZE = 18;
/** TAI64 label of the last pid change: 8 bytes, big-endian (taia_pack). */
export const STAMP_SECONDS_OFFSET = 0;
/** Nanoseconds of that stamp: 4 bytes, big-endian (taia_pack). */
export const STAMP_NANOSECONDS_OFFSET = 8;
/** Service pid: 4 bytes, little-endian (status[12] = low byte); 0 = down. */
export const PID_OFFSET = 12;
/** 1 when paused (written as `pid ? flagpaused : 0`), else 0. */
export const PAUSED_OFFSET = 16;
/** 'u' = want up, 'd' = want down, 0 = once (svc -o). */
export const WANT_OFFSET = 17;

export const WANT_UP_BYTE = 0x75; // 'u'
export const WANT_DOWN_BYTE = 0x64; // 'd'
export const WANT_ONCE_BYTE = 0x00;

/** What supervise will do when the service exits: restart ('up'), leave down ('down'), or nothing more ('once'). */
export type Want = 'up' | 'down' | 'once';

export interface ServiceStatus {
  /** When the pid last changed (service start, service exit, or supervise start). */
  stamp: Tai64n;
  /** The service's pid, 0 when down. */
  pid: number;
  paused: boolean;
  want: Want;
}

/** The 18 bytes supervise writes for `s` (paused is written only while a pid is up, as supervise does). */
export function encodeStatus(s: ServiceStatus): Buffer {
  const buf = Buffer.alloc(STATUS_SIZE);
  buf.writeBigUInt64BE(BigInt.asUintN(64, s.stamp.seconds), STAMP_SECONDS_OFFSET);
  buf.writeUInt32BE(s.stamp.nanoseconds >>> 0, STAMP_NANOSECONDS_OFFSET);
  buf.writeUInt32LE(s.pid >>> 0, PID_OFFSET);
  buf[PAUSED_OFFSET] = s.pid !== 0 && s.paused ? 1 : 0;
  buf[WANT_OFFSET] = s.want === 'up' ? WANT_UP_BYTE : s.want === 'down' ? WANT_DOWN_BYTE : WANT_ONCE_BYTE;
  return buf;
}

/**
 * Decode the first 18 bytes. As svstat reads them: any non-zero byte 16 is "paused", byte 17 'u' is want up,
 * 'd' want down, and anything else (0 included) is "once". Throws StatusFormatError when shorter than 18.
 */
export function decodeStatus(buf: Uint8Array): ServiceStatus {
  if (buf.length < STATUS_SIZE) {
    throw new StatusFormatError(`status is ${buf.length} bytes, expected ${STATUS_SIZE}`);
  }
  const view = new DataView(buf.buffer, buf.byteOffset, STATUS_SIZE);
  const want = buf[WANT_OFFSET];
  return {
    stamp: {
      seconds: view.getBigUint64(STAMP_SECONDS_OFFSET, false),
      nanoseconds: view.getUint32(STAMP_NANOSECONDS_OFFSET, false),
    },
    pid: view.getUint32(PID_OFFSET, true),
    paused: buf[PAUSED_OFFSET] !== 0,
    want: want === WANT_UP_BYTE ? 'up' : want === WANT_DOWN_BYTE ? 'down' : 'once',
  };
}
