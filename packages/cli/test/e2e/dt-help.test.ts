// One help convention for dt (issue 13 item 8): `dt --help`, `dt help`, `dt help COMMAND` and
// `dt COMMAND --help` describe on stdout and exit 0; `dt --version` prints @dt/cli's version; a bare `dt`
// or an unknown command is a usage error (100); the classic programs keep 0.76's usage lines.
import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { dt, need } from './helpers/dt-command.js';

const { version } = JSON.parse(readFileSync(fileURLToPath(new URL('../../package.json', import.meta.url)), 'utf8')) as { version: string };
const SUBCOMMANDS = ['status', 'wait', 'logs', 'run-with', 'rc', 'serve', 'signal'];

describe('dt help', () => {
  it.each([[['--help']], [['help']]])('dt %j: the command list on stdout, exit 0', async (args) => {
    const r = await dt(args);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout.split('\n')[0]).toBe('usage: dt command [args ...]');
    for (const sub of SUBCOMMANDS) expect(r.stdout).toMatch(new RegExp(`^  ${sub} `, 'm'));
    expect(r.stdout).toContain('svscan supervise svc svok svstat multilog');
  });

  it.each(SUBCOMMANDS)('dt %s --help and dt help %s: the same description, exit 0', async (sub) => {
    const a = await dt([sub, '--help']);
    const b = await dt(['help', sub]);
    expect(a.exitCode).toBe(0);
    expect(a.stderr).toBe('');
    expect(a.stdout).toMatch(new RegExp(`^usage: dt ${sub} `));
    expect(a.stdout).toMatch(/exit codes: /);
    expect(b).toMatchObject({ exitCode: 0, stdout: a.stdout, stderr: '' });
  });

  it('dt --version: the package version, exit 0', async () => {
    expect(await dt(['--version'])).toMatchObject({ exitCode: 0, stdout: `@dt/cli ${version}`, stderr: '' });
  });

  it.each([[[]], [['bogus']], [['--version', 'x']]])('dt %j: usage, exit 100', async (args) => {
    const r = await dt(args);
    expect(r.exitCode).toBe(100);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toBe('dt: usage: dt command [args ...]');
  });

  it.each([[['svok']], [['svok', '--help']], [['svstat', '--help']], [['svc', '-z']]])(
    'the classic programs answer %j as the real 0.76 does',
    async ([name, ...args]) => {
      const real = await execa(need(`/usr/bin/${name}`, 'apt-get install daemontools'), args, { reject: false });
      const ours = await dt([name!, ...args]);
      expect([ours.exitCode, ours.stdout, ours.stderr]).toEqual([real.exitCode, real.stdout, real.stderr]);
    },
  );
});
