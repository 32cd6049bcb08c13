// A time zone as glibc's localtime() sees it (glibc 2.36 time/tzfile.c, tzset.c, offtime.c): a TZif file
// (transitions, types, leap seconds, footer TZ string) or a POSIX TZ string. Pure: no I/O here; zone-file.ts
// loads the bytes. Differences of detail matter, since tai64nlocal's output is compared byte for byte:
// compute_change's day count is a C int (it wraps after year 5,885,000), years up to 1970 use January 1, 1970.

const SECS_PER_DAY = 86400;
const MON_YDAY = [
  [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365],
  [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366],
] as const;

export interface TzRule {
  offset: number; // seconds east of UTC
  type: 'J0' | 'J1' | 'M';
  d: number;
  m: number;
  n: number;
  secs: number;
}

/** Parsed POSIX TZ string: [standard, daylight]. */
export type TzRules = [TzRule, TzRule];

export interface TzType {
  offset: number;
  isdst: boolean;
  /** Transition times to this type are in standard time / in UT (only used for "posixrules" remapping). */
  isstd: boolean;
  isut: boolean;
}

/** The data of a TZif file that localtime() uses. */
export interface TzFile {
  transitions: number[];
  typeIdxs: number[];
  types: TzType[];
  leaps: { transition: number; change: number }[];
  /** The footer's POSIX TZ string, already parsed (undefined: none or empty). */
  spec: TzRules | undefined;
}

/** What localtime() consults: a file or a TZ string (UTC is the string with no name and offset 0). */
export type Zone = { kind: 'file'; file: TzFile } | { kind: 'rules'; rules: TzRules };

/** Broken-down time as localtime() fills it. */
export interface BrokenDownTime {
  year: bigint;
  month: number; // 1..12
  day: number;
  hours: number;
  minutes: number;
  seconds: number; // 60 on an inserted leap second (right/ zones)
}

const isLeap = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);

function zeroRule(): TzRule {
  return { offset: 0, type: 'J0', d: 0, m: 0, n: 0, secs: 0 };
}

/** UTC, as glibc falls back to when nothing else works. */
export const UTC_ZONE: Zone = /* @__PURE__ */ (() => ({ kind: 'rules', rules: [zeroRule(), zeroRule()] }) as Zone)();

// ---- POSIX TZ strings (tzset.c __tzset_parse_tz) ----

class Cursor {
  constructor(
    readonly s: string,
    public i = 0,
  ) {}
  ch(): string {
    return this.s[this.i] ?? '';
  }
}

const isAlpha = (c: string) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
const isDigit = (c: string) => c >= '0' && c <= '9';

function parseTzname(cur: Cursor): boolean {
  let p = cur.i;
  while (isAlpha(cur.s[p] ?? '')) p++;
  if (p - cur.i >= 3) {
    cur.i = p;
    return true;
  }
  p = cur.i;
  if (cur.s[p++] !== '<') return false;
  const start = p;
  for (let c = cur.s[p] ?? ''; isAlpha(c) || isDigit(c) || c === '+' || c === '-'; c = cur.s[++p] ?? '');
  const len = p - start;
  if (cur.s[p++] !== '>' || len < 3) return false;
  cur.i = p;
  return true;
}

/** sscanf "%hu%n:%hu%n:%hu%n": up to three numbers; returns how many parsed. */
function scanHms(cur: Cursor): { count: number; h: number; m: number; s: number } {
  const out = { count: 0, h: 0, m: 0, s: 0 };
  let p = cur.i;
  const num = (): number | undefined => {
    const start = p;
    while (isDigit(cur.s[p] ?? '')) p++;
    return p === start ? undefined : Number(cur.s.slice(start, p)) & 0xffff;
  };
  const h = num();
  if (h === undefined) return out;
  out.h = h;
  out.count = 1;
  let consumed = p;
  if (cur.s[p] === ':') {
    p++;
    const m = num();
    if (m !== undefined) {
      out.m = m;
      out.count = 2;
      consumed = p;
      if (cur.s[p] === ':') {
        p++;
        const s = num();
        if (s !== undefined) {
          out.s = s;
          out.count = 3;
          consumed = p;
        }
      }
    }
  }
  cur.i = consumed;
  return out;
}

