// serveTree: a read-only HTTP view of a scan directory. GET /metrics (Prometheus, prom-client),
// GET /status.json (`dt status --json` for every service and logger), GET / (the live page) with
// GET /events (server-sent events) and GET /logs/NAME (last log lines). POST /control/NAME[/log] sends svc
// letters, only when a token was given at start and the request carries it. Anything else: 4xx, never a crash.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { sendControl } from '@dt/supervise-protocol';
import { tokenChecker } from './control-token.js';
import { DEFAULT_SERVE_HOST, DEFAULT_SERVE_PORT, isLoopback, parseListenAddress } from './listen-address.js';
import { readLogTail, MAX_TAIL_LINES } from './log-tail.js';
import { LogStats } from './log-stats.js';
import { createTreeMetrics } from './metrics.js';
import { PAGE_HTML, PAGE_SCRIPT } from './page.js';
import { parseRequestTarget } from './request-target.js';
import { SERVE_ERROR_CODES, ServeError } from './serve-errors.js';
import { Timeline, timelineKeyOf, type TimelineEvent } from './timeline.js';
import { listServiceNames, readTreeFacts, type TreeFacts } from './tree-facts.js';

export interface ServeOptions {
  /** `ADDR:PORT`, `[ADDR6]:PORT`, `:PORT` or `PORT`; default 127.0.0.1:9717. Overrides host/port. */
  listen?: string;
  host?: string;
  /** 0 picks a free port (see handle.port). */
  port?: number;
  /** Enables POST /control/NAME for requests with `Authorization: Bearer TOKEN`. Off when absent. */
  controlToken?: string;
  /** Listening on a non-loopback address is warned about unless this is true. */
  allowPublic?: boolean;
  /** Diagnostics (`dt serve: warning: ...` without the prefix). */
  onWarning?: (text: string) => void;
  /** One line per control request, accepted or refused. */
  onLog?: (text: string) => void;
  /** Milliseconds between looks at the tree while a page is connected (default 250; 2000 otherwise). */
  pollInterval?: number;
  /** Include prom-client's default process metrics (default true). */
  defaultMetrics?: boolean;
}

export interface ServeHandle extends AsyncDisposable {
  readonly dir: string;
  readonly host: string;
  readonly port: number;
  /** `http://HOST:PORT` */
  readonly url: string;
  /** Stops listening, ends the event streams, resolves when every connection is closed. */
  close(): Promise<void>;
}

/** Letters the control endpoint accepts: svc's, without `x` (a dashboard has no business ending a supervisor). */
const CONTROL_LETTERS_ALLOWED = /^[udopchaitkq12]{1,16}$/;
const MAX_BODY = 64;
const MAX_EVENT_CLIENTS = 64;
const IDLE_POLL_MS = 2000;
const HEARTBEAT_MS = 15000;
const LOOK_SHARE = 4;

const SECURITY_HEADERS = {
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'referrer-policy': 'no-referrer',
};

/** The page's row for one service: the report's facts plus the timeline. */
function pageTree(facts: TreeFacts, timeline: Timeline) {
  return {
    dir: facts.dir,
    at: facts.at,
    services: facts.services.map((s) => ({
      key: timelineKeyOf(s),
      name: s.name,
      log: s.log,
      state: s.report.state,
      pid: s.report.pid,
      since: s.report.since,
      want: s.report.want,
      paused: s.report.paused,
      ready: s.report.ready,
      restarts: s.report.restarts,
      lastExit: s.report.lastExit,
      failing: s.failing,
      events: timeline.eventsOf(timelineKeyOf(s)) as TimelineEvent[],
    })),
  };
}

