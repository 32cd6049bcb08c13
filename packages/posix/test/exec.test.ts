import { afterAll, describe, expect, it } from '@jest/globals';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers.js';

// A child node runs fixtures/exec-probe.mjs, which dirties its stdio and signal state and then execs
// through the built package (dist: npm test builds first).
const PROBE = join(import.meta.dirname, 'fixtures', 'exec-probe.mjs');

/** What the final program sees of itself: its PID, Sig* lines, open fds, and the flags of fds 0-2. */
const REPORT = [
  'echo pid=$$',
  // read by the shell itself: while dash waits for a child (grep) it blocks every signal, which /proc shows
  'while IFS= read -r l; do case $l in SigIgn:*|SigBlk:*) echo "$l";; esac; done < /proc/$$/status',
  // listed by the shell's own glob: a pipeline or $(...) would add its pipes to the list, racily
  'cd /proc/$$/fd && printf "fds=" && echo *',
  'for fd in 0 1 2; do echo fd$fd=$(sed -n "s/^flags:[[:space:]]*//p" /proc/$$/fdinfo/$fd); done',
].join('; ');

function run(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<{ pid: number; code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['pipe', 'pipe', 'pipe'], env: env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d));
    child.stderr.on('data', (d: Buffer) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ pid: child.pid!, code, stdout, stderr }));
    child.stdin.end();
  });
}

function parse(stdout: string): Record<string, string> {
  return Object.fromEntries(
    stdout
      .trim()
      .split('\n')
      .map((l) => /^([^=:]+)[=:]\s*(.*)$/.exec(l)!.slice(1, 3) as [string, string]),
  );
}

describe('execvp with resetSignalsForExec and prepareStdioForExec', () => {
  const t = tempDir('exec');
  afterAll(() => t.cleanup());

  it('keeps the PID; the program sees no ignored or blocked signal, blocking stdio, and no extra fd', async () => {
    const ours = await run(process.execPath, [PROBE, 'sh', '-c', REPORT]);
    expect(ours.stderr).toBe('');
    expect(ours.code).toBe(0);
    const seen = parse(ours.stdout);
    expect(seen.pid).toBe(String(ours.pid));
    expect(seen.SigIgn).toBe('0000000000000000');
    expect(seen.SigBlk).toBe('0000000000000000');
    for (const fd of ['fd0', 'fd1', 'fd2']) {
      const flags = parseInt(seen[fd]!, 8);
      expect([fd, flags & 0o4000]).toEqual([fd, 0]); // O_NONBLOCK
      expect([fd, flags & 0o2000000]).toEqual([fd, 0]); // O_CLOEXEC
    }
    // The same report from sh started directly: whatever fds this test runner leaks to every child
    // (the harness may), and nothing more.
    const direct = parse((await run('/bin/sh', ['-c', REPORT])).stdout);
    expect(seen.fds).toBe(direct.fds);
    expect(seen.fds!.split(' ').slice(0, 3)).toEqual(['0', '1', '2']);
  });

  it('passes env as the new environ and argv as given', async () => {
    const r = spawnSync(process.execPath, [PROBE, 'sh', '-c', 'echo "$0|$1|$DT_X|${HOME-unset}"', 'zero', 'one'], {
      env: { PATH: process.env.PATH, DT_X: 'x y' },
      encoding: 'utf8',
    });
    expect(r.stdout).toBe('zero|one|x y|unset\n');
  });

  it('returns ENOENT for a missing program, EACCES (preferred) for a non-executable one on PATH', () => {
    const noexec = join(t.dir, 'noexec');
    const later = join(t.dir, 'later');
    mkdirSync(noexec);
    mkdirSync(later);
    writeFileSync(join(noexec, 'prog'), '#!/bin/sh\necho no\n');
    chmodSync(join(noexec, 'prog'), 0o644);
    const env = (path: string) => ({ PATH: path });
    const go = (file: string, path: string) =>
      spawnSync(process.execPath, [PROBE, file], { env: env(path), encoding: 'utf8' }).stderr;
    expect(go('dt-no-such-program', `${later}:/bin`)).toBe('exec failed: 2\n');
    expect(go('prog', `${noexec}:${later}`)).toBe('exec failed: 13\n');
    expect(go('prog', `${later}:${noexec}`)).toBe('exec failed: 13\n');
    expect(go(join(noexec, 'prog'), '/bin')).toBe('exec failed: 13\n');
  });

  it('runs a program found later on PATH after an unexecutable one, and stops at ENOTDIR', () => {
    const dir = join(t.dir, 'found');
    mkdirSync(dir);
    writeFileSync(join(dir, 'prog'), '#!/bin/sh\necho found\n', { mode: 0o755 });
    writeFileSync(join(t.dir, 'afile'), '');
    const found = spawnSync(process.execPath, [PROBE, 'prog'], { env: { PATH: `${join(t.dir, 'noexec')}:${dir}` }, encoding: 'utf8' });
    expect(found.stdout).toBe('found\n');
    const notdir = spawnSync(process.execPath, [PROBE, 'prog'], { env: { PATH: `${join(t.dir, 'afile')}:${dir}` }, encoding: 'utf8' });
    expect(notdir.stderr).toBe('exec failed: 20\n');
  });
});

describe('lazy loading', () => {
  it('importing the package loads no koffi; the first call does', () => {
    const script = [
      "import { readFileSync } from 'node:fs';",
      // koffi's native module is opened with process.dlopen (not through require): look for it among the mappings
      "const cache = () => readFileSync('/proc/self/maps', 'utf8').includes('koffi');",
      "const p = await import('../../dist/index.js');",
      "const before = cache(); p.errnoText('ENOENT'); const mid = cache(); p.getrlimit('core');",
      'process.stdout.write(JSON.stringify([before, mid, cache()]));',
    ].join('\n');
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { cwd: join(import.meta.dirname, 'fixtures'), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([false, false, true]);
  });
});
