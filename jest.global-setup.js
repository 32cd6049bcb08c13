// One fresh temporary directory for the whole run: every test's mkdtemp lands under it (TMPDIR is read by
// os.tmpdir() in each worker, which inherits this environment), so the teardown can tell what a test left.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function globalSetup() {
  const root = mkdtempSync(join(tmpdir(), 'dt-jest-'));
  process.env.DT_JEST_TMP_PARENT = tmpdir();
  process.env.TMPDIR = root;
}
