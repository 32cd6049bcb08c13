import { afterAll, describe, expect, it } from '@jest/globals';
import { closeSync, mkdirSync, readFileSync, readSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { dup2, getFdFlags, setCloexec, setNonBlocking } from '../src/fcntl.js';
import { pipe2 } from '../src/pipe.js';
import { getrlimit, setrlimit } from '../src/rlimit.js';
import { spawnProgram, waitpid } from '../src/spawn.js';
import { tempDir } from './helpers.js';

describe('spawnProgram and waitpid', () => {
  const t = tempDir('spawn');
  afterAll(() => t.cleanup());

  it('runs a program found on PATH with the given argv and environ, and reports its exit code', () => {
    const out = join(t.dir, 'out');
    const r = spawnProgram('sh', ['sh', '-c', `echo "$0 $1 $DT_V" > ${out}; exit 3`, 'zero', 'one'], { env: ['DT_V=v', Buffer.from('DT_W=w')] });
    if (!('pid' in r)) throw new Error(`spawn failed: ${r.errno}`);
    expect(waitpid(r.pid)).toEqual({ exited: true, code: 3 });
    expect(readFileSync(out, 'utf8')).toBe('zero one v\n');
  });

  it('reports a signal, and gives the child default dispositions and an empty mask', () => {
    const out = join(t.dir, 'sig');
    const script = `while read l; do case $l in SigIgn:*|SigBlk:*) echo "$l";; esac; done < /proc/$$/status > ${out}; kill -TERM $$`;
    const r = spawnProgram('/bin/sh', ['sh', '-c', script]);
    if (!('pid' in r)) throw new Error(`spawn failed: ${r.errno}`);
    expect(waitpid(r.pid)).toEqual({ exited: false, signal: 15 });
    expect(readFileSync(out, 'utf8')).toBe('SigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\n');
  });

  it('dup2s fds into the child', () => {
    const [r, w] = pipe2({ cloexec: true });
    try {
      const c = spawnProgram('/bin/sh', ['sh', '-c', 'echo hi >&7'], { dup2: [[w, 7]] });
      if (!('pid' in c)) throw new Error(`spawn failed: ${c.errno}`);
      expect(waitpid(c.pid)).toEqual({ exited: true, code: 0 });
      const buf = Buffer.alloc(16);
      const n = readSync(r, buf);
      expect(buf.subarray(0, n).toString()).toBe('hi\n');
    } finally {
      closeSync(r);
      closeSync(w);
    }
  });

  it('returns the errno as execve would: ENOEXEC without a shell retry, EACCES preferred to ENOENT', () => {
    const script = join(t.dir, 'noshebang');
    writeFileSync(script, 'echo ran\n', { mode: 0o755 });
    expect(spawnProgram(script, [script])).toEqual({ errno: 8 });
    expect(spawnProgram('dt-no-such-program', ['x'])).toEqual({ errno: 2 });
    expect(spawnProgram('/etc/passwd', ['x'])).toEqual({ errno: 13 });
  });

  it('fds: the whole table, /dev/null for ignore, the source of 0-2 made blocking; cwd and setsid in the child', () => {
    const dir = join(t.dir, 'cwd');
    mkdirSync(dir);
    const [r, w] = pipe2({ cloexec: true });
    try {
      setNonBlocking(w, true);
      const script = 'pwd >&1; readlink /proc/self/fd/0 >&1; echo "$(cut -d" " -f6 /proc/$$/stat) $$" >&1; readlink /proc/self/fd/3 2>/dev/null >&1 || echo no3 >&1';
      const c = spawnProgram('/bin/sh', ['sh', '-c', script], { fds: ['ignore', w, 'ignore', 'ignore'], cwd: dir, setsid: true });
      if (!('pid' in c)) throw new Error(`spawn failed: ${c.errno}`);
      expect(waitpid(c.pid)).toEqual({ exited: true, code: 0 });
      expect(getFdFlags(w).nonblock).toBe(false);
      const buf = Buffer.alloc(4096);
      const lines = buf.subarray(0, readSync(r, buf)).toString().split('\n');
      expect(lines[0]).toBe(realpathSync(dir));
      expect(lines[1]).toBe('/dev/null');
      const [sid, pid] = lines[2]!.split(' ');
      expect(sid).toBe(pid); // leads its own session
      expect(lines[3]).toBe('no3');
    } finally {
      closeSync(r);
      closeSync(w);
    }
  });

  it('a chdir that fails is the spawn errno', () => {
    expect(spawnProgram('/bin/true', ['true'], { cwd: join(t.dir, 'no-such-dir'), fds: ['ignore', 'ignore', 'ignore'] })).toEqual({ errno: 2 });
  });

  it('around: the call runs under what it sets (a lowered NOFILE), with fds above that limit still handed over', () => {
    const [r, w] = pipe2({ cloexec: true });
    const high = 300;
    dup2(w, high);
    setCloexec(high, true); // like every fd of ours
    const out = join(t.dir, 'nofile');
    try {
      const cur = getrlimit('nofile');
      const c = spawnProgram('/bin/sh', ['sh', '-c', `ulimit -Sn > ${out}; echo hi`], {
        fds: ['ignore', high, 'ignore'],
        around: (spawn) => {
          setrlimit('nofile', { soft: 64n, hard: cur.hard });
          try {
            return spawn();
          } finally {
            setrlimit('nofile', cur);
          }
        },
      });
      if (!('pid' in c)) throw new Error(`spawn failed: ${c.errno}`);
      expect(waitpid(c.pid)).toEqual({ exited: true, code: 0 });
      expect(readFileSync(out, 'utf8')).toBe('64\n');
      const buf = Buffer.alloc(16);
      expect(buf.subarray(0, readSync(r, buf)).toString()).toBe('hi\n');
    } finally {
      closeSync(high);
      closeSync(r);
      closeSync(w);
    }
  });
});
