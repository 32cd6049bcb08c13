// One pass over a scan directory, as svscan.c doit()/start() read it: every name not starting with `.`
// that stat(2) (following symlinks) says is a directory, keyed by the target's (st_dev, st_ino) so a
// renamed or symlinked service keeps its entry. Warnings are 0.76's texts without the `svscan: warning: ` prefix.
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { errnoCode, errnoText } from '@dt/posix';

export interface ScanItem {
  /** The name in the scan directory (a directory, or a symlink to one). */
  readonly name: string;
  /** `${st_dev}:${st_ino}` of the target. */
  readonly key: string;
}

export interface ScanPass {
  readonly items: ScanItem[];
  readonly warnings: string[];
  /** False when the directory could not be read: the caller must not prune (svscan.c returns early). */
  readonly complete: boolean;
}

/** The (dev, ino) key of a path's target, or the error. */
export function statKey(path: string): string {
  const st = statSync(path, { bigint: true });
  if (!st.isDirectory()) return '';
  return `${st.dev}:${st.ino}`;
}

/** Read the scan directory once. Never throws. */
export function scanDirectory(dir: string): ScanPass {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    return { items: [], warnings: [`unable to read directory: ${errnoText(e)}`], complete: false };
  }
  return { ...scanNames(dir, names), complete: true };
}

/** The rule of a pass over names already read from dir: skip dot names, keep (links to) directories. */
export function scanNames(dir: string, names: readonly string[]): { items: ScanItem[]; warnings: string[] } {
  const items: ScanItem[] = [];
  const warnings: string[] = [];
  for (const name of names) {
    if (name.startsWith('.')) continue;
    let key: string;
    try {
      key = statKey(join(dir, name));
    } catch (e) {
      warnings.push(`unable to stat ${name}: ${errnoText(e)}`);
      continue;
    }
    if (key !== '') items.push({ name, key });
  }
  return { items, warnings };
}

/**
 * svscan.c: a service has a logger when stat("NAME/log") succeeds (any file type), checked only when its
 * entry is created. Any error but ENOENT is a warning and the service is not started this round.
 */
export function detectLog(dir: string, name: string): { hasLog: boolean } | { warning: string } {
  try {
    statSync(join(dir, name, 'log'));
    return { hasLog: true };
  } catch (e) {
    if (errnoCode(e) === 'ENOENT') return { hasLog: false };
    return { warning: `unable to stat ${name}/log: ${errnoText(e)}` };
  }
}
