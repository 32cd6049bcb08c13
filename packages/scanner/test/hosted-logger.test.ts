// The hosted logger's record and its recovery (decision 0005), driven by hand: a host "killed" at the
// worst instants (bytes spliced into the journal but not yet through the engine; output half written
// before the record; a rotation inside the unrecorded chunk) is followed by a new logger on the same
// journal and carry slot, and every line comes out exactly once, none spliced.
import { afterEach, describe, expect, it } from '@jest/globals';
import { appendFileSync, closeSync, existsSync, openSync, readFileSync, readSync, readdirSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { flock, memfdCreate, pipe2, spliceToFile } from '@dt/posix';
import { tempDirs, waitFor } from '@dt/test-support';
import { HostedLogger } from '../src/hosted-logger.js';
import type { Readiness } from '../src/ready-set.js';

const newDir = tempDirs('dt-hosted-logger-');
const fds: number[] = [];
afterEach(() => {
  for (const fd of fds.splice(0)) closeSync(fd);
});

/** Readiness by hand: `fire()` calls what is watched, as the epoll loop would. */
class HandReadiness implements Readiness {
  readonly handlers = new Map<number, () => void>();
  watch(fd: number, onReady: () => void): void {
    this.handlers.set(fd, onReady);
  }
  unwatch(fd: number): void {
    this.handlers.delete(fd);
  }
  fire(): void {
    for (const h of [...this.handlers.values()]) h();
  }
}

interface Rig {
  dir: string;
  main: string;
  write(text: string): void;
  closeInput(): void;
  /** A logger on the rig's pipe, journal and carry slot (a new host's, each call). */
  logger(): { logger: HostedLogger; ready: HandReadiness; exits: (number | string | null)[] };
  /** The journal offset the record says is done. */
  done(): number;
  journal: number;
}

function rig(args: string[] = ['./main']): Rig {
  const dir = newDir();
  const [r, w] = pipe2({ cloexec: true });
  const journal = memfdCreate('dt-test-journal');
  const carry = memfdCreate('dt-test-carry');
  fds.push(r, journal, carry);
  let wOpen = true;
  return {
    dir,
    main: join(dir, 'main'),
    journal,
    write: (text) => void writeSync(w, text),
    closeInput: () => {
      if (wOpen) closeSync(w);
      wOpen = false;
    },
    logger() {
      const ready = new HandReadiness();
      const exits: (number | string | null)[] = [];
      const logger = new HostedLogger({
        input: `/proc/self/fd/${r}`,
        journal: `/proc/self/fd/${journal}`,
        stderrFd: -1,
        cwd: dir,
        args,
        slot: 0,
        ready,
        carryFd: carry,
        onExit: (code, signal) => exits.push(code ?? signal),
      });
      logger.start();
      return { logger, ready, exits };
    },
    done() {
      const b = Buffer.alloc(8);
      readSync(carry, b, 0, 8, 0);
      return b.readDoubleLE(0);
    },
  };
}

/** Every file of the directory in order (archives by name, then current). */
function logText(main: string): string {
  const names = readdirSync(main).filter((n) => n.startsWith('@')).sort();
  names.push('current');
  return names.map((n) => (existsSync(join(main, n)) ? readFileSync(join(main, n), 'latin1') : '')).join('');
}

describe('a hosted logger killed at the worst instants', () => {
  it('takes back the carried head and the journal bytes a dead host spliced but never processed', async () => {
    const t = rig();
    const a = t.logger();
    t.write('one\ntwo\npar');
    a.ready.fire();
    expect(readFileSync(join(t.main, 'current'), 'latin1')).toBe('one\ntwo\n');
    expect(t.done()).toBe(11);
    a.logger.signal('SIGKILL'); // gone where it stands: "par" only in the record
    // the dead host had spliced the next bytes into the journal, then died before the engine saw them
    t.write('tial\nthree\n');
    expect(spliceToFile(/* the pipe */ fds[0]!, t.journal, t.done(), 100)).toBe(11);
    const b = t.logger();
    expect(logText(t.main)).toBe('one\ntwo\npartial\nthree\n');
    t.write('four\n');
    t.closeInput();
    b.ready.fire(); // four
    b.ready.fire(); // the end of input
    await waitFor('the exit', () => b.exits.length > 0); // closing may wait for the directory's last work
    expect(b.exits).toEqual([0]);
    expect(logText(t.main)).toBe('one\ntwo\npartial\nthree\nfour\n');
    expect(statSync(join(t.main, 'current')).mode & 0o777).toBe(0o744);
  });

  it('has a record before its first chunk: a kill inside that chunk is taken back and replayed too', () => {
    const t = rig();
    const a = t.logger();
    a.logger.signal('SIGKILL'); // before any input: only the record of its start
    t.write('one\ntwo\nthr');
    spliceToFile(fds[0]!, t.journal, t.done(), 100);
    appendFileSync(join(t.main, 'current'), 'one\ntw');
    const b = t.logger();
    expect(logText(t.main)).toBe('one\ntwo\n');
    t.write('ee\n');
    b.ready.fire();
    expect(logText(t.main)).toBe('one\ntwo\nthree\n');
    b.logger.signal('SIGKILL');
  });

  it('cuts back output written after the last record before replaying (no line twice, none spliced)', () => {
    const t = rig();
    const a = t.logger();
    t.write('one\ntwo\n');
    a.ready.fire();
    a.logger.signal('SIGKILL');
    // killed in the middle of the next chunk: spliced, half its output written, no record
    t.write('three\nfour\n');
    spliceToFile(fds[0]!, t.journal, t.done(), 100);
    appendFileSync(join(t.main, 'current'), 'three\nfo');
    const b = t.logger();
    expect(logText(t.main)).toBe('one\ntwo\nthree\nfour\n');
    b.logger.signal('SIGKILL');
  });

  it('after a rotation inside the unrecorded chunk: the rotated file cut back to its mark, the new current emptied', () => {
    const t = rig();
    const a = t.logger();
    t.write('one\ntwo\n');
    a.ready.fire();
    a.logger.signal('SIGKILL');
    t.write('three\nfour\n');
    spliceToFile(fds[0]!, t.journal, t.done(), 100);
    // the dead host wrote "three", rotated (current became an archive), and began the new current
    appendFileSync(join(t.main, 'current'), 'three\n');
    renameSync(join(t.main, 'current'), join(t.main, '@400000000000000000000000.s'));
    writeFileSync(join(t.main, 'current'), 'fo', { mode: 0o644 });
    const b = t.logger();
    expect(logText(t.main)).toBe('one\ntwo\nthree\nfour\n');
    b.logger.signal('SIGKILL');
  });

  it('leaves a directory alone when someone else holds its lock', () => {
    const t = rig();
    const a = t.logger();
    t.write('one\n');
    a.ready.fire();
    a.logger.signal('SIGKILL');
    t.write('two\n');
    spliceToFile(fds[0]!, t.journal, t.done(), 100);
    appendFileSync(join(t.main, 'current'), 'not ours\n');
    const lock = openSync(join(t.main, 'lock'), 'a');
    fds.push(lock);
    expect(flock(lock, 'exclusive', { wait: false })).toBe(true);
    const other = t.logger();
    expect(other.exits).toEqual([111]); // multilog: fatal: unable to lock directory
    expect(readFileSync(join(t.main, 'current'), 'latin1')).toBe('one\nnot ours\n');
  });
});
