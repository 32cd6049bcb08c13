// A real Prometheus (Debian's) scrapes serveTree every second: its query API returns up and restarts of
// the test tree, and a restart of a service shows in the counter.
import { afterEach, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { waitFor } from '../helpers.js';
import { freePort, requireProgram, startProgram, stderrOf, stopPrograms } from './real-process.js';
import { cleanupServe, runTree, scanDir, serve, tempDir } from './serve-helpers.js';

const PROMETHEUS = '/usr/bin/prometheus';

afterEach(async () => {
  await stopPrograms();
  await cleanupServe();
});

interface Vector {
  metric: Record<string, string>;
  value: [number, string];
}

describe('serveTree scraped by a real Prometheus', () => {
  it('answers up and restarts of the tree through the query API, and counts a restart', async () => {
    requireProgram(PROMETHEUS, 'prometheus');
    const d = scanDir();
    const tree = await runTree(d);
    const s = await serve(d);
    const work = tempDir('dt-serve-prom-');
    const port = await freePort();
    const config = join(work, 'prometheus.yml');
    writeFileSync(
      config,
      [
        'global:',
        '  scrape_interval: 1s',
        '  evaluation_interval: 1s',
        'scrape_configs:',
        '  - job_name: dt',
        '    static_configs:',
        `      - targets: ['127.0.0.1:${s.port}']`,
        '',
      ].join('\n'),
    );
    const prom = startProgram(PROMETHEUS, [
      `--config.file=${config}`,
      `--storage.tsdb.path=${join(work, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--log.level=warn',
    ]);
    const query = async (q: string): Promise<Vector[]> => {
      if (prom.exitCode !== null) throw new Error(`prometheus exited ${prom.exitCode}: ${stderrOf(prom)}`);
      const r = await fetch(`http://127.0.0.1:${port}/api/v1/query?query=${encodeURIComponent(q)}`);
      const body = (await r.json()) as { status: string; data: { result: Vector[] } };
      if (body.status !== 'success') throw new Error(JSON.stringify(body));
      return body.data.result;
    };
    const valueOf = async (q: string) => {
      const r = await query(q);
      return r.length === 1 ? Number(r[0]!.value[1]) : undefined;
    };

    // Prometheus' own view of the target, then dt's series
    await waitFor('prometheus to scrape dt serve', async () => (await valueOf('up{job="dt"}')) === 1, 45000);
    const up = await query('dt_service_up{job="dt"}');
    expect(up.map((v) => [v.metric.service, v.metric.log, v.value[1]]).sort()).toEqual([
      ['idle', 'false', '0'],
      ['web', 'false', '1'],
      ['web', 'true', '1'],
      ['worker', 'false', '1'],
    ]);
    expect(await valueOf('dt_service_restarts_total{service="worker",log="false"}')).toBe(0);
    expect(await valueOf('dt_tree_services')).toBe(3);

    const before = (await tree.service('worker').status()).pid;
    await tree.service('worker').restart();
    await waitFor('the restart', async () => {
      const st = await tree.service('worker').status();
      return st.up && st.pid !== before;
    });
    await waitFor('prometheus to see the restart', async () => (await valueOf('dt_service_restarts_total{service="worker",log="false"}')) === 1, 20000);
    expect(await valueOf('dt_service_up{service="worker",log="false"}')).toBe(1);
    expect(await valueOf('dt_service_restarts_total{service="web",log="false"}')).toBe(0);
  });
});
