// The built entries (npm test builds first): `@dt/scanner` loads neither node:http nor prom-client, in ESM
// and CJS; `@dt/scanner/serve` loads both.
import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
const PROBE = `
const entry = process.argv[1];
await import(entry);
const { createRequire } = await import('node:module');
const cache = Object.keys(createRequire(import.meta.url)('module')._cache);
console.log(JSON.stringify({ http: process.moduleLoadList.includes('NativeModule http'), promClient: cache.some((p) => p.includes('/prom-client/')) }));
`;

const loaded = (file: string) => {
  if (!existsSync(DIST + file)) throw new Error(`${DIST}${file} is missing: npm run build -w @dt/scanner`);
  return JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', PROBE, DIST + file], { encoding: 'utf8' })) as unknown;
};

describe('entry points', () => {
  it('the main entry never loads the server', () => {
    expect(loaded('index.js')).toEqual({ http: false, promClient: false });
    expect(loaded('index.cjs')).toEqual({ http: false, promClient: false });
  });
  it('the serve subpath does, in ESM and CJS', () => {
    expect(loaded('serve.js')).toEqual({ http: true, promClient: true });
    expect(loaded('serve.cjs')).toEqual({ http: true, promClient: true });
  });
});
