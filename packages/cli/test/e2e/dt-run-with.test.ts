// dt run-with scandir [--timeout S] -- command: the tree is up before the command runs, the command's
// status is dt's, the tree is stopped in order afterwards (nothing left running), failed services' logs
// are printed; usage and errors.
import { afterEach, describe, expect, it } from '@jest/globals';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { execa } from 'execa';
import { DT, dt, need } from './helpers/dt-command.js';
import { isAlive as alive } from './helpers/poll.js';

const MULTILOG = '/usr/bin/multilog';
const USAGE = 'dt run-with: usage: dt run-with scandir [--timeout seconds] -- command [arg ...]';

const dirs: string[] = [];
const pidFiles: string[] = [];
afterEach(() => {
  // Whatever a failing test left: every service wrote its pid.
  for (const f of pidFiles.splice(0)) {
    try {
      process.kill(Number(readFileSync(f, 'latin1')), 'SIGKILL');
    } catch {
      // gone, as it should be
    }
  }
  for (const d of dirs.splice(0)) {
    for (const p of leftovers(d)) process.kill(p.pid, 'SIGKILL');
    rmSync(d, { recursive: true, force: true });
  }
});

function script(path: string, text: string): void {
  writeFileSync(path, text);
  chmodSync(path, 0o755);
}

/** A scan directory with `names`, each writing a line to its log (the real multilog), then its pid to ./pid. */
function scanDir(names: string[], extra: (d: string) => void = () => undefined): string {
  need(MULTILOG, 'apt-get install daemontools');
  const d = mkdtempSync(join(tmpdir(), 'dt-run-with-'));
  dirs.push(d);
  for (const name of names) {
    mkdirSync(join(d, name, 'log'), { recursive: true });
    script(join(d, name, 'run'), `#!/bin/sh\necho "${name} says hello"\necho $$ > pid\nexec sleep 1000\n`);
    script(join(d, name, 'log', 'run'), `#!/bin/sh\nexec ${MULTILOG} t ./main\n`);
    pidFiles.push(join(d, name, 'pid'));
  }
  extra(d);
  return d;
}

const runWith = (args: string[], cwd?: string) => dt(['run-with', ...args], cwd);
/** stderr's lines without the progress a wait longer than a second prints (`dt run-with: waiting for ...`). */
const stderrLines = (stderr: string) => stderr.split('\n').filter((l) => !l.startsWith('dt run-with: waiting for '));

