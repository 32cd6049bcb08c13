// The messages between the scanner and its log host (decision 0005), over Node's IPC channel (JSON), and
// the layout of the carry file both share. Pure: types and byte offsets only.

/** Scanner to host: run one logger. */
export interface StartMessage {
  t: 'start';
  id: number;
  /** `/proc/SCANNER/fd/N` of the pipe's read end (opened anew: a private, non-blocking description). */
  input: string;
  /** `/proc/SCANNER/fd/N` of the logger's stderr (its `e` lines, warnings, processors' fd 2); '' for none. */
  stderr: string;
  /** The log directory: relative paths of the script resolve against it, as ./run's cwd. */
  cwd: string;
  /** multilog's arguments, exactly as /bin/sh would have passed them. */
  args: string[];
  /** This logger's slot in the carry file. */
  slot: number;
}

/** Scanner to host: what `kill(pid, signal)` would do to a multilog, done to this one logger. */
export interface SignalMessage {
  t: 'signal';
  id: number;
  signal: string;
}

export type ToHost = StartMessage | SignalMessage;

/** Host to scanner: a logger stopped, as a multilog process would have exited. */
export interface ExitMessage {
  t: 'exit';
  id: number;
  code: number | null;
  signal: string | null;
}

export type FromHost = ExitMessage;

/**
 * The carry file: one slot per logger directory, kept by the scanner across host restarts (the host gets it
 * as fd CARRY_FD). A slot holds the bytes of the line in progress that the engine has read but not yet
 * written (at most the 1000-byte head), so a host killed mid-line loses nothing: the next one starts with them.
 */
export const CARRY_FD = 4;
export const CARRY_SLOT_SIZE = 1024;
export const CARRY_LENGTH_OFFSET = 0; // LE u32: bytes held
export const CARRY_TAIL_OFFSET = 4; // u8: 1 = past the head (already written; the rest streams through)
export const CARRY_DATA_OFFSET = 8; // the bytes, at most CARRY_SLOT_SIZE - 8

export function isToHost(m: unknown): m is ToHost {
  return typeof m === 'object' && m !== null && ((m as ToHost).t === 'start' || (m as ToHost).t === 'signal');
}
