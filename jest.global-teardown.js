// A test must remove what it makes: anything left in the run's temporary directory fails the run.
import { readdirSync, rmSync } from 'node:fs';

export default function globalTeardown() {
  const root = process.env.TMPDIR;
  if (!root?.includes('dt-jest-')) return;
  const left = readdirSync(root).filter((name) => !name.startsWith('jest_'));
  rmSync(root, { recursive: true, force: true });
  process.env.TMPDIR = process.env.DT_JEST_TMP_PARENT;
  if (left.length > 0) {
    throw new Error(`tests left ${left.length} temporary entries behind: ${left.slice(0, 20).join(' ')}`);
  }
}