function parseOffset(cur: Cursor, rules: TzRules, which: 0 | 1): boolean {
  const c = cur.ch();
  if (which === 0 && (c === '' || (c !== '+' && c !== '-' && !isDigit(c)))) return false;
  let sign = -1;
  if (c === '+' || c === '-') {
    sign = c === '-' ? 1 : -1;
    cur.i++;
  }
  const hms = scanHms(cur);
  if (hms.count > 0)
    rules[which].offset = sign * (Math.min(hms.s, 59) + Math.min(hms.m, 59) * 60 + Math.min(hms.h, 24) * 3600);
  else if (which === 0) {
    rules[0].offset = 0;
    return false;
  } else rules[1].offset = rules[0].offset + 3600;
  return true;
}

function parseRule(cur: Cursor, rules: TzRules, which: 0 | 1): boolean {
  const r = rules[which];
  if (cur.ch() === ',') cur.i++;
  const c = cur.ch();
  if (c === 'J' || isDigit(c)) {
    r.type = c === 'J' ? 'J1' : 'J0';
    if (r.type === 'J1' && !isDigit(cur.s[++cur.i] ?? '')) return false;
    const start = cur.i;
    while (isDigit(cur.ch())) cur.i++;
    const d = Number(cur.s.slice(start, cur.i));
    if (cur.i === start || d > 365) return false;
    if (r.type === 'J1' && d === 0) return false;
    r.d = d;
  } else if (c === 'M') {
    const m = /^M(\d+)\.(\d+)\.(\d+)/.exec(cur.s.slice(cur.i));
    if (!m) return false;
    r.type = 'M';
    r.m = Number(m[1]) & 0xffff;
    r.n = Number(m[2]) & 0xffff;
    r.d = Number(m[3]) & 0xffff;
    if (r.m < 1 || r.m > 12 || r.n < 1 || r.n > 5 || r.d > 6) return false;
    cur.i += m[0].length;
  } else if (c === '') {
    // the U.S. rule since 2007, "M3.2.0,M11.1.0"
    r.type = 'M';
    if (which === 0) Object.assign(r, { m: 3, n: 2, d: 0 });
    else Object.assign(r, { m: 11, n: 1, d: 0 });
  } else return false;
  if (cur.ch() !== '' && cur.ch() !== '/' && cur.ch() !== ',') return false;
  if (cur.ch() === '/') {
    cur.i++;
    if (cur.ch() === '') return false;
    const negative = cur.ch() === '-';
    if (negative) cur.i++;
    const hms = scanHms(cur);
    const h = hms.count >= 1 ? hms.h : 2;
    r.secs = (negative ? -1 : 1) * (h * 3600 + hms.m * 60 + hms.s);
  } else r.secs = 7200;
  return true;
}

/** A parsed TZ string; `wantsDefaultRules` when it names daylight time but gives no rule (glibc then
 *  takes the transitions of the "posixrules" file with these offsets: see applyDefaultRules). */
export interface ParsedTzString {
  rules: TzRules;
  wantsDefaultRules: boolean;
}

/** Parses a POSIX TZ string as glibc's __tzset_parse_tz does. Anything unparsable leaves UTC (offset 0). */
export function parseTzStringFull(tz: string): ParsedTzString {
  const rules: TzRules = [zeroRule(), zeroRule()];
  const cur = new Cursor(tz);
  let wantsDefaultRules = false;
  if (parseTzname(cur) && parseOffset(cur, rules, 0)) {
    if (cur.ch() !== '') {
      if (parseTzname(cur)) {
        parseOffset(cur, rules, 1);
        const rest = cur.s.slice(cur.i);
        if (rest === '' || rest === ',') wantsDefaultRules = true;
      }
      // without posixrules: the rules as parsed (an empty rule is the U.S. rule)
      if (parseRule(cur, rules, 0)) parseRule(cur, rules, 1);
    } else rules[1].offset = rules[0].offset;
  }
  return { rules, wantsDefaultRules };
}

