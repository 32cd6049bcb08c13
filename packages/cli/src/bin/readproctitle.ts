#!/usr/bin/env node
// readproctitle L... D: daemontools 0.76. D becomes dots; then every non-NUL byte read from stdin enters
// D at its right end, the left part of D moving along past three dots that always stay, so `ps` shows
// the last bytes of svscan's errors. Node cannot rewrite argv in place: the same text goes into
// process.title (one string, see the README's Compatibility section). Usage errors: exit 100, silently.
import { program } from '../lib/prog.js';

const prog = program('readproctitle');

/**
 * readproctitle.c, byte by byte: `for (i = 4; i < len; ++i) buf[i - 1] = buf[i]; buf[len - 1] = ch;` for
 * each non-NUL ch. So D[3..] always holds the last len-3 bytes seen. Returns whether D changed.
 */
function shiftIn(window: Buffer, chunk: Buffer): boolean {
  const tail = window.length - 3;
  let bytes = chunk.includes(0) ? chunk.filter((b) => b !== 0) : chunk;
  if (bytes.length === 0) return false;
  if (bytes.length >= tail) bytes = bytes.subarray(bytes.length - tail);
  window.copy(window, 3, 3 + bytes.length); // the older bytes move left
  Buffer.from(bytes).copy(window, window.length - bytes.length);
  return true;
}
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
