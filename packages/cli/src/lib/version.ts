// The version of @dt/cli, read from its package.json (dist/bin/NAME.js -> ../../package.json) only when
// asked, so no program pays for it at start-up.
import { readFileSync } from 'node:fs';

export function readVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { name: string; version: string };
  return `${pkg.name} ${pkg.version}`;
}
