import { describe, expect, it } from '@jest/globals';
import { runStopSequence, type StopBackend } from '../src/stop-sequence.js';

/** A backend that records each step, so the order is what the test reads. */
function recorder(withStartLoggers: boolean): { backend: StopBackend<string, string>; steps: string[] } {
  const steps: string[] = [];
  const backend: StopBackend<string, string> = {
    services: ['a', 'b'],
    loggers: ['a/log', 'b/log', '.svscan/log'],
    runShutdown: async (s) => {
      steps.push(`shutdown ${s}`);
    },
    controlLogger: (l, letters) => {
      steps.push(`${letters} ${l}`);
    },
    controlService: async (s, letters) => {
      steps.push(`${letters} ${s}`);
    },
    servicesGone: async () => {
      steps.push('services gone');
    },
    loggersGone: async () => {
      steps.push('loggers gone');
    },
  };
  if (withStartLoggers) backend.startLoggers = async () => void steps.push('start loggers');
  return { backend, steps };
}

describe('runStopSequence', () => {
  it("runs the seed's svscan.rc order: shutdown scripts, loggers ox, services dx, services gone, loggers gone", async () => {
    const { backend, steps } = recorder(true);
    await runStopSequence(backend);
    expect(steps).toEqual([
      'shutdown a',
      'shutdown b',
      'start loggers',
      'ox a/log',
      'ox b/log',
      'ox .svscan/log',
      'dx a',
      'dx b',
      'services gone',
      'loggers gone',
    ]);
  });

  it('needs no startLoggers step (the control-FIFO backend has none)', async () => {
    const { backend, steps } = recorder(false);
    await runStopSequence(backend);
    expect(steps).not.toContain('start loggers');
    expect(steps.indexOf('ox a/log')).toBeLessThan(steps.indexOf('dx a'));
  });

  it('starts no logger and sends no letter before every shutdown script has ended', async () => {
    const { backend, steps } = recorder(true);
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    backend.runShutdown = async (s) => {
      if (s === 'a') await slow;
      steps.push(`shutdown ${s}`);
    };
    const done = runStopSequence(backend);
    await new Promise((r) => setImmediate(r));
    expect(steps).toEqual(['shutdown b']);
    release();
    await done;
    expect(steps.slice(0, 3)).toEqual(['shutdown b', 'shutdown a', 'start loggers']);
  });
});
