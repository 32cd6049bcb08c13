import { afterEach, describe, expect, it } from '@jest/globals';
import { chmodSync, copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type StartFailure, isForkFailure, signalChild, startRun } from '../src/child.js';
import type { SpawnedChild } from '../src/spawned-child.js';
import { FIXTURES, ProcessJanitor, makeService, removeTree } from './supervisor-helpers.js';

const roots: string[] = [];
const janitor = new ProcessJanitor();
afterEach(() => {
  janitor.killAll();
  for (const r of roots.splice(0)) removeTree(r);
});

function dirWithRun(content: string | undefined, mode = 0o755): string {
  const { root, dir } = makeService(undefined);
  roots.push(root);
  if (content !== undefined) {
    writeFileSync(join(dir, 'run'), content);
    chmodSync(join(dir, 'run'), mode);
  }
  return dir;
}

function start(dir: string): Promise<{ child?: SpawnedChild; failure?: StartFailure }> {
  return new Promise((resolve) =>
    startRun(
      { dir, fds: ['ignore', 'ignore', 'ignore'] },
      (child) => {
        janitor.add(child.pid);
        resolve({ child });
      },
      (failure) => resolve({ failure }),
    ),
  );
}

describe('startRun', () => {
  it('starts ./run (a #! script or an ELF binary)', async () => {
    const dir = dirWithRun(undefined);
    copyFileSync(join(FIXTURES, 'run-sleep'), join(dir, 'run'));
    chmodSync(join(dir, 'run'), 0o755);
    expect((await start(dir)).child?.pid).toBeGreaterThan(0);
    const elf = dirWithRun(undefined);
    copyFileSync('/bin/sleep', join(elf, 'run'));
    chmodSync(join(elf, 'run'), 0o755);
    expect((await start(elf)).child?.pid).toBeGreaterThan(0);
  });

  it.each([
    ['missing', undefined, 0o755, 'ENOENT'],
    ['not executable', '#!/bin/sh\n', 0o644, 'EACCES'],
    ['without #! (no shell fallback)', 'echo hi\n', 0o755, 'ENOEXEC'],
  ])('%s: fails with %s', async (_what, content, mode, code) => {
    const r = await start(dirWithRun(content as string | undefined, mode as number));
    expect(r.failure?.code).toBe(code);
    expect(isForkFailure(r.failure!)).toBe(false);
  });

  it('fork-type errnos are told apart', () => {
    expect(isForkFailure({ code: 'EAGAIN', cause: undefined })).toBe(true);
    expect(isForkFailure({ code: 'ENOMEM', cause: undefined })).toBe(true);
  });
});

describe('signalChild', () => {
  it('ignores a pid that is gone', () => {
    expect(() => signalChild(2 ** 22 + 12345, 'SIGTERM')).not.toThrow();
  });
});
