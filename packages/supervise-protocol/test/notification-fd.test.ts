import { afterEach, describe, expect, it } from '@jest/globals';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NOTIFICATION_FD_FILE, readNotificationFd } from '../src/notification-fd.js';
import { readServiceState } from '../src/service.js';

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function dirWith(text: string | undefined): string {
  const dir = mkdtempSync(join(tmpdir(), 'dt-notification-fd-'));
  roots.push(dir);
  if (text !== undefined) writeFileSync(join(dir, NOTIFICATION_FD_FILE), text);
  return dir;
}

describe('readNotificationFd', () => {
  it('reads digits only, 3..1023; nothing when absent', () => {
    expect(readNotificationFd(dirWith(undefined))).toBeUndefined();
    expect(readNotificationFd(dirWith('3\n'))).toEqual({ fd: 3 });
    expect(readNotificationFd(dirWith('1023'))).toEqual({ fd: 1023 });
    for (const bad of ['2\n', '3x\n', '5000\n', '-4', ' ', '']) expect(readNotificationFd(dirWith(bad))).toHaveProperty('invalid');
  });

  it('agrees with readServiceState: "2" and "3x" are no notification fd there either', async () => {
    for (const bad of ['2\n', '3x\n']) {
      const dir = dirWith(bad);
      expect(readNotificationFd(dir)).toHaveProperty('invalid');
      expect((await readServiceState(dir)).notificationFd).toBeUndefined();
    }
    expect((await readServiceState(dirWith('4\n'))).notificationFd).toBe(4);
  });
});
