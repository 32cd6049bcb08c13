// Differential tests: the same input and script into our multilog and /usr/bin/multilog (daemontools 0.76).
// Directories must match file for file and byte for byte (names, modes, contents), timestamps masked.
import { describe, expect, it, beforeAll } from '@jest/globals';
import { writeFileSync, mkdirSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { binaryData, compareRuns, prng, requireTools, textLines, type Comparison } from '../fixtures/multilog/harness.js';

function expectSame(c: Comparison): void {
  expect(c.ours.run.status).toBe(c.real.run.status);
  expect(c.ours.run.stderr).toBe(c.real.run.stderr);
  expect(c.ours.run.stdout).toBe(c.real.run.stdout);
  expect(Object.keys(c.ours.tree)).toEqual(Object.keys(c.real.tree));
  for (const k of Object.keys(c.real.tree)) expect([k, c.ours.tree[k]]).toEqual([k, c.real.tree[k]]);
}

const TEXT = textLines(7, 1000); // ~600 KB of lines up to 6000 bytes
const SHORT = textLines(11, 200);
const BINARY = binaryData(3, 200_000);

describe('multilog against /usr/bin/multilog', () => {
  beforeAll(requireTools);

  it('rotates at the same bytes with a small size and n3 (long lines, no trailing newline)', () => {
    const input = Buffer.concat([TEXT, Buffer.from('partial last line')]);
    const c = compareRuns(['s4096', 'n3', './main'], input);
    expectSame(c);
    expect(Object.keys(c.real.tree).filter((k) => k.startsWith('main/@'))).toHaveLength(2);
  });

  it('with t: the stamp counts in the line and in the size', () => {
    expectSame(compareRuns(['t', 's4096', 'n100', './main'], TEXT));
  });

  it('binary data (NULs, high bytes, lines over 1000 bytes)', () => {
    expectSame(compareRuns(['s5000', 'n4', './main'], BINARY));
    expectSame(compareRuns(['t', 's16777215', './main'], BINARY));
  });

  it('lines longer than a read (64 KiB), lengths around the 1000-byte head, no final newline', () => {
    const L = (c: string, n: number) => c.repeat(n) + '\n';
    const input = Buffer.from(
      'short\n' + L('A', 200000) + 'mid\n' + L('B', 65535) + L('C', 65536) + L('D', 1000) + L('E', 999) +
        L('F', 974) + L('G', 973) + L('H', 975) + 'end\n' + 'Z'.repeat(70000),
    );
    expectSame(compareRuns(['s4096', 'n100', './main'], input));
    expectSame(compareRuns(['t', 's4096', 'n100', './main'], input));
    expectSame(compareRuns(['-*', '+A*', './a', '+*', '=st', 'e', './b'], input));
  });

  it('n2 keeps one archive; the default size 99999 and n10', () => {
    expectSame(compareRuns(['s4096', 'n2', './main'], SHORT));
    expectSame(compareRuns(['n0', 's1', './a', 'n1', './b'], TEXT)); // clamps: n>=2, s>=4096
    expectSame(compareRuns(['./main'], TEXT));
  });

  it('patterns route lines per directory; e and =file', () => {
    const script = ['s4096', 'n100', '-*', '+*a*', './a', 'e', '-*b*', '=st', './b', '+*', './c', '-x*', '=st2'];
    expectSame(compareRuns(script, TEXT));
    expectSame(compareRuns(script, BINARY));
  });

  it('e shows 200 bytes then ...; =file is exactly 1001 bytes', () => {
    const input = Buffer.from(`short\n${'x'.repeat(199)}\n${'y'.repeat(200)}\n${'z'.repeat(201)}\n${'w'.repeat(3000)}\n`);
    const c = compareRuns(['e', '=status', 't', 'e'], input);
    expectSame(c);
    expect(c.real.tree['status']).toBe(`600 ${'w'.repeat(1000)}\n`);
  });

  it('a script with no directory only reads; unknown arguments are ignored', () => {
    expectSame(compareRuns([], SHORT));
    expectSame(compareRuns(['main', 'xyz', 'e'], SHORT));
  });

  it('empty input and an empty line', () => {
    expectSame(compareRuns(['t', './main'], Buffer.alloc(0)));
    expectSame(compareRuns(['t', './main', 'e'], Buffer.from('\n')));
  });

  it('a processor: previous on 0, processed from 1, state on 4, newstate on 5', () => {
    const proc = '!tr a-z A-Z; echo seen >&5; cat <&4 >&5';
    const c = compareRuns(['s4096', 'n4', proc, './main'], SHORT);
    expectSame(c);
    expect(c.real.tree['main/state']).toMatch(/^644 seen\nseen\n/);
  });

  it('appends to a current finished cleanly by a previous run (restart after a clean exit)', () => {
    const setup = (cwd: string) => {
      mkdirSync(join(cwd, 'main'));
      writeFileSync(join(cwd, 'main', 'current'), 'old line\n'.repeat(400));
      chmodSync(join(cwd, 'main', 'current'), 0o744);
      writeFileSync(join(cwd, 'main', 'state'), '');
    };
    expectSame(compareRuns(['s4096', 'n5', './main'], SHORT, setup));
  });

  it('recovers after a crash: current, previous and processed become archives, state is reset', () => {
    const crashed = (processedDone: boolean) => (cwd: string) => {
      const d = join(cwd, 'main');
      mkdirSync(d);
      writeFileSync(join(d, 'current'), 'unfinished\n');
      chmodSync(join(d, 'current'), 0o644);
      writeFileSync(join(d, 'previous'), 'rotated, not processed\n');
      writeFileSync(join(d, 'processed'), 'half processed\n');
      if (processedDone) chmodSync(join(d, 'processed'), 0o744);
      writeFileSync(join(d, 'state'), 'state\n');
      writeFileSync(join(d, 'newstate'), 'newstate\n');
    };
    expectSame(compareRuns(['n10', './main'], SHORT, crashed(false)));
    expectSame(compareRuns(['n10', './main'], SHORT, crashed(true)));
  });

  it('random scripts and inputs (seeded): same files', () => {
    const patterns = ['-*', '+*', '-*a*', '+* *', '-x*', '+*z', '-*e*r*', '+*1*'];
    for (let seed = 1; seed <= 6; seed++) {
      const r = prng(seed * 7919);
      const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)]!;
      const script: string[] = [];
      for (let d = 0; d < 1 + Math.floor(r() * 2); d++) {
        script.push(`s${4096 + Math.floor(r() * 8000)}`, `n${2 + Math.floor(r() * 5)}`);
        for (let k = Math.floor(r() * 3); k > 0; k--) script.push(pick(patterns));
        script.push(`./d${d}`);
      }
      const input = Buffer.concat([textLines(seed, 150 + Math.floor(r() * 300)), binaryData(seed, Math.floor(r() * 30000))]);
      const c = compareRuns(script, input);
      try {
        expectSame(c);
      } catch (e) {
        throw new Error(`seed ${seed}, script ${script.join(' ')}: ${(e as Error).message}`);
      }
    }
  });

  it('fatal start-up errors: same message, same exit code', () => {
    const fileInTheWay = (cwd: string) => writeFileSync(join(cwd, 'notadir'), '');
    const c = compareRuns(['./notadir'], SHORT, fileInTheWay);
    expectSame(c);
    expect(c.real.run.status).toBe(111);
    expect(c.real.run.stderr).toBe('multilog: fatal: unable to open directory ./notadir: not a directory\n');
    const noStatusDir = compareRuns(['=missing/status'], SHORT);
    expectSame(noStatusDir);
    expect(noStatusDir.real.run.stderr).toBe('multilog: fatal: unable to create missing/status: file does not exist\n');
  });
});
