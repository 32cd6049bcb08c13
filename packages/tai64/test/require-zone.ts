// Zone tests need the system's zoneinfo (Debian package tzdata), as the real tai64nlocal does: fail clearly.
import { existsSync } from 'node:fs';
import { type Zone } from '../src/zone.js';
import { loadZone } from '../src/zone-file.js';

export function requireZone(name: string): Zone {
  const path = name.startsWith('/') ? name : `/usr/share/zoneinfo/${name}`;
  if (!existsSync(path)) throw new Error(`${path} is missing: install tzdata (apt-get install -y tzdata)`);
  return loadZone(name);
}
