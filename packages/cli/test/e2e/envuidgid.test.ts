// envuidgid against /usr/bin/envuidgid: $GID then $UID set from the account (appended, or replacing the
// existing entries the way 0.76's pathexec does), no privilege change, same PID; bad input byte for byte.
import { describe, expect, it } from '@jest/globals';
import { BASE_ENV, REPORT, outcome, runBoth, seen } from './helpers/chainload-run.js';

describe('envuidgid', () => {
  it('sets GID and UID for the program, as the real one', async () => {
    const { real, ours } = await runBoth('envuidgid', ['nobody', REPORT]);
    expect(seen(ours)).toEqual(seen(real));
    expect(seen(ours).report.slice(-3)).toEqual(['GID=65534', 'UID=65534', '']);
    expect(seen(ours).report).toEqual(expect.arrayContaining(['pid=same as the program started', 'Uid:\t0\t0\t0\t0']));
  });

  it('replaces existing UID and GID in the same order as the real one', async () => {
    const env = { UID: 'old-uid', ...BASE_ENV, GID: 'old-gid', LAST: 'z' };
    const { real, ours } = await runBoth('envuidgid', ['root', REPORT], { env });
    expect(seen(ours)).toEqual(seen(real));
  });

  it.each([
    ['no arguments', []],
    ['no child', ['nobody']],
    ['an unknown account', ['dt-no-such-user', 'true']],
    ['an option-looking account', ['-z', 'true']],
    ['a missing program', ['nobody', 'dt-no-such-program']],
    ['a file that is not executable', ['nobody', '/etc/passwd']],
  ])('%s: same message and exit code as the real one', async (_what, args) => {
    const { real, ours } = await runBoth('envuidgid', args);
    expect(outcome(ours)).toEqual(outcome(real));
    expect(ours.exitCode).toBe(args.length < 2 ? 100 : 111);
  });
});
