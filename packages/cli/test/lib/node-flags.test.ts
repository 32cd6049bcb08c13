import { describe, expect, it } from '@jest/globals';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_FLAGS } from '../../src/lib/node-flags.js';

const BIN = fileURLToPath(new URL('../../src/bin', import.meta.url));

describe('NODE_FLAGS', () => {
  it('every bin shebang carries exactly its NODE_FLAGS (bins run only through dt have none)', () => {
    for (const file of readdirSync(BIN).filter((f) => f.endsWith('.ts'))) {
      const prog = file.slice(0, -3);
      const first = readFileSync(join(BIN, file), 'utf8').split('\n')[0]!;
      const flags = NODE_FLAGS[prog] ?? [];
      if (!first.startsWith('#!') && flags.length === 0) continue;
      expect([prog, first]).toEqual([prog, flags.length ? `#!/usr/bin/env -S node ${flags.join(' ')}` : '#!/usr/bin/env node']);
    }
  });

  it('names only programs that exist', () => {
    const bins = new Set(readdirSync(BIN).map((f) => f.replace(/\.ts$/, '')));
    for (const prog of Object.keys(NODE_FLAGS)) expect(bins.has(prog)).toBe(true);
  });
});
