// When the supervisor writes supervise/dt-status.json (decision 0018, "The sidecar after the status"): once
// per event, after everything the event does, and only when its content changed. supervise/status is still
// written at each change, first, as 0.76's announce(); the sidecar used to follow each status write at once,
// so a restart wrote it twice, once before the new pid was in status (the death) and once after (the start).
// Now the writes an event asks for are held while the event runs and done as one at its end: the kill →
// restart path writes status (down), spawns, writes status (the new pid), then the sidecar once.
//
// Readers lose nothing: they already trust the sidecar only where its pid equals the status pid (it always
// followed status), and between two events the sidecar is as current as before. The orphan check's window
// (a supervisor that dies between the spawn and the sidecar naming the new pid and its start time) is what
// it was: the same synchronous run of code from the spawn to the write, with no turn of the event loop in it.
import { type StatusSidecar, encodeSidecar, writeSidecarFile } from '@dt/supervise-protocol';

export class SidecarWriter {
  /** Events being handled (nested: control letters, an event inside start()). */
  private depth = 0;
  private dirty = false;
  /** The event being handled leaves its write to the next event (a restart due on the next loop turn). */
  private held = false;
  /** The content last written by this writer; the same content is not written again. */
  private last: string | undefined;

  constructor(
    private readonly dir: string,
    /** The record as it is now. */
    private readonly build: () => StatusSidecar,
    /** A failed write, 0.76 warning style (`unable to rename DIR/supervise/dt-status.json.new to ...`). */
    private readonly warn: (text: string) => void,
  ) {}

  /** The sidecar's content may have changed: written now, or at the end of the event being handled. */
  changed(): void {
    this.dirty = true;
    if (this.depth === 0) this.flush();
  }

  /** Run one event's handling; what it changed is written once, when the outermost one ends. */
  batch<T>(fn: () => T): T {
    this.depth += 1;
    try {
      return fn();
    } finally {
      this.depth -= 1;
      if (this.depth === 0) {
        if (this.held) this.held = false;
        else if (this.dirty) this.flush();
      }
    }
  }

  /**
   * The event being handled does not write at its end: the next event (which the caller has already
   * scheduled, and which every path reaches: a restart due on the next turn, or whatever cancels it) writes
   * what both changed, once. A death followed at once by a restart then writes the sidecar after the new pid
   * is in status, not also before (one atomic write fewer on the path from the kill to the new pid).
   */
  hold(): void {
    if (this.depth > 0) this.held = true;
  }

  /** Write now if anything is pending (before letting go of the directory). */
  flush(): void {
    if (!this.dirty) return;
    this.dirty = false;
    const record = this.build();
    const text = encodeSidecar(record);
    if (text === this.last) return;
    try {
      writeSidecarFile(this.dir, record);
      this.last = text;
    } catch (e) {
      this.last = undefined;
      this.warn(`supervise: warning: ${(e as Error).message}`); // errno words included (SuperviseProtocolError)
    }
  }
}
