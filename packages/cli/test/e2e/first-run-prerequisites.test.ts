// Issue 13 item 11: `npm ci` then `npm test` on a fresh machine. `pretest` runs scripts/test-prerequisites.mjs
// before the build: nothing to do when the reference programs are there; as root with apt-get, installs the
// missing ones saying so in one line; otherwise fails with the exact command. Run here over a stand-in
// root directory (DT_PREREQ_ROOT) and a stand-in apt-get that records its arguments and "installs" files.
import { afterAll, describe, expect, it } from '@jest/globals';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
// @ts-expect-error: a plain .mjs script without types
import { packagesFor, planPrerequisites, REQUIRED } from '../../../../scripts/prerequisites.mjs';

const REPO = fileURLToPath(new URL('../../../../', import.meta.url));
const SCRIPT = join(REPO, 'scripts', 'test-prerequisites.mjs');
const ALL = 'daemontools runit s6 util-linux bsdutils perl-base tzdata redis-server redis-tools prometheus chromium';
const tmp = mkdtempSync(join(tmpdir(), 'dt-prereq-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
/** A fresh stand-in root, and a bin dir holding an apt-get that logs its arguments and (exit `code`) creates every REQUIRED file. */
function machine(code = 0): { root: string; bin: string; log: string } {
  const base = join(tmp, String(n++));
  const root = join(base, 'root');
  const bin = join(base, 'bin');
  const log = join(base, 'apt.log');
  mkdirSync(root, { recursive: true });
  mkdirSync(bin);
  const files = (REQUIRED as { path: string }[]).map((r) => root + r.path).join(' ');
  writeFileSync(
    join(bin, 'apt-get'),
    `#!/bin/sh\necho "$*" >> ${log}\n[ ${code} = 0 ] || { echo "E: Unable to locate package" >&2; exit ${code}; }\n` +
      `if [ "$1" = install ]; then for f in ${files}; do mkdir -p "$(dirname "$f")"; : > "$f"; done; fi\n`,
  );
  chmodSync(join(bin, 'apt-get'), 0o755);
  return { root, bin, log };
}

const run = (env: NodeJS.ProcessEnv) =>
  execa(process.execPath, [SCRIPT], { env: { PATH: '/usr/bin:/bin', ...env }, extendEnv: false, reject: false });

describe('the test prerequisites', () => {
  it('pretest checks them before the build and the typecheck', () => {
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.pretest).toBe('node scripts/test-prerequisites.mjs && npm run build && npm run typecheck');
  });

  it('as root with apt-get: installs what is missing, saying so in one line', async () => {
    const m = machine();
    const r = await run({ DT_PREREQ_ROOT: m.root, DT_PREREQ_UID: '0', PATH: `${m.bin}:/usr/bin:/bin` });
    expect(r).toMatchObject({ exitCode: 0, stdout: '' });
    expect(r.stderr).toBe(`test-prerequisites: installing the reference programs the tests compare against: apt-get install -y ${ALL}`);
    expect(readFileSync(m.log, 'utf8')).toBe(`update -qq\ninstall -y -qq --no-install-recommends ${ALL}\n`);
    const again = await run({ DT_PREREQ_ROOT: m.root, DT_PREREQ_UID: '0', PATH: `${m.bin}:/usr/bin:/bin` });
    expect(again).toMatchObject({ exitCode: 0, stdout: '', stderr: '' }); // all there now: silent, apt-get not called
    expect(readFileSync(m.log, 'utf8').split('\n')).toHaveLength(3);
  });

  it('only the packages of the missing files', async () => {
    const m = machine();
    for (const r of REQUIRED as { path: string; pkg: string }[]) {
      if (r.pkg === 's6' || r.pkg === 'redis-tools') continue;
      mkdirSync(dirname(m.root + r.path), { recursive: true });
      writeFileSync(m.root + r.path, '');
    }
    const r = await run({ DT_PREREQ_ROOT: m.root, DT_PREREQ_UID: '0', PATH: `${m.bin}:/usr/bin:/bin` });
    expect(r.stderr).toBe('test-prerequisites: installing the reference programs the tests compare against: apt-get install -y s6 redis-tools');
    expect(r.exitCode).toBe(0);
  });

  it('not root: fails with the exact command, sudo included', async () => {
    const m = machine();
    const r = await run({ DT_PREREQ_ROOT: m.root, DT_PREREQ_UID: '1000', PATH: `${m.bin}:/usr/bin:/bin` });
    expect(r.exitCode).toBe(111);
    expect(r.stderr).toMatch(new RegExp(`^test-prerequisites: fatal: missing /usr/bin/svscan .* \\(not root\\); run: sudo apt-get update && sudo apt-get install -y ${ALL}$`));
    expect(existsSync(m.log)).toBe(false);
  });

  it('no apt-get: fails with the command for a Debian machine', async () => {
    const m = machine();
    const r = await run({ DT_PREREQ_ROOT: m.root, DT_PREREQ_UID: '0', PATH: m.bin.replace(/bin$/, 'nothing') });
    expect(r.exitCode).toBe(111);
    expect(r.stderr).toMatch(new RegExp(`\\(no apt-get here\\); run: apt-get update && apt-get install -y ${ALL}$`));
  });

  it('apt-get failing: its output, then a fatal line with the command', async () => {
    const m = machine(100);
    const r = await run({ DT_PREREQ_ROOT: m.root, DT_PREREQ_UID: '0', PATH: `${m.bin}:/usr/bin:/bin` });
    expect(r.exitCode).toBe(111);
    expect(r.stderr.split('\n')).toEqual([
      `test-prerequisites: installing the reference programs the tests compare against: apt-get install -y ${ALL}`,
      'E: Unable to locate package',
      `test-prerequisites: fatal: apt-get update failed (exit 100); run: apt-get update && apt-get install -y ${ALL}`,
    ]);
  });

  it('plans as a pure function', () => {
    expect(planPrerequisites({ missing: [], isRoot: false, hasAptGet: false })).toEqual({ action: 'none' });
    expect(packagesFor(['/usr/bin/svc', '/usr/bin/svok', '/usr/bin/s6-log'])).toEqual(['daemontools', 's6']);
  });
});
