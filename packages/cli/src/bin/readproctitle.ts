#!/usr/bin/env node
// readproctitle L... D: daemontools 0.76. D becomes dots; then every non-NUL byte read from stdin enters
// D at its right end, the left part of D moving along past three dots that always stay, so `ps` shows
// the last bytes of svscan's errors. Node cannot rewrite argv in place: the same text goes into
// process.title (one string, see the README's Compatibility section). Usage errors: exit 100, silently.
import { program } from '../lib/prog.js';
import { shiftIn } from '../lib/proctitle-window.js';

const prog = program('readproctitle');

const args = process.argv.slice(2);

prog.run(
  () =>
    new Promise<number>((resolve) => {
      const last = args[args.length - 1];
      if (last === undefined || Buffer.byteLength(last, 'latin1') < 5) return resolve(100);
      const window = Buffer.alloc(Buffer.byteLength(last, 'latin1'), '.');
      const show = () => {
        process.title = ['readproctitle', ...args.slice(0, -1), window.toString('latin1')].join(' ');
      };
      show();
      process.stdin.on('data', (chunk: Buffer) => {
        if (shiftIn(window, chunk)) show();
      });
      process.stdin.on('end', () => resolve(0));
      process.stdin.on('error', () => resolve(111));
    }),
);
