// serveTree over a real tree (real services, the real multilog): what /metrics, /status.json, /events,
// /logs and POST /control answer, and that control is off unless a token was given.
import { afterEach, describe, expect, it } from '@jest/globals';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readServiceReport } from '@dt/supervise-protocol';
import { waitFor } from '@dt/test-support';
import { cleanupServe, runTree, sample, scanDir, serve, TOKEN } from './serve-helpers.js';

afterEach(cleanupServe);

const get = async (url: string) => {
  const r = await fetch(url);
  return { status: r.status, type: r.headers.get('content-type'), headers: r.headers, body: await r.text() };
};

describe('serveTree', () => {
  it('GET /metrics: every service and logger with Prometheus names, from prom-client', async () => {
    const d = scanDir();
    const tree = await runTree(d);
    const s = await serve(d);
    expect(s.url).toBe(`http://127.0.0.1:${s.port}`);
    await waitFor('the logger to write', async () => sample((await get(`${s.url}/metrics`)).body, 'dt_log_lines{service="web",log="true"}') === 2);
    const m = await get(`${s.url}/metrics`);
    expect(m.status).toBe(200);
    expect(m.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    const v = (series: string) => sample(m.body, series);
    const expected: Record<string, number> = {
      'dt_service_up{service="web",log="false"}': 1,
      'dt_service_up{service="web",log="true"}': 1,
      'dt_service_up{service="worker",log="false"}': 1,
      'dt_service_up{service="idle",log="false"}': 0,
      'dt_service_want_up{service="idle",log="false"}': 0,
      'dt_service_ready{service="worker",log="false"}': 1,
      'dt_service_paused{service="worker",log="false"}': 0,
      'dt_service_failing{service="worker",log="false"}': 0,
      'dt_service_restarts_total{service="worker",log="false"}': 0,
      'dt_tree_services': 3,
      'dt_tree_loggers': 1,
    };
    expect(Object.fromEntries(Object.keys(expected).map((series) => [series, v(series)]))).toEqual(expected);
    expect(v('dt_service_since_change_seconds{service="worker",log="false"}')).toBeGreaterThanOrEqual(0);
    // "@" + 24 hex + " hello from web\n" and "... second line\n"
    expect(v('dt_log_bytes{service="web",log="true"}')).toBe(26 + 15 + 26 + 12);
    expect(v('dt_log_directory_bytes{service="web",log="true"}')).toBeGreaterThanOrEqual(79);
    expect(v(`dt_scanner_resident_memory_bytes{pid="${process.pid}"}`)).toBeGreaterThan(0);
    expect(m.body).toContain('# TYPE dt_service_restarts_total counter');
    expect(m.body).toContain('# TYPE dt_service_up gauge');
    expect(m.body).toContain('# HELP dt_service_up ');
    expect(m.body).toMatch(/^process_resident_memory_bytes \d+$/m); // prom-client's default metrics

    // a restart shows in the counter, and the exit in last_exit_signal (SIGTERM = 15)
    const before = (await tree.service('worker').status()).pid;
    await tree.service('worker').restart();
    await waitFor('the restart', async () => {
      const st = await tree.service('worker').status();
      return st.up && st.pid !== before;
    });
    const after = (await get(`${s.url}/metrics`)).body;
    expect(sample(after, 'dt_service_restarts_total{service="worker",log="false"}')).toBe(1);
    expect(sample(after, 'dt_service_last_exit_signal{service="worker",log="false"}')).toBe(15);
    expect(sample(after, 'dt_service_last_exit_code{service="worker",log="false"}')).toBe(-1);
  });

  it('dt_service_failing follows the sidecar field for the current pid', async () => {
    const d = scanDir();
    const tree = await runTree(d);
    const s = await serve(d);
    const st = await tree.service('worker').status();
    // the supervisor would rewrite it on its next change; nothing changes here meanwhile
    writeFileSync(join(d, 'worker', 'supervise', 'dt-status.json'), `${JSON.stringify({ ...st.sidecar, failing: true })}\n`);
    expect(sample((await get(`${s.url}/metrics`)).body, 'dt_service_failing{service="worker",log="false"}')).toBe(1);
    writeFileSync(join(d, 'worker', 'supervise', 'dt-status.json'), `${JSON.stringify({ ...st.sidecar, pid: 1, failing: true })}\n`);
    expect(sample((await get(`${s.url}/metrics`)).body, 'dt_service_failing{service="worker",log="false"}')).toBe(0);
  });

  it('GET /status.json: what dt status --json reports for every service and logger', async () => {
    const d = scanDir();
    await runTree(d);
    const s = await serve(d);
    const r = await get(`${s.url}/status.json`);
    expect(r.status).toBe(200);
    expect(r.type).toBe('application/json; charset=utf-8');
    const body = JSON.parse(r.body) as { dir: string; services: { dir: string; seconds: number | null }[] };
    expect(body.dir).toBe(d);
    const dirs = [join(d, 'idle'), join(d, 'web'), join(d, 'web', 'log'), join(d, 'worker')];
    expect(body.services.map((x) => x.dir)).toEqual(dirs);
    const noSeconds = <T extends { seconds: number | null }>(x: T) => ({ ...x, seconds: 0 });
    const direct = await Promise.all(dirs.map((x) => readServiceReport(x)));
    expect(body.services.map(noSeconds)).toEqual(direct.map(noSeconds));
  });

  it('GET / and /page.js: the page, with a content security policy; /events streams the tree', async () => {
    const d = scanDir();
    await runTree(d);
    const s = await serve(d);
    const page = await get(`${s.url}/`);
    expect(page.status).toBe(200);
    expect(page.type).toBe('text/html; charset=utf-8');
    expect(page.body).toContain('<script src="/page.js"></script>');
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const js = await get(`${s.url}/page.js`);
    expect(js.type).toBe('text/javascript; charset=utf-8');
    expect(js.body).toContain("new EventSource('/events')");

    const ac = new AbortController();
    const r = await fetch(`${s.url}/events`, { signal: ac.signal });
    expect(r.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const reader = r.body!.getReader();
    let text = '';
    while (!text.includes('event: tree\ndata: ')) text += new TextDecoder().decode((await reader.read()).value);
    const data = JSON.parse(await (async () => {
      while (!/event: tree\ndata: .*\n\n/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
      return /event: tree\ndata: (.*)\n\n/.exec(text)![1]!;
    })()) as { services: { key: string; state: string; events: unknown[] }[] };
    expect(data.services.map((x) => [x.key, x.state])).toEqual([
      ['idle', 'down'],
      ['web', 'up'],
      ['web/log', 'up'],
      ['worker', 'up'],
    ]);
    expect(data.services[3]!.events).toEqual([{ at: expect.any(Number), kind: 'start' }]);
    ac.abort();
  });

  it('GET /logs/NAME: the last lines with their stamps as Unix ms; 404 for unknown names or no log', async () => {
    const d = scanDir();
    await runTree(d);
    const s = await serve(d);
    const lines = await waitFor('two log lines', async () => {
      const r = await get(`${s.url}/logs/web?lines=10`);
      const l = r.status === 200 ? (JSON.parse(r.body) as { at: number; text: string }[]) : [];
      return l.length === 2 && l;
    });
    expect(lines.map((l) => l.text)).toEqual(['hello from web', 'second line']);
    for (const l of lines) expect(Math.abs(l.at - Date.now())).toBeLessThan(60000);
    expect((await get(`${s.url}/logs/web?lines=1`)).body).toBe(`${JSON.stringify([lines[1]])}\n`);
    expect((await get(`${s.url}/logs/worker`)).status).toBe(404);
    expect((await get(`${s.url}/logs/nosuch`)).status).toBe(404);
    expect((await get(`${s.url}/logs/web?lines=0`)).status).toBe(400);
    expect((await get(`${s.url}/logs/web?lines=abc`)).status).toBe(400);
  });

  it('control: refused unless enabled, and then only on POST with the token; each request logged', async () => {
    const d = scanDir();
    const tree = await runTree(d);
    const readOnly = await serve(d);
    const post = (url: string, body: string, headers: Record<string, string> = {}) => fetch(url, { method: 'POST', body, headers });
    expect((await post(`${readOnly.url}/control/worker`, 'd', { authorization: `Bearer ${TOKEN}` })).status).toBe(403);

    const logged: string[] = [];
    const s = await serve(d, { controlToken: TOKEN, onLog: (l) => logged.push(l) });
    const auth = { authorization: `Bearer ${TOKEN}` };
    expect((await fetch(`${s.url}/control/worker`)).status).toBe(405); // never on a GET
    expect((await post(`${s.url}/control/worker`, 'd')).status).toBe(401);
    expect((await post(`${s.url}/control/worker`, 'd', { authorization: 'Bearer wrong-token-0123456789' })).status).toBe(403);
    expect((await post(`${s.url}/control/worker`, 'x', auth)).status).toBe(400);
    expect((await post(`${s.url}/control/worker`, 'd; rm -rf /', auth)).status).toBe(400);
    expect((await post(`${s.url}/control/nosuch`, 'd', auth)).status).toBe(404);
    expect((await tree.service('worker').status()).up).toBe(true);

    const ok = await post(`${s.url}/control/worker`, 'd', auth);
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ service: 'worker', letters: 'd' });
    await tree.service('worker').waitFor('down', { timeout: 10000 });
    expect((await post(`${s.url}/control/worker`, 'u', auth)).status).toBe(200);
    await tree.service('worker').waitFor('up', { timeout: 10000 });
    expect(logged.map((l) => l.replace(/127\.0\.0\.1:\d+/, 'PEER'))).toEqual([
      'control worker from PEER: refused: token required',
      'control worker from PEER: refused: wrong token',
      'control worker from PEER: refused: body must be svc letters (udopchaitkq12)',
      'control worker from PEER: refused: body must be svc letters (udopchaitkq12)',
      'control nosuch from PEER: refused: no such service',
      'control worker from PEER: d',
      'control worker from PEER: u',
    ]);
  });

  it('warns about a non-loopback address unless allowPublic', async () => {
    const d = scanDir();
    const warned: string[] = [];
    await serve(d, { host: '0.0.0.0', onWarning: (w) => warned.push(w) });
    expect(warned).toEqual([expect.stringMatching(/^listening on 0\.0\.0\.0:0, which is not a loopback address/)]);
    const quiet: string[] = [];
    await serve(d, { host: '0.0.0.0', allowPublic: true, onWarning: (w) => quiet.push(w) });
    await serve(d, { host: '127.0.0.1', onWarning: (w) => quiet.push(w) });
    expect(quiet).toEqual([]);
  });
});
