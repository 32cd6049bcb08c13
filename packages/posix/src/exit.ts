import { loadLibc } from './libc.js';

/**
 * _exit(2): end the process now, without Node's teardown or exit handlers. For a chain-loader whose exec
 * failed after it rearranged fds and signal dispositions under Node's feet: write the diagnostic with
 * fs.writeSync first, then call this.
 */
export function exitImmediately(code: number): never {
  loadLibc().exit(code);
  throw new Error('_exit returned'); // unreachable
}
