// The services of a scan directory for `dt status` with no directory given: its non-dot subdirectories
// (or links to them) that hold a `run` or a `supervise/`, sorted; each with its logger when it has log/.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export interface ListedService {
  name: string;
  dir: string;
}

/** Throws the readdir error (the caller says `unable to open DIR: ...`). */
export function listScanServices(scanDir: string): ListedService[] {
  const isService = (d: string) => existsSync(join(d, 'run')) || existsSync(join(d, 'supervise'));
  const out: ListedService[] = [];
  for (const name of readdirSync(scanDir).sort()) {
    const dir = join(scanDir, name);
    try {
      if (name.startsWith('.') || !statSync(dir).isDirectory() || !isService(dir)) continue;
    } catch {
      continue; // a dangling link: svscan skips it too
    }
    out.push({ name, dir });
    if (isService(join(dir, 'log'))) out.push({ name: `${name}/log`, dir: join(dir, 'log') });
  }
  return out;
}
