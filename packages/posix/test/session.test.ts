import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

// setsid and exitImmediately change the calling process: run them in a child node (built package).
const DIST = join(import.meta.dirname, '..', 'dist', 'index.js');

function node(script: string) {
  return spawnSync(process.execPath, ['--input-type=module', '-e', `import * as p from ${JSON.stringify(DIST)};\n${script}`], {
    encoding: 'utf8',
  });
}

describe('setsid', () => {
  it('makes the process a session and process group leader, and fails EPERM when it already leads one', () => {
    const r = node(`
      const sid = p.setsid();
      const stat = (await import('node:fs')).readFileSync('/proc/self/stat', 'utf8');
      const [pgrp, session] = stat.slice(stat.lastIndexOf(')') + 2).split(' ').slice(2, 4).map(Number);
      let again;
      try { p.setsid(); } catch (e) { again = e.code; }
      process.stdout.write(JSON.stringify([sid === process.pid, pgrp === process.pid, session === process.pid, again]));`);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([true, true, true, 'EPERM']);
  });
});

describe('exitImmediately', () => {
  it('exits with the code at once: no exit handlers, no pending timers', () => {
    const r = node(`
      process.on('exit', () => process.stdout.write('exit handler ran'));
      setTimeout(() => process.stdout.write('timer ran'), 0);
      p.exitImmediately(37);`);
    expect([r.status, r.stdout, r.stderr]).toEqual([37, '', '']);
  });
});
