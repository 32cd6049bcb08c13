// Service directories for the supervisor tests (ours and the real supervise), built from the fixture run
// scripts that live with the Supervisor's unit tests.
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** packages/scanner/test/fixtures/supervisor: run-sleep, run-exit... */
export const SUPERVISOR_FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scanner', 'test', 'fixtures', 'supervisor');

/** A fresh temp root with one service directory NAME whose run is the fixture RUN (or none). */
export function makeService(run: string | undefined, opts: { name?: string; down?: boolean; root?: string } = {}): {
  root: string;
  dir: string;
} {
  const root = opts.root ?? mkdtempSync(join(tmpdir(), 'dt-supervisor-'));
  const dir = join(root, opts.name ?? 'svc');
  mkdirSync(dir, { recursive: true });
  if (run !== undefined) {
    copyFileSync(join(SUPERVISOR_FIXTURES, run), join(dir, 'run'));
    chmodSync(join(dir, 'run'), 0o755);
  }
  if (opts.down) copyFileSync(join(SUPERVISOR_FIXTURES, 'run-sleep'), join(dir, 'down'));
  return { root, dir };
}

export function removeTree(root: string): void {
  rmSync(root, { recursive: true, force: true });
}
