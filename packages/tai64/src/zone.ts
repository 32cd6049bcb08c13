// A time zone as glibc's localtime() sees it (glibc 2.36 time/tzfile.c, tzset.c, offtime.c): a TZif file
// (transitions, types, leap seconds, footer TZ string) or a POSIX TZ string. This file holds the shapes;
// tz-string.ts parses TZ strings, tzif.ts parses TZif bytes, localtime.ts computes with either, and
// zone-file.ts (the only I/O) finds and reads the bytes. Differences of detail matter, since tai64nlocal's
// output is compared byte for byte.

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

/** A rule of offset 0 (what an unparsable TZ string leaves). */
export function zeroRule(): TzRule {
  return { offset: 0, type: 'J0', d: 0, m: 0, n: 0, secs: 0 };
}

/** UTC, as glibc falls back to when nothing else works. */
export const UTC_ZONE: Zone = /* @__PURE__ */ (() => ({ kind: 'rules', rules: [zeroRule(), zeroRule()] }) as Zone)();
