// In-process Supervisor tests: service directories from fixtures, supervisors with /dev/null stdio and
// collected warnings, typed waits for their events, and clean-up of everything afterwards.
import { closeSync, openSync } from 'node:fs';
import { Supervisor, type SupervisorEvents, type SupervisorOptions } from '../src/supervisor.js';
import { ProcessJanitor, makeService, removeTree } from './supervisor-helpers.js';

export class Harness {
  private readonly janitor = new ProcessJanitor();
  private readonly supervisors: Supervisor[] = [];
  private readonly roots: string[] = [];
  private devNull = -1;

  service(run: string | undefined, opts: { down?: boolean } = {}): string {
    const { root, dir } = makeService(run, opts);
    this.roots.push(root);
    return dir;
  }

  supervise(dir: string, warnings: string[] = [], opts: Partial<SupervisorOptions> = {}): Supervisor {
    if (this.devNull < 0) this.devNull = openSync('/dev/null', 'r+');
    const fd = this.devNull;
    const s = new Supervisor({ dir, stdin: fd, stdout: fd, stderr: fd, onWarning: (t) => warnings.push(t), ...opts });
    s.on('start', (pid) => this.janitor.add(pid));
    this.supervisors.push(s);
    return s;
  }

  /** supervise(dir), start it and wait for its first `event` (start, or ready): the supervisor and the pid. */
  async up(
    dir: string,
    warnings: string[] = [],
    opts: Partial<SupervisorOptions> = {},
    event: 'start' | 'ready' = 'start',
  ): Promise<{ s: Supervisor; pid: number }> {
    const s = this.supervise(dir, warnings, opts);
    const first = nextEvent(s, event);
    await s.start();
    const [pid] = await first;
    return { s, pid };
  }

  /** Register any other process to kill afterwards. */
  track(pid: number | undefined): void {
    this.janitor.add(pid);
  }

  cleanup(): void {
    this.janitor.killAll();
    for (const s of this.supervisors.splice(0)) s.close();
    for (const r of this.roots.splice(0)) removeTree(r);
    if (this.devNull >= 0) closeSync(this.devNull);
    this.devNull = -1;
  }
}

/** The next emission of an event, as a promise of its arguments. */
export function nextEvent<K extends keyof SupervisorEvents>(s: Supervisor, name: K): Promise<SupervisorEvents[K]> {
  return new Promise((resolve) => s.once(name, ((...args: SupervisorEvents[K]) => resolve(args)) as never));
}
