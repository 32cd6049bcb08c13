// The log host's one readiness loop (decision 0005): every hosted logger's pipe in one epoll set, waited on
// by a pool thread, each ready pipe's handler called on the main thread. Nothing reads here: a handler moves
// the bytes itself (splice into its journal), which is why a net.Socket, that always reads, is not used.
import { Epoll } from '@dt/posix';

/** How long one wait may last (the most an exit can be held up by a wait in progress), ms. */
export const READY_WAIT_MS = 500;

export interface Readiness {
  /** Call onReady whenever fd has input (or end of input), until unwatch. */
  watch(fd: number, onReady: () => void): void;
  /** Forget fd (before closing it); nothing happens for an fd not watched. */
  unwatch(fd: number): void;
}

export class ReadySet implements Readiness {
  private epoll: Epoll | undefined;
  private readonly handlers = new Map<number, () => void>();
  private closed = false;

  watch(fd: number, onReady: () => void): void {
    if (this.closed || this.handlers.has(fd)) return;
    this.epoll ??= new Epoll();
    this.epoll.add(fd);
    this.handlers.set(fd, onReady);
    this.arm();
  }

  unwatch(fd: number): void {
    if (!this.handlers.delete(fd)) return;
    this.epoll?.remove(fd);
  }

  /** Wake and end the wait in progress: after this the process can exit without waiting for it. */
  close(): Promise<void> {
    this.closed = true;
    this.handlers.clear();
    return this.epoll?.close() ?? Promise.resolve();
  }

  private arm(): void {
    if (this.closed || this.handlers.size === 0) return;
    this.epoll!.wait(READY_WAIT_MS, (fds) => {
      for (const fd of fds) this.handlers.get(fd)?.();
      this.arm();
    });
  }
}
