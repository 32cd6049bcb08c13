import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expectDocumentedCodes } from '@dt/test-support';
import { SCAN_ERROR_CODES, ScanError } from '../src/index.js';

const README = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', 'README.md'), 'utf8');

describe('ScanError codes', () => {
  it('are unique and each is in the README errors table', () => {
    expectDocumentedCodes(Object.values(SCAN_ERROR_CODES), README);
  });

  it('carry name and code', () => {
    const e = new ScanError(SCAN_ERROR_CODES.dir, 'unable to chdir to x: file does not exist');
    expect([e.name, e.code, e.message]).toEqual(['ScanError', 'DT_ERR_SCAN_DIR', 'unable to chdir to x: file does not exist']);
  });
});
