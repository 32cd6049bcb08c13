import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh temp dir and its cleanup. */
export function tempDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), `dt-posix-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A real tool the test needs: fail (never skip) when it is missing. */
export function requireTool(path: string): string {
  if (!existsSync(path)) throw new Error(`${path} is missing: install it (apt-get install util-linux) to run this test`);
  return path;
}
