// The tree in the Prometheus text format, through prom-client: one registry per server, filled from one
// look at the tree (TreeFacts) per scrape. Names follow Prometheus' conventions: `dt_` namespace, base
// units (seconds, bytes), `_total` only on counters; per service the labels `service` and `log`.
import { constants } from 'node:os';
import { collectDefaultMetrics, Counter, Gauge, Registry } from 'prom-client';
import { readProcessUsage } from './scanner-usage.js';
import type { ServiceFacts, TreeFacts } from './tree-facts.js';

const LABELS = ['service', 'log'] as const;
type Labels = Record<(typeof LABELS)[number], string>;

/** The metric families, by name; the README's table lists the same. */
export interface TreeMetrics {
  readonly registry: Registry;
  /** Fill every family from one look at the tree (previous series dropped: removed services vanish). */
  update(facts: TreeFacts): void;
}

const gauge = (registry: Registry, name: string, help: string, labelNames: readonly string[] = LABELS) =>
  new Gauge({ name, help, labelNames, registers: [registry] });

/** Signal name ('SIGTERM') to its number on this system, 0 when unknown. */
function signalNumber(name: string | null): number {
  if (name === null) return 0;
  return (constants.signals as Record<string, number>)[name] ?? 0;
}

/**
 * A fresh registry with dt's families and prom-client's default process metrics (those describe the
 * serving process: the scanner itself when svscan's `dt` form serves its own tree).
 */
export function createTreeMetrics(opts: { defaultMetrics?: boolean } = {}): TreeMetrics {
  const registry = new Registry();
  if (opts.defaultMetrics !== false) collectDefaultMetrics({ register: registry });
  const up = gauge(registry, 'dt_service_up', 'Whether the service is up (supervised with a running pid): 1 or 0.');
  const ready = gauge(registry, 'dt_service_ready', 'Whether the service is up and ready (notification-fd, or up without one): 1 or 0.');
  const wantUp = gauge(registry, 'dt_service_want_up', 'Whether the supervisor wants the service up (status byte 17 "u"): 1 or 0.');
  const paused = gauge(registry, 'dt_service_paused', 'Whether the service is paused (svc -p): 1 or 0.');
  const supervised = gauge(registry, 'dt_service_supervised', 'Whether a supervisor holds the service directory (svok): 1 or 0.');
  const since = gauge(registry, 'dt_service_since_change_seconds', 'Seconds since the service last went up or down (svstat\'s seconds).');
  const changed = gauge(registry, 'dt_service_last_change_timestamp_seconds', 'Unix time of the last up or down change (the status stamp).');
  const restarts = new Counter({
    name: 'dt_service_restarts_total',
    help: 'Starts of the service after the first, since its supervisor began (dt-status.json).',
    labelNames: LABELS,
    registers: [registry],
  });
  const exitCode = gauge(registry, 'dt_service_last_exit_code', 'Exit code of the last exit of ./run; -1 when killed by a signal (absent before any exit).');
  const exitSignal = gauge(registry, 'dt_service_last_exit_signal', 'Signal number that ended the last exit of ./run; 0 when it exited by itself.');
  const failing = gauge(registry, 'dt_service_failing', 'Whether the supervisor reports a crash loop (dt-status.json "failing"): 1 or 0.');
  const logBytes = gauge(registry, 'dt_log_bytes', 'Bytes the logger wrote and still keeps: current plus the archives of its multilog directory.');
  const logLines = gauge(registry, 'dt_log_lines', 'Lines the logger wrote and still keeps: newlines in current plus the archives.');
  const logDirBytes = gauge(registry, 'dt_log_directory_bytes', 'Bytes of every regular file in the logger\'s multilog directory.');
  const services = gauge(registry, 'dt_tree_services', 'Service directories in the scan directory (loggers not counted).', []);
  const loggers = gauge(registry, 'dt_tree_loggers', 'Services of the scan directory that have a log/ directory.', []);
  const scanRss = gauge(registry, 'dt_scanner_resident_memory_bytes', 'Resident memory of the supervising process (from its dt-status.json supervisorPid).', ['pid']);
  const scanCpu = new Counter({
    name: 'dt_scanner_cpu_seconds_total',
    help: 'User plus system CPU time of the supervising process.',
    labelNames: ['pid'],
    registers: [registry],
  });
  const scanFds = gauge(registry, 'dt_scanner_open_fds', 'Open file descriptors of the supervising process.', ['pid']);
  const perService = [up, ready, wantUp, paused, supervised, since, changed, restarts, exitCode, exitSignal, failing];
  const perLog = [logBytes, logLines, logDirBytes];
  const perScanner = [scanRss, scanCpu, scanFds];

  const fill = (s: ServiceFacts) => {
    const r = s.report;
    const l: Labels = { service: s.name, log: s.log ? 'true' : 'false' };
    const bit = (b: boolean | null) => (b ? 1 : 0);
    up.set(l, bit(r.state === 'up'));
    ready.set(l, bit(r.ready));
    wantUp.set(l, bit(r.want === 'up'));
    paused.set(l, bit(r.paused));
    supervised.set(l, bit(r.supervised));
    failing.set(l, bit(s.failing));
    if (r.seconds !== null) since.set(l, r.seconds);
    if (r.since !== null) changed.set(l, Date.parse(r.since) / 1000);
    restarts.inc(l, r.restarts ?? 0);
    if (r.lastExit) {
      exitCode.set(l, r.lastExit.code ?? -1);
      exitSignal.set(l, signalNumber(r.lastExit.signal));
    }
    if (s.logFigures) {
      logBytes.set(l, s.logFigures.bytes);
      logLines.set(l, s.logFigures.lines);
      logDirBytes.set(l, s.logFigures.directoryBytes);
    }
  };

  return {
    registry,
    update(facts) {
      for (const m of [...perService, ...perLog, ...perScanner]) m.reset();
      const pids = new Set<number>();
      for (const s of facts.services) {
        fill(s);
        if (s.report.supervisorPid) pids.add(s.report.supervisorPid);
      }
      services.set(facts.services.filter((s) => !s.log).length);
      loggers.set(facts.services.filter((s) => s.log).length);
      for (const pid of pids) {
        const u = readProcessUsage(pid);
        if (!u) continue;
        scanRss.set({ pid: String(pid) }, u.residentBytes);
        scanCpu.inc({ pid: String(pid) }, u.cpuSeconds);
        if (u.openFds !== undefined) scanFds.set({ pid: String(pid) }, u.openFds);
      }
    },
  };
}
