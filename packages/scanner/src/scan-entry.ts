// One row of svscan's table (svscan.c struct: flagactive, flaglog, pid, pidlog, pi[2]), in-process: the
// two supervise processes are Supervisor objects, the pipe is held here for the entry's life.
import type { EventEmitter } from 'node:events';
import type { LogPipe } from './log-pipe.js';
import type { Launch } from './log-launch.js';

/** What the scanner needs of a supervisor (docs/decisions/0001: Supervisor). */
export interface SupervisorLike extends EventEmitter {
  start(): Promise<void>;
  control(letters: string): void;
  readonly pid: number;
  /** dx that escalates to KILL instead of waiting forever (Supervisor.terminate); control('dx') without it. */
  terminate?(): void;
}

export interface SupervisorSpec {
  dir: string;
  stdin?: number;
  stdout?: number;
  stderr?: number;
  onWarning?(text: string): void;
  /** dt extensions (Supervisor options of the same names). */
  processGroup?: boolean;
  /** Keep the event loop alive (ScannerOptions.ref). */
  ref?: boolean;
  killTimeoutMs?: number;
  orphanDrainMs?: number;
  /** How ./run starts (a logger: in the log host when it can be; decision 0005). */
  launch?: Launch;
}

export type SupervisorFactory = (spec: SupervisorSpec) => SupervisorLike;

/** A supervisor the scanner started, with its end observed once (`done` may fire before anyone waits). */
export class ManagedSupervisor {
  finished = false;
  readonly done: Promise<void>;

  constructor(readonly supervisor: SupervisorLike) {
    this.done = new Promise((resolve) => {
      supervisor.once('done', () => {
        this.finished = true;
        resolve();
      });
    });
  }

  control(letters: string): void {
    if (!this.finished) this.supervisor.control(letters);
  }

  /** The orderly stop's dx, with the kill escalation where the supervisor has it. */
  terminate(): void {
    if (this.finished) return;
    if (this.supervisor.terminate) this.supervisor.terminate();
    else this.supervisor.control('dx');
  }
}

export class ScanEntry {
  /** Seen in the latest complete scan. */
  active = true;
  service: ManagedSupervisor | undefined;
  logger: ManagedSupervisor | undefined;

  constructor(
    /** The name it was first found under (a renamed directory keeps its entry, as in 0.76). */
    public name: string,
    readonly key: string,
    readonly pipe: LogPipe | undefined,
  ) {}

  get hasLog(): boolean {
    return this.pipe !== undefined;
  }

  /** Neither supervisor runs. */
  get idle(): boolean {
    return this.service === undefined && this.logger === undefined;
  }
}
