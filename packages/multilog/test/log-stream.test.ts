import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createLogStream } from '../src/log-stream.js';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('LogStream', () => {
  it('pipes a stream into a multilog directory and finishes it on end', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'dt-logstream-'));
    dirs.push(cwd);
    const stream = createLogStream({ script: ['s4096', 'n3', './main'], cwd });
    const lines = Array.from({ length: 1000 }, (_, i) => `event ${i}\n`);
    await pipeline(Readable.from(lines.map((l) => Buffer.from(l))), stream);
    const d = join(cwd, 'main');
    const names = readdirSync(d).sort();
    expect(names.filter((n) => n.startsWith('@'))).toHaveLength(2);
    expect((statSync(join(d, 'current')).mode & 0o777).toString(8)).toBe('744');
    const all = names
      .filter((n) => n.startsWith('@') || n === 'current')
      .map((n) => readFileSync(join(d, n), 'latin1'))
      .join('');
    expect(all.endsWith(lines.slice(-50).join(''))).toBe(true);
  });
});
