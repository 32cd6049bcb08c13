// glibc's malloc_trim(3): give the C heap's free memory back to the kernel. Node frees the native side of
// Buffers, handles and spawn arguments only when their JS objects are collected; what they leave free
// inside glibc's arenas stays resident until something trims it (glibc >= 2.8 releases free pages in the
// middle of each arena too, not only at the top). A long-lived process calls it after a full GC.
import { loadLibc } from './libc.js';

/** malloc_trim(pad): true when memory was given back. */
export function mallocTrim(pad = 0): boolean {
  return (loadLibc().mallocTrim(pad) as number) === 1;
}
