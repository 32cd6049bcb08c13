// A short history per service for the page's restart timeline: each start and each exit the server has
// seen, oldest first, at most MAX_EVENTS. Seeded from dt-status.json (last start, last exit), then fed by
// every look at the tree (a new pid is a start; up to down is an exit).
import type { ServiceFacts } from './tree-facts.js';

export const MAX_TIMELINE_EVENTS = 50;

export interface TimelineEvent {
  /** Wall clock, ms. */
  at: number;
  kind: 'start' | 'exit';
}

interface Track {
  pid: number;
  events: TimelineEvent[];
}

const keyOf = (s: Pick<ServiceFacts, 'name' | 'log'>) => (s.log ? `${s.name}/log` : s.name);

export class Timeline {
  private readonly tracks = new Map<string, Track>();

  /** Record what changed since the previous look; services no longer there are forgotten. */
  observe(services: readonly ServiceFacts[], now: number): void {
    const seen = new Set<string>();
    for (const s of services) {
      const key = keyOf(s);
      seen.add(key);
      const pid = s.report.pid ?? 0;
      let t = this.tracks.get(key);
      if (!t) {
        t = { pid, events: [] };
        const r = s.report;
        const started = r.startedAt ? Date.parse(r.startedAt) : NaN;
        const exited = r.lastExit?.at ? Date.parse(r.lastExit.at) : NaN;
        if (Number.isFinite(exited)) t.events.push({ at: exited, kind: 'exit' });
        if (Number.isFinite(started)) t.events.push({ at: started, kind: 'start' });
        t.events.sort((a, b) => a.at - b.at);
        this.tracks.set(key, t);
        continue;
      }
      if (pid !== t.pid) {
        if (t.pid !== 0) this.push(t, { at: now, kind: 'exit' });
        if (pid !== 0) this.push(t, { at: now, kind: 'start' });
        t.pid = pid;
      }
    }
    for (const key of this.tracks.keys()) if (!seen.has(key)) this.tracks.delete(key);
  }

  /** The events of one service (`name` or `name/log`), oldest first. */
  eventsOf(key: string): readonly TimelineEvent[] {
    return this.tracks.get(key)?.events ?? [];
  }

  private push(t: Track, e: TimelineEvent): void {
    t.events.push(e);
    if (t.events.length > MAX_TIMELINE_EVENTS) t.events.shift();
  }
}

export { keyOf as timelineKeyOf };
