// multilog's script: each argument is one action (multilog.c c_init, f_init, doit). Pure: argv to a typed
// script; nothing here touches the file system.

/** 0.76 defaults and clamps (multilog.c c_init). */
export const DEFAULT_SIZE = 99999;
export const MIN_SIZE = 4096;
export const MAX_SIZE = 16777215;
export const DEFAULT_NUM = 10;
export const MIN_NUM = 2;

export type LogAction =
  | { kind: 'deselect'; pattern: Buffer } // -pattern
  | { kind: 'select'; pattern: Buffer } // +pattern
  | { kind: 'alert' } // e
  | { kind: 'status'; file: string } // =file
  | { kind: 'dir'; index: number }; // ./dir or /dir: index into Script.dirs

export interface LogDirConfig {
  /** The directory as written in the script (used in messages). */
  dir: string;
  /** Maximum size of current (sSIZE in force at this argument). */
  size: number;
  /** Number of log files kept, current included (nNUM in force). */
  num: number;
  /** !processor in force, run through /bin/sh -c; undefined when none was given before this dir. */
  processor: string | undefined;
}

export interface Script {
  /** `t` as the first argument: prefix each line with `@`+24 hex+space. */
  timestamp: boolean;
  /** The line actions in script order (s, n, ! and ignored arguments are folded away). */
  actions: LogAction[];
  dirs: LogDirConfig[];
  /** The =file arguments, in order. */
  statusFiles: string[];
}

/** djb scan_ulong: leading decimal digits only, unsigned long (64-bit) wrap-around; none gives 0. */
export function scanUlong(s: string): number {
  let n = 0n;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) break;
    n = (n * 10n + BigInt(c)) & 0xffffffffffffffffn;
  }
  return n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n);
}

export function clampSize(size: number): number {
  return Math.min(MAX_SIZE, Math.max(MIN_SIZE, size));
}

export function clampNum(num: number): number {
  return Math.max(MIN_NUM, num);
}

/**
 * Parses multilog's arguments as 0.76 does: the first character decides, unknown ones are ignored,
 * `t` counts only as the first argument, s/n/! apply to the directories after them. An argument given as
 * bytes (the raw argv) keeps its bytes in a pattern; its other uses (paths, numbers) read it as UTF-8.
 */
export function parseScript(args: readonly (string | Uint8Array)[]): Script {
  const text = (a: string | Uint8Array) => (typeof a === 'string' ? a : Buffer.from(a).toString());
  const patternOf = (a: string | Uint8Array) => (typeof a === 'string' ? Buffer.from(a.slice(1)) : Buffer.from(a.subarray(1)));
  const script: Script = { timestamp: text(args[0] ?? '')[0] === 't', actions: [], dirs: [], statusFiles: [] };
  let size = DEFAULT_SIZE;
  let num = DEFAULT_NUM;
  let processor: string | undefined;
  for (const raw of args) {
    const arg = text(raw);
    switch (arg[0]) {
      case '-':
        script.actions.push({ kind: 'deselect', pattern: patternOf(raw) });
        break;
      case '+':
        script.actions.push({ kind: 'select', pattern: patternOf(raw) });
        break;
      case 'e':
        script.actions.push({ kind: 'alert' });
        break;
      case '=':
        script.actions.push({ kind: 'status', file: arg.slice(1) });
        script.statusFiles.push(arg.slice(1));
        break;
      case 's':
        size = clampSize(scanUlong(arg.slice(1)));
        break;
      case 'n':
        num = clampNum(scanUlong(arg.slice(1)));
        break;
      case '!':
        processor = arg.slice(1);
        break;
      case '.':
      case '/':
        script.actions.push({ kind: 'dir', index: script.dirs.length });
        script.dirs.push({ dir: arg, size, num, processor });
        break;
      default:
        break; // 0.76 ignores any other argument (`main` without ./ does nothing)
    }
  }
  return script;
}