/** Serve the scan directory `dir` over HTTP until close(). ServeError when the address or token is unusable. */
export async function serveTree(dir: string, opts: ServeOptions = {}): Promise<ServeHandle> {
  const addr = opts.listen !== undefined ? parseListenAddress(opts.listen) : { host: opts.host ?? DEFAULT_SERVE_HOST, port: opts.port ?? DEFAULT_SERVE_PORT };
  const checkToken = opts.controlToken !== undefined ? tokenChecker(opts.controlToken) : undefined;
  const warn = opts.onWarning ?? (() => {});
  const log = opts.onLog ?? (() => {});
  if (!isLoopback(addr.host) && !opts.allowPublic) {
    warn(`listening on ${addr.host}:${addr.port}, which is not a loopback address: anyone who reaches it reads the tree${checkToken ? ' and may control it with the token' : ''}`);
  }
  const metrics = createTreeMetrics({ defaultMetrics: opts.defaultMetrics });
  const logStats = new LogStats();
  const timeline = new Timeline();
  const clients = new Set<ServerResponse>();
  const sockets = new Set<Socket>();
  let lastSent = '';
  let closed = false;

  // One look at a time; requests that arrive meanwhile share it.
  let inFlight: Promise<TreeFacts> | undefined;
  const look = (): Promise<TreeFacts> => {
    inFlight ??= readTreeFacts(dir, logStats).then(
      (f) => {
        inFlight = undefined;
        timeline.observe(f.services, f.at);
        return f;
      },
      (e: unknown) => {
        inFlight = undefined;
        throw e;
      },
    );
    return inFlight;
  };

  const send = (res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}) => {
    if (res.headersSent) return void res.end();
    res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, 'content-length': String(Buffer.byteLength(body)), ...extra });
    res.end(res.req.method === 'HEAD' ? undefined : body);
  };
  const text = (res: ServerResponse, status: number, message: string, extra?: Record<string, string>) =>
    send(res, status, 'text/plain; charset=utf-8', `${message}\n`, extra);
  const json = (res: ServerResponse, value: unknown) => send(res, 200, 'application/json; charset=utf-8', `${JSON.stringify(value)}\n`);

  const broadcast = (data: string) => {
    for (const c of clients) c.write(data);
  };
  const pushTree = async () => {
    if (clients.size === 0 || closed) return;
    const body = JSON.stringify(pageTree(await look(), timeline));
    // the stamp changes every look; send only when something else did, or as a heartbeat
    const key = body.replace(/"at":\d+,/, '');
    if (key === lastSent) return;
    lastSent = key;
    broadcast(`event: tree\ndata: ${body}\n\n`);
  };
  // The next look comes pollInterval ms after the last one ended (2 s with no page open), and never sooner
  // than LOOK_SHARE times as long as that look took: on a large tree or a busy machine the server then uses
  // at most a fifth of a core, however short the interval.
  let poll: NodeJS.Timeout | undefined;
  const schedule = (lastMs: number) => {
    if (closed) return;
    clearTimeout(poll);
    poll = setTimeout(tick, Math.max(clients.size > 0 ? (opts.pollInterval ?? 250) : IDLE_POLL_MS, lastMs * LOOK_SHARE));
    poll.unref();
  };
  const tick = () => {
    const started = performance.now();
    (clients.size > 0 ? pushTree() : look().then(() => {}))
      .catch((e: unknown) => warn(`unable to read ${dir}: ${(e as Error).message}`))
      .finally(() => schedule(performance.now() - started));
  };
  schedule(0);
  const heartbeat = setInterval(() => broadcast(': keep-alive\n\n'), HEARTBEAT_MS);
  heartbeat.unref();

  const knownService = (name: string): boolean => listServiceNames(dir).includes(name);

  const events = (req: IncomingMessage, res: ServerResponse) => {
    if (clients.size >= MAX_EVENT_CLIENTS) return text(res, 503, 'too many event streams');
    res.writeHead(200, { ...SECURITY_HEADERS, 'content-type': 'text/event-stream; charset=utf-8', connection: 'keep-alive' });
    res.write('retry: 1000\n\n');
    clients.add(res);
    if (clients.size === 1) schedule(0);
    req.socket.setTimeout(0);
    res.on('close', () => clients.delete(res));
    look()
      .then((f) => {
        const body = JSON.stringify(pageTree(f, timeline));
        res.write(`event: tree\ndata: ${body}\n\n`);
      })
      .catch(() => res.end());
  };

  const control = (req: IncomingMessage, res: ServerResponse, name: string, logger: boolean) => {
    const who = `${req.socket.remoteAddress ?? '?'}:${req.socket.remotePort ?? '?'}`;
    const what = `${name}${logger ? '/log' : ''}`;
    const refuse = (status: number, why: string) => {
      log(`control ${what} from ${who}: refused: ${why}`);
      text(res, status, why, status === 401 ? { 'www-authenticate': 'Bearer' } : {});
      req.resume();
    };
    if (!checkToken) return refuse(403, 'control is not enabled');
    const t = checkToken(req.headers.authorization);
    if (t !== 'ok') return refuse(t === 'missing' ? 401 : 403, t === 'missing' ? 'token required' : 'wrong token');
    if (!knownService(name)) return refuse(404, 'no such service');
    const length = Number(req.headers['content-length'] ?? NaN);
    if (!Number.isInteger(length) || length > MAX_BODY) return refuse(length > MAX_BODY ? 413 : 411, 'body must be svc letters with a content-length');
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      const letters = Buffer.concat(chunks).toString('latin1').trim();
      if (size > MAX_BODY || !CONTROL_LETTERS_ALLOWED.test(letters)) return refuse(400, 'body must be svc letters (udopchaitkq12)');
      const sdir = logger ? join(dir, name, 'log') : join(dir, name);
      sendControl(sdir, letters)
        .then(() => {
          log(`control ${what} from ${who}: ${letters}`);
          json(res, { service: what, letters });
        })
        .catch((e: unknown) => {
          log(`control ${what} from ${who}: ${letters}: failed: ${(e as Error).message}`);
          text(res, 409, `unable to control ${what}: ${(e as Error).message}`);
        });
    });
  };

  const route = async (req: IncomingMessage, res: ServerResponse) => {
    const target = parseRequestTarget(req.url);
    if (!target) return text(res, 400, 'bad request');
    const [first, second, third] = target.segments;
    const method = req.method ?? '';
    const read = method === 'GET' || method === 'HEAD';
    if (first === 'control' && second !== undefined && (third === undefined || third === 'log') && target.segments.length <= 3) {
      if (method !== 'POST') return text(res, 405, 'control takes POST', { allow: 'POST' });
      return control(req, res, second, third === 'log');
    }
    req.resume(); // a read has no use for a body
    const routes: Record<string, (() => unknown) | undefined> = {
      '': () => send(res, 200, 'text/html; charset=utf-8', PAGE_HTML),
      'page.js': () => send(res, 200, 'text/javascript; charset=utf-8', PAGE_SCRIPT),
      metrics: async () => {
        metrics.update(await look());
        send(res, 200, metrics.registry.contentType, await metrics.registry.metrics());
      },
      'status.json': async () => json(res, { dir, services: (await look()).services.map((s) => s.report) }),
      events: () => events(req, res),
    };
    if (target.segments.length <= 1) {
      const handler = routes[first ?? ''];
      if (!handler) return text(res, 404, 'not found');
      if (!read) return text(res, 405, 'method not allowed', { allow: 'GET, HEAD' });
      return handler();
    }
    if (first === 'logs' && target.segments.length === 2 && second !== undefined) {
      if (!read) return text(res, 405, 'method not allowed', { allow: 'GET, HEAD' });
      const n = target.query.get('lines') ?? '50';
      if (!/^\d{1,3}$/.test(n) || Number(n) < 1 || Number(n) > MAX_TAIL_LINES) return text(res, 400, `lines must be 1..${MAX_TAIL_LINES}`);
      if (!knownService(second)) return text(res, 404, 'no such service');
      const lines = readLogTail(join(dir, second), Number(n));
      return lines === undefined ? text(res, 404, 'no log directory') : json(res, lines);
    }
    return text(res, 404, 'not found');
  };

  const server = createServer({ maxHeaderSize: 8192, requestTimeout: 15000, headersTimeout: 10000, keepAliveTimeout: 5000 }, (req, res) => {
    route(req, res).catch((e: unknown) => {
      warn(`unable to answer ${req.method} ${req.url}: ${(e as Error).message}`);
      text(res, 500, 'internal error');
    });
  });
  server.maxConnections = 512;
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  // Malformed HTTP (bad request line, oversized headers): a 400 when the socket can still take it, then close.
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    if (socket.writable && err.code !== 'ECONNRESET') socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) => {
      closed = true;
      clearTimeout(poll);
      clearInterval(heartbeat);
      reject(new ServeError(SERVE_ERROR_CODES.listen, `unable to listen on ${addr.host}:${addr.port}`, { cause: e }));
    };
    server.once('error', onError);
    server.listen(addr.port, addr.host, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (e) => warn(`server error: ${e.message}`));
  const bound = server.address();
  const port = typeof bound === 'object' && bound !== null ? bound.port : addr.port;
  const urlHost = addr.host.includes(':') ? `[${addr.host}]` : addr.host;

  let closing: Promise<void> | undefined;
  const close = () =>
    (closing ??= new Promise<void>((resolve) => {
      closed = true;
      clearTimeout(poll);
      clearInterval(heartbeat);
      for (const c of clients) c.end();
      server.close(() => resolve());
      server.closeIdleConnections();
      for (const s of sockets) s.destroy();
    }));
  return { dir, host: addr.host, port, url: `http://${urlHost}:${port}`, close, [Symbol.asyncDispose]: close };
}