/** parseTzStringFull without the posixrules case (a rule-less daylight zone takes the U.S. rule). */
export function parseTzString(tz: string): TzRules {
  return parseTzStringFull(tz).rules;
}

/**
 * __tzfile_default(): a TZ string with daylight time but no rule takes the transitions of "posixrules",
 * shifted to the user's offsets; the file's own footer rule (and its offsets) still applies after its last
 * transition, as in glibc. Undefined when the file has fewer than two types (glibc then uses the string).
 */
export function applyDefaultRules(file: TzFile, stdoff: number, dstoff: number): TzFile | undefined {
  if (file.types.length < 2) return undefined;
  const { types, typeIdxs } = file;
  let ruleStd = 0;
  let ruleDst = 0;
  if (file.transitions.length === 0) ruleStd = ruleDst = types[0]!.offset;
  else {
    let stdSet = false;
    let dstSet = false;
    for (let i = file.transitions.length - 1; i >= 0 && !(stdSet && dstSet); i--) {
      const ty = types[typeIdxs[i]!]!;
      if (!stdSet && !ty.isdst) {
        stdSet = true;
        ruleStd = ty.offset;
      } else if (!dstSet && ty.isdst) {
        dstSet = true;
        ruleDst = ty.offset;
      }
    }
    if (!dstSet) ruleDst = ruleStd;
  }
  const transitions: number[] = [];
  const idxs: number[] = [];
  let isdst = false;
  for (let i = 0; i < file.transitions.length; i++) {
    const ty = types[typeIdxs[i]!]!;
    idxs.push(ty.isdst ? 1 : 0);
    let t = file.transitions[i]!;
    if (!ty.isut) t += isdst && !ty.isstd ? dstoff - ruleDst : stdoff - ruleStd;
    transitions.push(t);
    isdst = ty.isdst;
  }
  return {
    transitions,
    typeIdxs: idxs,
    types: [
      { offset: stdoff, isdst: false, isstd: false, isut: false },
      { offset: dstoff, isdst: true, isstd: false, isut: false },
    ],
    leaps: file.leaps,
    spec: file.spec,
  };
}

// ---- TZif files (tzfile.c __tzfile_read) ----

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

// ---- localtime (tzset.c compute_change / __tz_compute, tzfile.c __tzfile_compute, offtime.c) ----

/** compute_change(): when in `year` the rule switches, in UTC seconds. The day count is a C int. */
function ruleChange(r: TzRule, year: number): number {
  let t = 0;
  if (year > 1970) {
    const days =
      (Math.imul(year - 1970, 365) +
        (Math.trunc((year - 1) / 4) - 492) -
        (Math.trunc((year - 1) / 100) - 19) +
        (Math.trunc((year - 1) / 400) - 4)) |
      0;
    t = days * SECS_PER_DAY;
  }
  const leap = isLeap(year) ? 1 : 0;
  if (r.type === 'J1') {
    t += (r.d - 1) * SECS_PER_DAY;
    if (r.d >= 60 && leap) t += SECS_PER_DAY;
  } else if (r.type === 'J0') t += r.d * SECS_PER_DAY;
  else {
    const myday = MON_YDAY[leap]!;
    t += myday[r.m - 1]! * SECS_PER_DAY;
    const m1 = ((r.m + 9) % 12) + 1;
    const yy0 = r.m <= 2 ? year - 1 : year;
    const yy1 = Math.trunc(yy0 / 100);
    const yy2 = yy0 % 100;
    let dow = (Math.trunc((26 * m1 - 2) / 10) + 1 + yy2 + Math.trunc(yy2 / 4) + Math.trunc(yy1 / 4) - 2 * yy1) % 7;
    if (dow < 0) dow += 7;
    let d = r.d - dow;
    if (d < 0) d += 7;
    for (let i = 1; i < r.n; i++) {
      if (d + 7 >= myday[r.m]! - myday[r.m - 1]!) break;
      d += 7;
    }
    t += d * SECS_PER_DAY;
  }
  return t - r.offset + r.secs;
}

