import { afterEach, describe, expect, it } from '@jest/globals';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { hostableArgs, NO_HOST_FILE } from '../src/log-launch.js';

const OUR_MULTILOG = resolve(dirname(fileURLToPath(import.meta.url)), '../../cli/dist/bin/multilog.js');
const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function logDir(run: string | Buffer, mode = 0o755): string {
  const root = mkdtempSync(join(tmpdir(), 'dt-log-launch-'));
  roots.push(root);
  const dir = join(root, 'log');
  mkdirSync(dir);
  writeFileSync(join(dir, 'run'), run);
  chmodSync(join(dir, 'run'), mode);
  return dir;
}

/** A PATH directory holding an executable `multilog`. */
function pathWithMultilog(): string {
  const bin = mkdtempSync(join(tmpdir(), 'dt-log-launch-bin-'));
  roots.push(bin);
  writeFileSync(join(bin, 'multilog'), '#!/bin/sh\n');
  chmodSync(join(bin, 'multilog'), 0o755);
  return bin;
}

describe('hostableArgs', () => {
  it('hosts `exec multilog ARGS` when multilog is on the run PATH, and only then', () => {
    const dir = logDir("#!/bin/sh\nexec multilog t '-*x*' ./main\n");
    expect(hostableArgs(dir, { PATH: pathWithMultilog() })).toEqual(['t', '-*x*', './main']);
    expect(hostableArgs(dir, { PATH: '/nonexistent' })).toBeUndefined();
  });

  it('keeps the process form when log/dt-no-host exists, run is not executable, or the bytes are not UTF-8', () => {
    const dir = logDir('#!/bin/sh\nexec multilog ./main\n');
    writeFileSync(join(dir, NO_HOST_FILE), '');
    expect(hostableArgs(dir, { PATH: pathWithMultilog() })).toBeUndefined();
    expect(hostableArgs(logDir('#!/bin/sh\nexec multilog ./main\n', 0o644), { PATH: pathWithMultilog() })).toBeUndefined();
    expect(hostableArgs(logDir(Buffer.from('#!/bin/sh\nexec multilog -\xff ./main\n', 'latin1')), { PATH: pathWithMultilog() })).toBeUndefined();
  });

  it("hosts this project's multilog by path (directly, through a symlink, or with node), not another program of that name", () => {
    expect(hostableArgs(logDir(`#!/bin/sh\nexec node ${OUR_MULTILOG} t ./main\n`), { PATH: '' })).toEqual(['t', './main']);
    const dir = logDir('#!/bin/sh\nexec ./bin/multilog t ./main\n');
    mkdirSync(join(dir, 'bin'));
    symlinkSync(OUR_MULTILOG, join(dir, 'bin', 'multilog'));
    expect(hostableArgs(dir, { PATH: '' })).toEqual(['t', './main']);
    const other = logDir('#!/bin/sh\nexec /usr/bin/multilog t ./main\n');
    expect(hostableArgs(other, { PATH: '' })).toBeUndefined();
  });
});
