// POSIX TZ strings as glibc 2.36 parses them (time/tzset.c __tzset_parse_tz), and __tzfile_default's
// "posixrules" case (a daylight zone named without a rule). Pure.
import { type TzFile, type TzRules, zeroRule } from './zone.js';

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
