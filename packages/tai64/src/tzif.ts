// TZif files (RFC 8536) as glibc 2.36 reads them (time/tzfile.c __tzfile_read): transitions, types, leap
// seconds and the footer's TZ string. Pure: zone-file.ts reads the bytes.
import { parseTzString } from './tz-string.js';
import type { TzFile, TzRules, TzType } from './zone.js';

/** Parses TZif bytes (version 1, 2, 3 or 4; the 64-bit part when present). Undefined when glibc would reject them. */
export function parseTzif(bytes: Uint8Array): TzFile | undefined {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const header = (at: number) => {
    if (at + 44 > bytes.length) return undefined;
    if (bytes[at] !== 0x54 || bytes[at + 1] !== 0x5a || bytes[at + 2] !== 0x69 || bytes[at + 3] !== 0x66) return undefined;
    const u = (k: number) => view.getUint32(at + 20 + 4 * k, false);
    return { version: bytes[at + 4]!, isgmt: u(0), isstd: u(1), leap: u(2), time: u(3), type: u(4), chars: u(5) };
  };
  let h = header(0);
  if (h === undefined) return undefined;
  let at = 44;
  let width = 4;
  if (h.version !== 0) {
    at += h.time * 5 + h.type * 6 + h.chars + h.leap * 8 + h.isstd + h.isgmt;
    h = header(at);
    if (h === undefined) return undefined;
    at += 44;
    width = 8;
  }
  const size = h.time * (width + 1) + h.type * 6 + h.chars + h.leap * (width + 4) + h.isstd + h.isgmt;
  if (at + size > bytes.length) return undefined;
  const readTime = (p: number) => (width === 8 ? Number(view.getBigInt64(p, false)) : view.getInt32(p, false));
  const transitions: number[] = [];
  for (let k = 0; k < h.time; k++) transitions.push(readTime(at + k * width));
  at += h.time * width;
  const typeIdxs = Array.from(bytes.subarray(at, at + h.time));
  at += h.time;
  const types: TzType[] = [];
  for (let k = 0; k < h.type; k++) {
    const isdst = bytes[at + 4]!;
    const idx = bytes[at + 5]!;
    if (isdst > 1 || idx >= h.chars) return undefined;
    types.push({ offset: view.getInt32(at, false), isdst: isdst === 1, isstd: false, isut: false });
    at += 6;
  }
  if (typeIdxs.some((i) => i >= types.length)) return undefined;
  at += h.chars;
  const leaps: TzFile['leaps'] = [];
  for (let k = 0; k < h.leap; k++) {
    leaps.push({ transition: readTime(at), change: view.getInt32(at + width, false) });
    at += width + 4;
  }
  for (let k = 0; k < h.isstd && k < types.length; k++) types[k]!.isstd = bytes[at + k] !== 0;
  at += h.isstd;
  for (let k = 0; k < h.isgmt && k < types.length; k++) types[k]!.isut = bytes[at + k] !== 0;
  at += h.isgmt;
  let spec: TzRules | undefined;
  if (width === 8 && bytes[at] === 0x0a) {
    const end = bytes.indexOf(0x0a, at + 1);
    if (end > at + 1) spec = parseTzString(Buffer.from(bytes.subarray(at + 1, end)).toString('latin1'));
  }
  return { transitions, typeIdxs, types, leaps, spec };
}
