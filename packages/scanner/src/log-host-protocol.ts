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
 * as fd CARRY_FD). A slot holds the line in progress that the engine has read but not yet written (at most
 * its 1000-byte head), so a host killed mid-line loses nothing: the next one starts with it. Around every
 * read the host writes the line as it will be after that read ("next") with a mark of every directory's
 * `current` (inode, size) and sets `pending`; once the read's output is written it commits next as
 * "committed" and clears `pending`. A host killed in between leaves `pending` set: if a `current` has
 * changed since the mark, the output was written and "next" is the truth, else "committed" is.
 */
export const CARRY_FD = 4;
export const CARRY_SLOT_SIZE = 4096;
export const CARRY_PENDING_OFFSET = 0; // u8: 1 = a read's output may or may not be on disk
export const CARRY_MARK_OFFSET = 8; // CARRY_MARK_DIRS x (f64 LE inode, f64 LE size) of DIR/current; -1 = none
export const CARRY_MARK_DIRS = 8;
export const CARRY_COMMITTED_OFFSET = 256; // a carry: LE u32 length, u8 past-the-head flag, bytes at +8
export const CARRY_NEXT_OFFSET = 1280; // the same, as it will be once the pending output is written
export const CARRY_DATA = 8; // offset of the bytes inside a carry
export const CARRY_MAX = 1000;

export function isToHost(m: unknown): m is ToHost {
  return typeof m === 'object' && m !== null && ((m as ToHost).t === 'start' || (m as ToHost).t === 'signal');
}
