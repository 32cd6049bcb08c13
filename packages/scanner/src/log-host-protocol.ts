// The messages between the scanner and its log host (decision 0005), over Node's IPC channel (JSON), and
// the layout of the carry file both share. Pure: types and byte offsets only.

/** Scanner to host: run one logger. */
export interface StartMessage {
  t: 'start';
  id: number;
  /** `/proc/SCANNER/fd/N` of the pipe's read end (opened anew: a private, non-blocking description). */
  input: string;
  /** `/proc/SCANNER/fd/N` of this log directory's journal (a memfd the scanner keeps). */
  journal: string;
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

/**
 * Scanner to host: the scanner is letting the host go (its stop): every logger ends at a line end, then the
 * host exits. Without it, a closed channel means the scanner died: each logger goes on to the end of its
 * input (the orphaned services still write; once the new scanner has stopped them, every pipe ends), so
 * nothing they write is lost, and the host exits when the last one has.
 */
export interface LeaveMessage {
  t: 'leave';
}

export type ToHost = StartMessage | SignalMessage | LeaveMessage;

/** Host to scanner: a logger stopped, as a multilog process would have exited. */
export interface ExitMessage {
  t: 'exit';
  id: number;
  code: number | null;
  signal: string | null;
}

export type FromHost = ExitMessage;

/**
 * The journal and the carry file (decision 0005). A hosted logger never read(2)s its pipe: it splice(2)s
 * it into its **journal** (a memfd the scanner creates per log directory and keeps across hosts; the host
 * opens `/proc/SCANNER/fd/N`), which consumes from the pipe exactly the bytes that reached the journal, so
 * no byte is ever only in the host's memory. The logger then hands the journal's new bytes to the engine
 * and records, in its slot of the **carry file** (one page per log directory, written with one pwrite, so
 * a kill leaves either the old record or the new one), how far it got:
 *
 * - `done`: the journal offset up to which input went through the engine with its output written;
 * - `marks`: (inode, size) of each directory's `current` just after that output;
 * - the carry: the line in progress that the engine holds unwritten (at most its 1000-byte head).
 *
 * A new host (after a kill) cuts back anything a directory gained since the marks (output of input not
 * yet recorded as done), then feeds the engine the carry and the journal from `done` to its end. Once the
 * record is written the journal is truncated to nothing; the next splice goes at `done` again (the file is
 * sparse), so `done` and the journal's size stay a consistent pair at every instant.
 */
export const CARRY_FD = 4;
export const CARRY_SLOT_SIZE = 4096;
export const SLOT_DONE_OFFSET = 0; // f64 LE
export const SLOT_MARKED_OFFSET = 8; // u8: 1 = the marks below are valid
export const SLOT_MARK_OFFSET = 16; // CARRY_MARK_DIRS x (f64 LE inode, f64 LE size) of DIR/current; -1 = none
export const CARRY_MARK_DIRS = 8;
export const SLOT_CARRY_OFFSET = 256; // LE u32 length, u8 past-the-head flag, the bytes at +CARRY_DATA
export const CARRY_DATA = 8;
export const CARRY_MAX = 1000;
/** Past this journal offset the record goes back to 0 (a truncate, then a record), between two splices. */
export const JOURNAL_RESET_AT = 2 ** 40;

export function isToHost(m: unknown): m is ToHost {
  if (typeof m !== 'object' || m === null) return false;
  const t = (m as ToHost).t;
  return t === 'start' || t === 'signal' || t === 'leave';
}
