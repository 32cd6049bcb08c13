// A chain exec'd through its first link's file, as a run script does: the `#!/bin/sh` launcher
// (build/launcher.mjs) runs before Node and must change nothing the final program sees. Against the real
// chain: the environ byte for byte (order, a name that is not an identifier, no PWD added: sh rebuilds the
// environ it execs with, the launcher's background copy puts it back), fds 3 and 9, the soft open-file limit
// the chain started with (Node raises it). And nothing of the launcher is left: its copier subshell is
// reaped before the final exec (no child passes to the program), its copy of the environ is deleted.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { chmodSync, copyFileSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { REPORT, ourBin, realBin, runReal, seen, tempDir } from './helpers/chainload-run.js';

const t = tempDir('launcher');
const report = join(t.dir, 'report.sh');
const envDir = join(t.dir, 'env');
const tmp = join(t.dir, 'tmp');
// The launcher execs `node` from PATH: this Node first (the environ is the same for both chains).
const PATH = `${dirname(process.execPath)}:/usr/bin:/bin`;
// As the caller gives it: not sorted, a name sh cannot keep (a-b), no PWD; TMPDIR for the launcher's copy.
const ENVIRON = ['Z=last first', 'a-b=dash', 'DT_B=b b', `PATH=${PATH}`, 'A=1', `TMPDIR=${tmp}`, 'LANG=C'];

beforeAll(() => {
  if (process.getuid?.() !== 0) throw new Error('these tests run setuidgid nobody: run them as root');
  chmodSync(t.dir, 0o755);
  copyFileSync(REPORT, report);
  chmodSync(report, 0o755);
  mkdirSync(envDir);
  writeFileSync(join(envDir, 'SERVICE'), 'web\n');
  chmodSync(envDir, 0o755);
  mkdirSync(tmp);
  chmodSync(tmp, 0o1777);
});
afterAll(() => t.cleanup());

type Impl = 'real' | 'ours';
const bin = (impl: Impl, name: string) => (impl === 'real' ? realBin(name) : ourBin(name));
const chain = (impl: Impl) => [bin(impl, 'envdir'), envDir, bin(impl, 'setuidgid'), 'nobody', bin(impl, 'pgrphack')];

/** `argv` exec'd by sh with fds 3 and 9 open, soft open-file limit 1000 and exactly ENVIRON (env -i). */
function run(argv: string[]) {
  return runReal('sh', ['-c', 'ulimit -Sn 1000 && exec /usr/bin/env -i "$@" 3>>/dev/null 9>>/dev/null', 'sh', ...ENVIRON, ...argv], { cwd: t.dir });
}

describe('a chain exec\'d through its first file (the /bin/sh launcher first)', () => {
  it('gives the final program what the real chain gives: environ byte for byte, fds, soft open-file limit', async () => {
    const real = seen(await run([...chain('real'), report]));
    const ours = seen(await run([...chain('ours'), report]));
    expect(ours).toEqual(real);
    const environ = ours.report.slice(ours.report.indexOf('environ:') + 1).filter(Boolean);
    expect(environ).toEqual([...ENVIRON, 'SERVICE=web']); // envdir adds at the end, as pathexec_env
    expect(ours.report.find((l) => l.startsWith('fds='))!.split(/[= ]/)).toEqual(expect.arrayContaining(['0', '1', '2', '3', '9']));
    expect(ours.report.find((l) => l.startsWith('nofiles'))).toMatch(/ 1000$/); // dash's ulimit -a
  });

  it('copies the environ as well when the launcher runs under a shell that forks (bash: no vfork), not only dash', async () => {
    // /bin/sh is dash on Debian; bash (Fedora's /bin/sh) and busybox ash (Alpine's) fork for cat, so a
    // /proc/self/environ opened in cat's child would be cat's own after its exec: empty
    const [first, ...rest] = chain('ours');
    const r = await run(['/bin/bash', first!, ...rest, '/usr/bin/env']);
    expect({ exitCode: r.exitCode, stderr: r.stderr }).toEqual({ exitCode: 0, stderr: '' });
    expect(r.stdout.split('\n').filter(Boolean)).toEqual([...ENVIRON, 'SERVICE=web']);
  });

  it('leaves no child (the copier is reaped) and no copy of the environ behind', async () => {
    const children = ['/bin/sh', '-c', 'read -r c < /proc/$$/task/$$/children; echo "children=$c"'];
    const r = await run([...chain('ours'), ...children]);
    expect({ exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr }).toEqual({ exitCode: 0, stdout: 'children=\n', stderr: '' });
    expect(readdirSync(tmp)).toEqual([]);
  });

  it('runs with the environ sh rebuilt when the copy cannot be written (TMPDIR not writable)', async () => {
    const env = ENVIRON.map((e) => (e.startsWith('TMPDIR=') ? `TMPDIR=${join(t.dir, 'missing')}` : e));
    const r = await runReal('env', ['-i', ...env, ...chain('ours'), '/bin/sh', '-c', 'echo "$Z|$A"'], { cwd: t.dir });
    expect({ exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr }).toEqual({ exitCode: 0, stdout: 'last first|1\n', stderr: '' });
  });

  it('neither writes nor removes what is already at the copy\'s name (a FIFO there): the environ is sh\'s', async () => {
    const env = ENVIRON.map((e) => (e.startsWith('TMPDIR=') ? `TMPDIR=${join(t.dir, 'fifo')}` : e));
    mkdirSync(join(t.dir, 'fifo'));
    // sh makes the FIFO where the launcher (the same pid, after sh's exec) will put its copy
    const mk = 'mkfifo "$TMPDIR/.dt-environ.$$" && exec "$@"';
    const r = await runReal('env', ['-i', ...env, '/bin/sh', '-c', mk, 'sh', ...chain('ours'), '/bin/sh', '-c', 'echo "$Z|$A"'], { cwd: t.dir });
    expect({ exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr }).toEqual({ exitCode: 0, stdout: 'last first|1\n', stderr: '' });
    expect(readdirSync(join(t.dir, 'fifo'))).toEqual([expect.stringMatching(/^\.dt-environ\.[0-9]+$/)]);
  });
});
