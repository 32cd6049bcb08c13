// localtime() over a Zone, as glibc 2.36 computes it (time/tzset.c compute_change / __tz_compute, tzfile.c
// __tzfile_compute, offtime.c). Details kept because tai64nlocal's output is compared byte for byte:
// compute_change's day count is a C int (it wraps after year 5,885,000), years up to 1970 use January 1, 1970.
import type { BrokenDownTime, TzFile, TzRule, TzRules, Zone } from './zone.js';

const SECS_PER_DAY = 86400;
const MON_YDAY = [
  [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334, 365],
  [0, 31, 60, 91, 121, 152, 182, 213, 244, 274, 305, 335, 366],
] as const;

const isLeap = (y: number): boolean => y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);

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
