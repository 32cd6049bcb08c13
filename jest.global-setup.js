// One fresh temporary directory for the whole run: every test's mkdtemp lands under it (TMPDIR is read by
// os.tmpdir() in each worker, which inherits this environment), so the teardown can tell what a test left.
import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function globalSetup() {
  const root = mkdtempSync(join(tmpdir(), 'dt-jest-'));
  // mkdtemp makes it 0700; tests that run programs as another user (setuidgid nobody) must enter it, as /tmp.
  chmodSync(root, 0o1777);
  process.env.DT_JEST_TMP_PARENT = tmpdir();
  process.env.TMPDIR = root;
}
