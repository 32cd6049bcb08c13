// A test must remove what it makes and stop what it starts. Every process a test starts inherits this
// run's own TMPDIR (jest.global-setup.js), so what still carries it now was left behind by a test: it is
// stopped (only those: never by name) and named. Anything left in the run's temporary directory fails the run.
import { readFileSync, readdirSync, rmSync } from 'node:fs';

function leftProcesses(marker) {
  const found = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (!readFileSync(`/proc/${name}/environ`, 'latin1').split('\0').includes(marker)) continue;
      const cmd = readFileSync(`/proc/${name}/cmdline`, 'latin1').split('\0').join(' ').trim();
      found.push({ pid: Number(name), cmd });
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

export default function globalTeardown() {
  const root = process.env.TMPDIR;
  if (!root?.includes('dt-jest-')) return;
  const procs = leftProcesses(`TMPDIR=${root}`);
  for (const p of procs) {
    try {
      process.kill(p.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  if (procs.length > 0) {
    const list = procs.slice(0, 10).map((p) => `${p.pid} (${p.cmd.slice(0, 60)})`).join(', ');
    process.stderr.write(`jest teardown: warning: tests left ${procs.length} processes running, killed: ${list}\n`);
  }
  const left = readdirSync(root).filter((name) => !name.startsWith('jest_'));
  rmSync(root, { recursive: true, force: true });
  process.env.TMPDIR = process.env.DT_JEST_TMP_PARENT;
  if (left.length > 0) {
    throw new Error(`tests left ${left.length} temporary entries behind: ${left.slice(0, 20).join(' ')}`);
  }
}