/** Processes (other than this one) whose working directory is under `dir`: services and loggers run there. */
function leftovers(dir: string): { pid: number; cmd: string }[] {
  const found: { pid: number; cmd: string }[] = [];
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name) || Number(name) === process.pid) continue;
    try {
      if (readlinkSync(`/proc/${name}/cwd`).startsWith(dir)) found.push({ pid: Number(name), cmd: readFileSync(`/proc/${name}/cmdline`, 'latin1') });
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

describe('dt run-with', () => {
  it('runs the command once every service is up, exits with its status, and leaves nothing running', async () => {
    const d = scanDir(['a', 'b']);
    // A service is up as soon as its run starts: the command waits for the pids they write first.
    const res = await runWith([d, '--', 'sh', '-c', 'until [ -s a/pid ] && [ -s b/pid ]; do sleep 0.02; done; cat a/pid b/pid && echo ran > ran && exit 7'], d);
    expect(res.exitCode).toBe(7);
    expect(res.stderr).toBe('');
    expect(readFileSync(join(d, 'ran'), 'latin1')).toBe('ran\n');
    const pids = res.stdout.split('\n').map(Number);
    expect(pids).toEqual([Number(readFileSync(join(d, 'a', 'pid'), 'latin1')), Number(readFileSync(join(d, 'b', 'pid'), 'latin1'))]);
    for (const pid of pids) expect(alive(pid)).toBe(false);
    expect(leftovers(d)).toEqual([]);
    // Stopped in order: each logger outlived its service and closed current cleanly (mode 0744).
    for (const n of ['a', 'b']) expect(readFileSync(join(d, n, 'log', 'main', 'current'), 'latin1')).toMatch(new RegExp(`^@[0-9a-f]{24} ${n} says hello\\n$`));
  });

  it('prints the log of a service that failed while the command ran, then exits with the command status', async () => {
    const d = scanDir(['steady', 'flaky']);
    const res = await runWith([d, '--', 'sh', '-c', 'until [ -s flaky/pid ]; do sleep 0.02; done; p=$(cat flaky/pid); kill -KILL $p; while kill -0 $p 2>/dev/null; do sleep 0.02; done'], d);
    expect(res.exitCode).toBe(0);
    const lines = stderrLines(res.stderr);
    expect(lines[0]).toMatch(new RegExp(`^dt run-with: warning: flaky failed \\((down|restarted|exited)\\); the last (line|\\d+ lines) of ${d}/flaky/log/main follows?$`));
    expect(lines.slice(1).every((l) => /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} flaky says hello$/.test(l))).toBe(true);
    expect(lines.length).toBeGreaterThan(1);
    expect(res.stderr).not.toContain('steady');
  });

  it('gives up after --timeout when a service never gets ready: exit 111, its log printed, the command not run', async () => {
    const d = scanDir(['ok'], (dir) => {
      mkdirSync(join(dir, 'mute', 'log'), { recursive: true });
      script(join(dir, 'mute', 'run'), '#!/bin/sh\necho $$ > pid\necho "mute never says ready"\nexec sleep 1000\n');
      writeFileSync(join(dir, 'mute', 'notification-fd'), '3\n');
      script(join(dir, 'mute', 'log', 'run'), `#!/bin/sh\nexec ${MULTILOG} t ./main\n`);
      pidFiles.push(join(dir, 'mute', 'pid'));
    });
    const res = await runWith([d, '--timeout', '1', '--', 'touch', 'ran'], d);
    expect(res.exitCode).toBe(111);
    expect(existsSync(join(d, 'ran'))).toBe(false);
    const lines = stderrLines(res.stderr);
    expect(lines[0]).toMatch(new RegExp(`^dt run-with: warning: timed out after 1 seconds waiting for ${d} to be ready: mute: (up \\(pid \\d+\\), not ready|down|supervise not running)$`));
    expect(lines[1]).toMatch(new RegExp(`^dt run-with: warning: mute failed \\(.*\\); the last line of ${d}/mute/log/main follows$`));
    expect(lines[2]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{9} mute never says ready$/);
    expect(leftovers(d)).toEqual([]);
  });

  it('exits 111 when the command cannot be run, the tree stopped', async () => {
    const d = scanDir(['a']);
    const res = await runWith([d, '--', 'dt-no-such-command'], d);
    expect(res).toMatchObject({ exitCode: 111, stdout: '', stderr: 'dt run-with: warning: unable to run dt-no-such-command: file does not exist' });
    expect(leftovers(d)).toEqual([]);
  });

  it('gives the command dt\'s stdin (services read /dev/null)', async () => {
    const d = scanDir(['a'], (dir) => script(join(dir, 'a', 'run'), '#!/bin/sh\necho $$ > pid\ncat > got-stdin\n: > read-all\nexec sleep 1000\n'));
    const res = await execa(process.execPath, [need(DT, 'cd packages/cli && npx tsup'), 'run-with', d, '--', 'sh', '-c', 'until [ -e a/read-all ]; do sleep 0.02; done; exec cat'], {
      reject: false,
      cwd: d,
      input: 'for the command\n',
    });
    expect(res).toMatchObject({ exitCode: 0, stdout: 'for the command', stderr: '' });
    expect(readFileSync(join(d, 'a', 'got-stdin'), 'latin1')).toBe('');
  });

  it('from a terminal, Ctrl-C reaches the command only; the services are stopped in order, never interrupted', async () => {
    const SCRIPT = need('/usr/bin/script', 'apt-get install util-linux (script gives the test a terminal)');
    const d = scanDir(['a'], (dir) =>
      script(join(dir, 'a', 'run'), '#!/bin/sh\ntrap "echo INT >> got-int" INT\n: > trapped\nwhile :; do sleep 0.05; done\n'),
    );
    const cmd = `${process.execPath} ${need(DT, 'cd packages/cli && npx tsup')} run-with ${d} -- sh -c 'until [ -e a/trapped ]; do sleep 0.02; done; touch started; exec sleep 30'`;
    const term = spawn(SCRIPT, ['-qec', cmd, '/dev/null'], { cwd: d, stdio: ['pipe', 'ignore', 'ignore'] });
    const exited = new Promise<number | null>((r) => term.once('exit', (code) => r(code)));
    const end = performance.now() + 20000;
    while (!existsSync(join(d, 'started'))) {
      if (performance.now() > end) throw new Error('the command never started');
      await new Promise((r) => setTimeout(r, 20));
    }
    term.stdin!.write('\x03'); // the terminal's Ctrl-C
    expect(await exited).toBe(130); // sleep killed by SIGINT, passed through
    expect(existsSync(join(d, 'a', 'got-int'))).toBe(false);
    expect(leftovers(d)).toEqual([]);
  });

  it('exits 128 + the signal number when the command is killed', async () => {
    const d = scanDir(['a']);
    expect((await runWith([d, '--', 'sh', '-c', 'kill -TERM $$'], d)).exitCode).toBe(143);
  });

  it('exits 111 for a scan directory that does not exist', async () => {
    expect(await runWith(['/nonexistent/dt-run-with', '--', 'true'])).toMatchObject({
      exitCode: 111,
      stderr: 'dt run-with: fatal: unable to chdir to /nonexistent/dt-run-with: file does not exist',
    });
  });

  it('fails the run when a logger cannot start (its multilog missing): exit 111, the command not run, the failure said (issue 13 item 4)', async () => {
    const d = scanDir(['ok'], (dir) => {
      mkdirSync(join(dir, 'redis', 'log'), { recursive: true });
      script(join(dir, 'redis', 'run'), '#!/bin/sh\necho $$ > pid\necho "redis says hello"\nexec sleep 1000\n');
      script(join(dir, 'redis', 'log', 'run'), '#!/bin/sh\nexec dt-no-such-multilog t ./main\n');
      pidFiles.push(join(dir, 'redis', 'pid'));
    });
    const res = await runWith([d, '--timeout', '3', '--', 'touch', 'ran'], d);
    expect(res.exitCode).toBe(111);
    expect(existsSync(join(d, 'ran'))).toBe(false);
    const lines = stderrLines(res.stderr).filter((l) => l.startsWith('dt run-with: '));
    // either the wait sees the logger come and go (the library's minimum uptime and exit detection) or it
    // times out: both name redis/log and say it is not up, and the summary follows
    expect(lines[0]).toMatch(new RegExp(`^dt run-with: warning: .*redis/log`));
    expect(lines).toContainEqual(expect.stringMatching(/^dt run-with: warning: redis\/log failed \(.+\); redis has no logger: see the logger's errors above$/));
    expect(res.stderr).toContain('dt-no-such-multilog'); // the logger's own complaint reached dt's stderr
    expect(res.stderr).not.toContain('ok failed');
    expect(leftovers(d)).toEqual([]);
  });

  it.each([
    ['99999999999999999', '"99999999999999999"'], // issue 13 item 5: was a 1 ms timer, then `timed out after 1e17 seconds`
    ['2147484', '"2147484"'],
    ['x', '"x"'],
  ])('--timeout %s: a usage error naming the value, nothing started', async (value, shown) => {
    const d = scanDir(['a']);
    const res = await runWith([d, '--timeout', value, '--', 'touch', 'ran'], d);
    expect(res).toMatchObject({ exitCode: 100, stdout: '', stderr: `dt run-with: usage: --timeout takes seconds from 0 to 2147483, not ${shown}` });
    expect(existsSync(join(d, 'a', 'supervise'))).toBe(false);
  });

  it('an empty command name is a usage error saying so (issue 13 item 9)', async () => {
    const d = scanDir(['a']);
    const res = await runWith([d, '--', ''], d);
    expect(res).toMatchObject({ exitCode: 100, stdout: '', stderr: `dt run-with: usage: the command name is empty: ${USAGE.replace('dt run-with: usage: ', '')}` });
    expect(existsSync(join(d, 'a', 'supervise'))).toBe(false);
  });

  it.each([[[]], [['d']], [['d', '--']], [['d', 'e', '--', 'true']], [['--bogus', 'd', '--', 'true']]])(
    'usage %j: exit 100',
    async (args) => {
      expect(await runWith(args)).toMatchObject({ exitCode: 100, stdout: '', stderr: USAGE });
    },
  );
});
