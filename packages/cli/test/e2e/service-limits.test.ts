// What services get from the caller through our programs: readiness on notification-fd through
// `exec envdir ./env setuidgid nobody PROGRAM` (fd N survives both Node chain-loaders); svscan's own soft
// RLIMIT_NOFILE for every program it starts (run, finish, the logger), not the one Node raised, as the real
// svscan passes it on; and one clear line instead of V8's dump where Node cannot start under softlimit -m.
import { afterEach, beforeAll, describe, expect, it } from '@jest/globals';
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { execa } from 'execa';
import { readSidecarFile } from '@dt/supervise-protocol';
import { ProcessJanitor, makeService, removeTree, waitFor } from '@dt/test-support';
import { CLI_ROOT, requireReal, runSupervise } from './supervisor-e2e-helpers.js';

const BIN = join(CLI_ROOT, 'dist', 'bin');
const janitor = new ProcessJanitor();
const roots: string[] = [];
// Our launched programs (svscan, supervise, multilog) exec `node` from PATH: this Node's directory first.
const ENV = { PATH: `${dirname(process.execPath)}:/usr/bin:/bin`, LANG: 'C' };

beforeAll(() => requireReal('/usr/bin/envdir', '/usr/bin/setuidgid', '/usr/bin/softlimit', '/usr/bin/svscan'));
afterEach(() => {
  janitor.killAll();
  for (const r of roots.splice(0)) removeTree(r);
});

function script(path: string, text: string): void {
  writeFileSync(path, text);
  chmodSync(path, 0o755);
}

describe('notification-fd through chain-loaders', () => {
  it.each([
    ['ours', (p: string) => `"${process.execPath}" ${join(BIN, 'envdir.js')} ./env ${join(BIN, 'setuidgid.js')} nobody ${p}`],
    ['the real ones', (p: string) => `/usr/bin/envdir ./env /usr/bin/setuidgid nobody ${p}`],
  ])('exec envdir ./env setuidgid nobody PROGRAM (%s): PROGRAM reports readiness on fd 3', async (_which, chain) => {
    if (process.getuid?.() !== 0) throw new Error('this test runs setuidgid nobody: run it as root');
    const { root, dir } = makeService(undefined);
    roots.push(root);
    chmodSync(root, 0o755);
    mkdirSync(join(dir, 'env'));
    writeFileSync(join(dir, 'env', 'GREETING'), 'ready\n');
    writeFileSync(join(dir, 'notification-fd'), '3\n');
    const program = join(dir, 'program');
    script(program, '#!/bin/sh\n[ "$GREETING" = ready ] && [ "$(id -u)" = 65534 ] && echo >&3\nexec sleep 1000\n');
    script(join(dir, 'run'), `#!/bin/sh\nexec ${chain(program)}\n`);
    const sup = runSupervise('ours', root, 'svc');
    janitor.add(sup.proc.pid);
    await waitFor('ready', () => readSidecarFile(dir)?.ready === true);
    expect(sup.stderr()).toBe('');
  });
});

describe("services get svscan's soft RLIMIT_NOFILE", () => {
  /** A tree whose run, finish and logger write their `ulimit -Sn` into the service directory. */
  function tree(): { root: string; svc: string } {
    const root = mkdtempSync(join(tmpdir(), 'dt-nofile-'));
    roots.push(root);
    const svc = join(root, 'a');
    mkdirSync(join(svc, 'log'), { recursive: true });
    script(join(svc, 'run'), '#!/bin/sh\nulimit -Sn > nofile.run.tmp && mv nofile.run.tmp nofile.run\necho line\nexec sleep 1000\n');
    script(join(svc, 'finish'), '#!/bin/sh\nulimit -Sn > nofile.finish\n');
    script(join(svc, 'log', 'run'), '#!/bin/sh\nulimit -Sn > nofile.log.tmp && mv nofile.log.tmp nofile.log\nexec cat > /dev/null\n');
    return { root, svc };
  }

  it.each([
    ['ours', join(BIN, 'svscan.js')],
    ['the real one', '/usr/bin/svscan'],
  ])('svscan (%s) started with ulimit -Sn 1024: run, the logger (and our finish) see 1024', async (which, svscan) => {
    const { root, svc } = tree();
    const p = spawn('/bin/sh', ['-c', 'ulimit -Sn 1024 && exec "$@"', 'sh', svscan, root], { env: ENV, stdio: 'ignore' });
    janitor.add(p.pid);
    const read = (f: string) => readFileSync(join(svc, f), 'utf8');
    await waitFor('run and logger started', () => read('nofile.run') !== '' && readFileSync(join(svc, 'log', 'nofile.log'), 'utf8') !== '');
    expect(read('nofile.run')).toBe('1024\n');
    expect(readFileSync(join(svc, 'log', 'nofile.log'), 'utf8')).toBe('1024\n');
    if (which !== 'ours') return; // 0.76 supervise has no ./finish
    // stop the service (finish runs); the real svc writes to our control fifo as to its own
    await execa('/usr/bin/svc', ['-d', svc]);
    await waitFor(`${which}: finish ran`, () => read('nofile.finish') !== '');
    expect(read('nofile.finish')).toBe('1024\n');
  });
});

describe('Node cannot start under softlimit -m: one clear line', () => {
  // every classic program: the launched ones, the chain-loaders (directly behind the C softlimit) and the rest
  const CLASSIC = ['svscan', 'supervise', 'multilog', 'envdir', 'envuidgid', 'setuidgid', 'softlimit', 'setlock', 'pgrphack', 'fghack',
    'svc', 'svok', 'svstat', 'tai64n', 'tai64nlocal', 'readproctitle', 'svscanboot'];
  it.each(CLASSIC)('real softlimit -m 50000000 %s: one fatal line, exit 111, no V8 dump', async (name) => {
    const root = mkdtempSync(join(tmpdir(), 'dt-nomem-'));
    roots.push(root);
    const r = await execa('/usr/bin/softlimit', ['-m', '50000000', join(BIN, `${name}.js`), 'x'], { env: ENV, cwd: root, reject: false });
    expect(r.exitCode).toBe(111);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(new RegExp(`^${name}: fatal: unable to start Node\\.js under a memory limit \\(data 48828 kB, address space 48828 kB;`));
  });
});
