import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as serve from '../../src/serve.js';
import * as main from '../../src/index.js';
import { SERVE_ERROR_CODES, ServeError } from '../../src/serve/serve-errors.js';

const README = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'README.md'), 'utf8');

describe('ServeError codes', () => {
  it('are unique and each is in the README errors table', () => {
    const codes = Object.values(SERVE_ERROR_CODES);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(README).toContain(`| \`${c}\` |`);
  });

  it('carry name, code and cause', () => {
    const cause = new Error('EADDRINUSE');
    const e = new ServeError(SERVE_ERROR_CODES.listen, 'unable to listen on 127.0.0.1:1', { cause });
    expect([e.name, e.code, e.message, e.cause]).toEqual(['ServeError', 'DT_ERR_SERVE_LISTEN', 'unable to listen on 127.0.0.1:1', cause]);
  });
});

describe('the @dt/scanner/serve entry', () => {
  it('exports what the README documents, and the main entry none of it', () => {
    expect(Object.keys(serve).sort()).toEqual(
      [
        'DEFAULT_SERVE_HOST',
        'DEFAULT_SERVE_PORT',
        'MIN_TOKEN_LENGTH',
        'SERVE_ERROR_CODES',
        'SIDECAR_FAILING_FIELD',
        'ServeError',
        'createTreeMetrics',
        'isLoopback',
        'parseListenAddress',
        'readTreeFacts',
        'serveTree',
      ].sort(),
    );
    for (const name of Object.keys(serve)) {
      expect(README).toContain(`\`${name}`);
      expect(name in main).toBe(false);
    }
  });
});
