// 1000 malformed, oversized, traversing and unauthorised requests against a server with control enabled:
// every one refused with a 4xx, the tree untouched (same pids, still wanted up), the server still answering.
import { afterEach, describe, expect, it } from '@jest/globals';
import { readServiceReport } from '@dt/supervise-protocol';
import { join } from 'node:path';
import { cleanupServe, rawRequest, runTree, scanDir, serve, statusOf, TOKEN } from './serve-helpers.js';

afterEach(cleanupServe);

const TRAVERSALS = [
  '/logs/..%2F..%2Fetc%2Fpasswd',
  '/logs/%2e%2e',
  '/logs/%2e%2e%2f%2e%2e%2fetc%2fpasswd',
  '/logs/../../etc/passwd',
  '/logs/web/../../../etc/passwd',
  '/logs/web%00',
  '/logs/.svscan',
  '/logs/%2Fetc',
  '/logs/%E0%A4%A',
  '/logs/web%2F..%2F..%2Fx',
  '//etc/passwd',
  '/control/..%2Fworker',
  '/control/%2e%2e/worker',
  '/status.json/../../../../etc/passwd',
  '/metrics%00',
  '/page.js/..',
  '/logs/web?lines=999999999999',
  '/logs/web?lines=-1',
];

/** The i-th bad request: raw bytes, cycling through every kind. */
function badRequest(i: number): string {
  const host = 'host: 127.0.0.1\r\n';
  switch (i % 12) {
    case 0:
      return 'GARBAGE\r\n\r\n';
    case 1:
      return `GET ${TRAVERSALS[Math.floor(i / 12) % TRAVERSALS.length]} HTTP/1.1\r\n${host}connection: close\r\n\r\n`;
    case 2:
      return `GET /${'a'.repeat(4000 + i)} HTTP/1.1\r\n${host}connection: close\r\n\r\n`; // oversized target
    case 3:
      return `GET /metrics HTTP/1.1\r\n${host}x-big: ${'b'.repeat(20000)}\r\n\r\n`; // oversized headers
    case 4:
      return `POST /control/worker HTTP/1.1\r\n${host}content-length: 1\r\nconnection: close\r\n\r\nd`; // no token
    case 5:
      return `POST /control/worker HTTP/1.1\r\n${host}authorization: Bearer wrong-${i}-0123456789abcdef\r\ncontent-length: 1\r\nconnection: close\r\n\r\nd`;
    case 6:
      return `GET /control/worker?token=${TOKEN}&letters=d HTTP/1.1\r\n${host}authorization: Bearer ${TOKEN}\r\nconnection: close\r\n\r\n`; // never on GET
    case 7:
      return `POST /control/worker HTTP/1.1\r\n${host}authorization: Bearer ${TOKEN}\r\ncontent-length: 100000\r\nconnection: close\r\n\r\n${'d'.repeat(1000)}`; // oversized body
    case 8:
      return `DELETE /status.json HTTP/1.1\r\n${host}connection: close\r\n\r\n`;
    case 9:
      return `GET /metrics HTTP/1.1\r\n${host}content-length: abc\r\n\r\n`; // malformed header value
    case 10:
      return `POST /control/${TRAVERSALS[Math.floor(i / 12) % TRAVERSALS.length]!.slice(1)} HTTP/1.1\r\n${host}authorization: Bearer ${TOKEN}\r\ncontent-length: 1\r\nconnection: close\r\n\r\nd`;
    default:
      return `GET /metrics HTTP/9.9\r\n\x00\x01\x02\r\n\r\n`;
  }
}

describe('serveTree under bad input', () => {
  it('refuses 1000 bad requests with a 4xx, leaves the tree untouched and keeps answering', async () => {
    const d = scanDir();
    await runTree(d);
    const before = await Promise.all(['web', 'worker'].map((n) => readServiceReport(join(d, n))));
    const logged: string[] = [];
    const s = await serve(d, { controlToken: TOKEN, onLog: (l) => logged.push(l) });

    const statuses = new Map<number, number>();
    const byKind = new Map<number, Set<number>>();
    const unanswered: string[] = [];
    const CONCURRENCY = 25;
    for (let i = 0; i < 1000; i += CONCURRENCY) {
      const batch = Array.from({ length: CONCURRENCY }, (_, k) => i + k);
      const answers = await Promise.all(batch.map((k) => rawRequest(s.port, badRequest(k))));
      answers.forEach((a, k) => {
        const st = statusOf(a);
        if (st === 0) unanswered.push(JSON.stringify(badRequest(batch[k]!).slice(0, 80)));
        statuses.set(st, (statuses.get(st) ?? 0) + 1);
        const kind = batch[k]! % 12;
        byKind.set(kind, (byKind.get(kind) ?? new Set()).add(st));
      });
    }
    expect(unanswered).toEqual([]);
    for (const code of statuses.keys()) expect(code >= 400 && code < 500).toBe(true);
    expect([...statuses.values()].reduce((a, b) => a + b)).toBe(1000);
    const kinds = Object.fromEntries([...byKind].sort((a, b) => a[0] - b[0]).map(([k, v]) => [k, [...v].sort()]));
    expect(kinds).toEqual({
      0: [400], // not HTTP
      1: [400, 404], // traversal: malformed targets 400; well-formed ones name no service (404)
      2: [400], // target over 2048 bytes
      3: [400], // headers over 8 KB
      4: [401], // control without a token
      5: [403], // control with a wrong token
      6: [405], // control on a GET
      7: [413], // control with a body over 64 bytes
      8: [405], // DELETE
      9: [400], // content-length not a number
      10: [400, 404], // control on a traversing or unknown name
      11: [400], // not HTTP/1.x, control bytes
    });

    const after = await Promise.all(['web', 'worker'].map((n) => readServiceReport(join(d, n))));
    expect(after.map((r) => [r.state, r.pid, r.want, r.restarts])).toEqual(before.map((r) => [r.state, r.pid, r.want, r.restarts]));
    expect(logged.filter((l) => !/: refused: /.test(l))).toEqual([]);
    const m = await fetch(`${s.url}/metrics`);
    expect(m.status).toBe(200);
    expect(await m.text()).toContain('dt_service_up{service="worker",log="false"} 1');
  });
});
