// Finds the zone localtime() uses, as glibc's tzset does: TZ unset => /etc/localtime; TZ empty =>
// "Universal"; a leading ':' is dropped; a relative name is read under $TZDIR or /usr/share/zoneinfo; a name
// that is no readable TZif file is parsed as a POSIX TZ string (unparsable => UTC).
import { readFileSync } from 'node:fs';
import { applyDefaultRules, parseTzStringFull } from './tz-string.js';
import { parseTzif } from './tzif.js';
import { UTC_ZONE, type Zone } from './zone.js';

const TZDEFAULT = '/etc/localtime';
const DEFAULT_TZDIR = '/usr/share/zoneinfo';
const TZDEFRULES = 'posixrules';

function readTzif(path: string) {
  try {
    return parseTzif(readFileSync(path));
  } catch {
    return undefined; // not a readable file: glibc falls back to the TZ string
  }
}

/** The zone named by a TZ value (default: this process's TZ), read from the zoneinfo files. */
export function loadZone(tz: string | undefined = process.env.TZ, tzdir: string | undefined = process.env.TZDIR): Zone {
  let name = tz;
  if (name === '') name = 'Universal';
  if (name !== undefined && name.startsWith(':')) name = name.slice(1);
  const dir = tzdir === undefined || tzdir === '' ? DEFAULT_TZDIR : tzdir;
  const pathOf = (file: string) => (file.startsWith('/') ? file : `${dir}/${file}`);
  const file = name ?? TZDEFAULT;
  if (file !== '') {
    const parsed = readTzif(pathOf(file));
    if (parsed !== undefined) return { kind: 'file', file: parsed };
  }
  if (name === undefined || name === '' || name === TZDEFAULT) return UTC_ZONE;
  const { rules, wantsDefaultRules } = parseTzStringFull(name);
  if (wantsDefaultRules) {
    const defaults = readTzif(pathOf(TZDEFRULES));
    const remapped = defaults && applyDefaultRules(defaults, rules[0].offset, rules[1].offset);
    if (remapped !== undefined) return { kind: 'file', file: remapped };
  }
  return { kind: 'rules', rules };
}

let cachedTz: string | undefined | null = null;
let cachedZone: Zone = UTC_ZONE;

/** The zone of this process's TZ, loaded once and again only when process.env.TZ changes. */
export function systemZone(): Zone {
  const tz = process.env.TZ;
  if (tz !== cachedTz) {
    cachedZone = loadZone(tz);
    cachedTz = tz;
  }
  return cachedZone;
}