/** __tz_compute(): the UTC offset a TZ string gives at `timer`, whose UTC year is `year`. */
function rulesOffset(rules: TzRules, timer: number, year: number): number {
  const c0 = ruleChange(rules[0], year);
  const c1 = ruleChange(rules[1], year);
  const isdst = c0 > c1 ? timer < c1 || timer >= c0 : timer >= c0 && timer < c1;
  return rules[isdst ? 1 : 0].offset;
}

const DAYS_0000_TO_1970 = 719468;

/** __offtime(): breaks down t + offset (UTC); undefined when tm_year does not fit a C int (EOVERFLOW). */
function offtime(t: bigint, offset: number): BrokenDownTime | undefined {
  const local = t + BigInt(offset);
  let days = local / 86400n;
  let rem = Number(local % 86400n);
  if (rem < 0) {
    rem += SECS_PER_DAY;
    days -= 1n;
  }
  // days since 1970-01-01 to a proleptic Gregorian date (Hinnant's civil_from_days)
  const z = Number(days) + DAYS_0000_TO_1970;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = BigInt(yoe) + BigInt(era) * 400n + (month <= 2 ? 1n : 0n);
  const tmYear = year - 1900n;
  if (tmYear < -(2n ** 31n) || tmYear > 2n ** 31n - 1n) return undefined;
  return {
    year,
    month,
    day,
    hours: Math.floor(rem / 3600),
    minutes: Math.floor((rem % 3600) / 60),
    seconds: rem % 60,
  };
}

/** __tzfile_compute(): UTC offset, leap correction and leap hits of a TZif zone at `timer`. */
function fileOffset(f: TzFile, t: bigint): { offset: number; correct: number; hit: number } {
  const timer = Number(t);
  const n = f.transitions.length;
  let offset: number;
  if (n === 0 || timer < f.transitions[0]!) {
    let i = f.types.findIndex((ty) => !ty.isdst);
    if (i === -1) i = 0;
    offset = f.types[i]?.offset ?? 0;
  } else if (timer >= f.transitions[n - 1]!) {
    const utc = f.spec === undefined ? undefined : offtime(t, 0);
    if (f.spec !== undefined && utc !== undefined) offset = rulesOffset(f.spec, timer, Number(utc.year));
    else offset = f.types[f.typeIdxs[n - 1]!]!.offset;
  } else {
    let lo = 0;
    let hi = n - 1;
    while (lo + 1 < hi) {
      const mid = (lo + hi) >>> 1;
      if (timer < f.transitions[mid]!) hi = mid;
      else lo = mid;
    }
    offset = f.types[f.typeIdxs[lo]!]!.offset;
  }
  let correct = 0;
  let hit = 0;
  let i = f.leaps.length;
  while (i > 0 && timer < f.leaps[i - 1]!.transition) i--;
  if (i > 0) {
    i--;
    const leaps = f.leaps;
    correct = leaps[i]!.change;
    if (timer === leaps[i]!.transition && ((i === 0 && leaps[i]!.change > 0) || (i > 0 && leaps[i]!.change > leaps[i - 1]!.change))) {
      hit = 1;
      while (i > 0 && leaps[i]!.transition === leaps[i - 1]!.transition + 1 && leaps[i]!.change === leaps[i - 1]!.change + 1) {
        hit++;
        i--;
      }
    }
  }
  return { offset, correct, hit };
}

/** localtime(): the broken-down local time of signed Unix seconds in `zone`; undefined where glibc's fails. */
export function localtime(zone: Zone, t: bigint): BrokenDownTime | undefined {
  if (zone.kind === 'rules') {
    const utc = offtime(t, 0);
    if (utc === undefined) return undefined;
    return offtime(t, rulesOffset(zone.rules, Number(t), Number(utc.year)));
  }
  const { offset, correct, hit } = fileOffset(zone.file, t);
  const tm = offtime(t, offset - correct);
  if (tm !== undefined) tm.seconds += hit;
  return tm;
}
