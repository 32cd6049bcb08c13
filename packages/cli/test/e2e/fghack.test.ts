// fghack against /usr/bin/fghack: the child's exit code comes back, fghack waits for a backgrounded
// grandchild holding one of the 31 pipe copies, the child sees the same fds; failures byte for byte.
import { afterAll, describe, expect, it } from '@jest/globals';
import { closeSync, existsSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { execa } from 'execa';
import { BASE_ENV, REPORT, outcome, ourBin, realBin, runBoth, seen, tempDir } from './helpers/chainload-run.js';

/** The direct children of pid that are not zombies (from /proc). */
function liveChildren(pid: number): number[] {
  let list: string;
  try {
    list = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8');
  } catch {
    return [];
  }
  return list
    .trim()
    .split(/\s+/)
    .filter(Boolean)
    .map(Number)
    .filter((child) => {
      try {
        return !/^\d+ \(.*\) Z /.test(readFileSync(`/proc/${child}/stat`, 'utf8'));
      } catch {
        return false;
      }
    });
}

describe('fghack', () => {
  const t = tempDir('fghack');
  afterAll(() => t.cleanup());

  it('passes the exit code back', async () => {
    for (const code of [0, 3, 111]) {
      const { real, ours } = await runBoth('fghack', ['sh', '-c', `echo out; echo err >&2; exit ${code}`]);
      expect(outcome(ours)).toEqual(outcome(real));
      expect(ours.exitCode).toBe(code);
    }
  });

  it('gives the child 31 copies of the pipe (fds 3-33) and otherwise the same view', async () => {
    const { real, ours } = await runBoth('fghack', [REPORT]);
    const view = (r: typeof real) => ({ ...seen(r), report: seen(r).report.filter((l) => !l.startsWith('pid=')) });
    expect(view(ours)).toEqual(view(real));
    const fds = view(ours).report.find((l) => l.startsWith('fds='))!.slice(4).split(' ').map(Number);
    for (let fd = 3; fd <= 33; fd++) expect(fds).toContain(fd);
  });

  it('waits until a backgrounded grandchild closes its copy, then exits with the child\'s code', async () => {
    for (const [name, cmd, pre] of [
      ['real', realBin('fghack'), []],
      ['ours', process.execPath, [ourBin('fghack')]],
    ] as const) {
      const fifo = join(t.dir, `go-${name}`);
      const started = join(t.dir, `started-${name}`);
      execFileSync('mkfifo', [fifo]);
      // The child backgrounds a grandchild (keeping the inherited pipe copies) and exits 7 at once.
      const script = `(echo > ${started}; read x < ${fifo}; echo late) & exit 7`;
      const sub = execa(cmd, [...pre, 'sh', '-c', script], { reject: false, env: BASE_ENV, extendEnv: false });
      let done = false;
      void sub.then(() => (done = true));
      const deadline = Date.now() + 10_000;
      while (!existsSync(started)) {
        if (Date.now() > deadline) throw new Error(`${name}: the grandchild never started`);
        await new Promise((r) => setTimeout(r, 20));
      }
      // Wait until the child itself is gone (reaped, or a zombie the real fghack has not reaped yet) ...
      while (liveChildren(sub.pid!).length > 0) {
        if (Date.now() > deadline) throw new Error(`${name}: the child never exited`);
        await new Promise((r) => setTimeout(r, 20));
      }
      // ... then fghack must stay: a fghack that did not wait for the pipe would exit within this window.
      const windowEnd = Date.now() + 300;
      while (Date.now() < windowEnd && !done) await new Promise((r) => setTimeout(r, 20));
      expect([name, done]).toEqual([name, false]);
      const w = openSync(fifo, 'w');
      writeSync(w, 'go\n');
      closeSync(w);
      const r = await sub;
      expect([name, r.exitCode, r.stdout, r.stderr]).toEqual([name, 7, 'late', '']);
    }
  });

  it.each([
    ['no child', []],
    ['a missing program', ['dt-no-such-program']],
    ['a missing path', ['/nonexistent/prog']],
    ['a program that is not executable', ['/etc/passwd']],
    ['a directory', ['/tmp']],
    ['an executable text file without #! (no /bin/sh retry, unlike Node\'s spawn)', ['NOSHEBANG']],
    ['an empty program name', ['']],
    ['a child killed by a signal', ['sh', '-c', 'kill -9 $$']],
  ])('%s: same message and exit code as the real one', async (_what, args) => {
    const noShebang = join(t.dir, 'noshebang');
    writeFileSync(noShebang, 'echo ran as a shell script\n', { mode: 0o755 });
    const { real, ours } = await runBoth('fghack', args.map((a) => (a === 'NOSHEBANG' ? noShebang : a)));
    expect(outcome(ours)).toEqual(outcome(real));
    expect([100, 111]).toContain(ours.exitCode);
  });
});
