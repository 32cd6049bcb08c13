import { describe, expect, it } from '@jest/globals';
import type { ServiceReport } from '@dt/supervise-protocol';
import { MAX_TIMELINE_EVENTS, Timeline } from '../../src/serve/timeline.js';
import type { ServiceFacts } from '../../src/serve/tree-facts.js';

const facts = (pid: number, extra: Partial<ServiceReport> = {}): ServiceFacts => ({
  name: 'web',
  log: false,
  failing: false,
  logFigures: undefined,
  report: { pid, startedAt: null, lastExit: null, ...extra } as ServiceReport,
});

describe('Timeline', () => {
  it('seeds from the sidecar, then records each new pid as an exit and a start', () => {
    const t = new Timeline();
    t.observe([facts(10, { startedAt: '2026-01-01T00:00:10.000Z', lastExit: { code: 1, signal: null, at: '2026-01-01T00:00:09.000Z' } })], 1000);
    expect(t.eventsOf('web')).toEqual([
      { at: Date.parse('2026-01-01T00:00:09.000Z'), kind: 'exit' },
      { at: Date.parse('2026-01-01T00:00:10.000Z'), kind: 'start' },
    ]);
    t.observe([facts(10)], 2000);
    t.observe([facts(0)], 3000);
    t.observe([facts(11)], 4000);
    expect(t.eventsOf('web').slice(2)).toEqual([
      { at: 3000, kind: 'exit' },
      { at: 4000, kind: 'start' },
    ]);
    t.observe([], 5000);
    expect(t.eventsOf('web')).toEqual([]);
  });

  it(`keeps the last ${MAX_TIMELINE_EVENTS} events`, () => {
    const t = new Timeline();
    for (let i = 1; i <= 100; i++) t.observe([facts(i)], i);
    expect(t.eventsOf('web')).toHaveLength(MAX_TIMELINE_EVENTS);
    expect(t.eventsOf('web').at(-1)).toEqual({ at: 100, kind: 'start' });
  });
});
