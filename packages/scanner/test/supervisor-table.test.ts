import { afterEach, describe, expect, it } from '@jest/globals';
import { readStatusFile } from '@dt/supervise-protocol';
import { ACTIONS, eventOfLetter } from '../src/supervisor-table.js';
import { closeFakeSupervised, fakeSupervised } from './fake-supervision.js';

afterEach(closeFakeSupervised);

describe('the transition table', () => {
  it('has an action for every event in every state', () => {
    const events = Object.keys(ACTIONS.up).sort();
    for (const row of Object.values(ACTIONS)) expect(Object.keys(row).sort()).toEqual(events);
  });

  it('maps the signalling letters to one event and ignores unknown bytes', () => {
    expect([...'ahitkq12'].map(eventOfLetter)).toEqual(Array(8).fill('signal'));
    expect(eventOfLetter('z')).toBeUndefined();
  });
});

describe('Supervisor with an injected clock and launch (no sleeps)', () => {
  it('paces restarts at one a second: down and waiting until the second has passed', async () => {
    const { s, dir, clock, launcher } = fakeSupervised();
    await s.start();
    expect(s.state).toBe('up');
    expect(readStatusFile(dir).pid).toBe(launcher.last.pid);
    clock.advance(200);
    launcher.last.die(1);
    expect(s.state).toBe('waiting');
    expect(readStatusFile(dir)).toMatchObject({ pid: 0, want: 'up' });
    clock.advance(799);
    expect(launcher.children.length).toBe(1);
    clock.advance(1);
    expect(launcher.children.length).toBe(2);
    expect(s.state).toBe('up');
  });

  it('d sends TERM then CONT to the launched child; x while waiting for a restart is done at once', async () => {
    const { s, clock, launcher } = fakeSupervised();
    await s.start();
    s.control('d');
    expect(launcher.last.signals).toEqual(['SIGTERM', 'SIGCONT']);
    launcher.last.die(null, 'SIGTERM');
    expect(s.state).toBe('down');
    s.control('u');
    expect(s.state).toBe('waiting');
    launcher.fail = undefined;
    s.control('x'); // a start asked for survives x (0.76)
    expect(s.state).toBe('waiting');
    clock.advance(1000);
    expect(s.state).toBe('up');
    launcher.last.die(0);
    expect(s.state).toBe('done');
  });

  it('a start failure warns and waits for the next second', async () => {
    const { s, clock, launcher } = fakeSupervised();
    launcher.fail = { code: 'ENOENT', cause: undefined };
    await s.start();
    expect(s.state).toBe('waiting');
    launcher.fail = undefined;
    clock.advance(1000);
    expect(s.state).toBe('up');
  });
});
