// daemontools 0.76 pathexec_env.c + pathexec(): how a chain-loader's variable changes become the new environ.
// For each change in order: the FIRST entry with that name is removed by moving the LAST entry into its
// slot, then `name=value` is appended (nothing for a removal). The name is the change's text up to its first
// `=`, so a name containing `=` behaves as in C (envdir file `a=b` holding `v` sets `a` to `b=v`).
// Entries are bytes, as in C: values that are not UTF-8 pass through unchanged.
import { readFileSync } from 'node:fs';
import { isStartStateEntry, splitNul, startState } from '@dt/posix';

/** A variable change: a value sets, undefined removes. Strings are taken as UTF-8. */
export type EnvChange = readonly [name: Buffer | string, value: Buffer | string | undefined];

const EQ = 0x3d;
const bytes = (s: Buffer | string) => (typeof s === 'string' ? Buffer.from(s) : s);

/** process.env as `NAME=value` entries (Node decodes the environment as UTF-8: lossy for other bytes). */
export function currentEnviron(env: NodeJS.ProcessEnv = process.env): Buffer[] {
  const out: Buffer[] = [];
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out.push(Buffer.from(`${k}=${v}`));
  return out;
}

/**
 * The environ this process was started with, byte for byte and in order, duplicates included
 * (/proc/self/environ less the launcher's DT_START_* record; chain-loaders never change process.env). Falls back to process.env when it cannot
 * be read: read it before giving up privileges (a process that changed its uid may not read its own).
 */
export function readEnviron(): Buffer[] {
  const saved = startState().environ; // a launcher's copy: sh rebuilt the one /proc shows
  if (saved !== undefined) return [...saved];
  let raw: Buffer;
  try {
    raw = readFileSync('/proc/self/environ');
  } catch {
    return currentEnviron();
  }
  const out = splitNul(raw);
  // the launcher's record is ours, not the program's (looked for only when the environ holds one)
  return raw.includes('DT_START_') ? out.filter((e) => !isStartStateEntry(e)) : out;
}

/** Apply changes to an environ exactly as djb's pathexec() does; returns a new array. */
export function applyEnvChanges(environ: readonly (Buffer | string)[], changes: readonly EnvChange[]): Buffer[] {
  const e = environ.map(bytes);
  for (const [name, value] of changes) {
    const entry = value === undefined ? bytes(name) : Buffer.concat([bytes(name), Buffer.of(EQ), bytes(value)]);
    const eq = entry.indexOf(EQ);
    const split = eq < 0 ? entry.length : eq;
    for (let t = 0; t < e.length; t++) {
      const cur = e[t]!;
      if (cur.length > split && cur[split] === EQ && cur.compare(entry, 0, split, 0, split) === 0) {
        e[t] = e[e.length - 1]!;
        e.pop();
        break;
      }
    }
    if (split < entry.length) e.push(entry);
  }
  return e;
}
