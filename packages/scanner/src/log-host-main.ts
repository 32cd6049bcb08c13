// The log host process (decision 0005): started by the scanner (LogHost) with an IPC channel and the carry
// file as fd 4, it runs every hosted logger. A signal sent to its pid (the pid svstat shows for each hosted
// logger) does to every hosted logger what it does to a multilog: ALRM rotates them all, TERM ends each at a
// line end, the deadly ones (KILL, HUP, INT, QUIT, USR1 with --disable-sigusr1) end the host, whose loggers
// the scanner restarts a second later, each taking back its journal and carried line. When the scanner dies
// (its channel closes without a `leave`), every logger goes on to the end of its input, then the host exits.
import { closeSync, constants as C, openSync } from 'node:fs';
import { mallocTrim } from '@dt/posix';
import { HostedLogger } from './hosted-logger.js';
import { type FromHost, isToHost, type StartMessage } from './log-host-protocol.js';
import { ReadySet } from './ready-set.js';

const loggers = new Map<number, HostedLogger>();
/** stderr targets opened for loggers, shared by path, closed with the last logger using them. */
const stderrs = new Map<string, { fd: number; users: number }>();
const ready = new ReadySet();
let leaving = false;
/** Without a scanner: no new logger, and out once the last one has reached the end of its input. */
let orphaned = false;
let exiting = false;

function send(m: FromHost): void {
  if (process.connected) process.send!(m);
}

function openStderr(path: string): number {
  if (path === '') return -1;
  const known = stderrs.get(path);
  if (known) {
    known.users++;
    return known.fd;
  }
  let fd: number;
  try {
    fd = openSync(path, C.O_WRONLY | C.O_APPEND);
  } catch {
    // a socket cannot be opened through /proc: our own fd 2 is the scanner's stderr
    return 2;
  }
  stderrs.set(path, { fd, users: 1 });
  return fd;
}

function releaseStderr(path: string): void {
  const known = stderrs.get(path);
  if (!known || --known.users > 0) return;
  stderrs.delete(path);
  closeSync(known.fd);
}

function start(m: StartMessage): void {
  if (leaving || orphaned || loggers.has(m.id)) return;
  const stderrFd = openStderr(m.stderr);
  const logger = new HostedLogger({
    input: m.input,
    journal: m.journal,
    ready,
    stderrFd,
    cwd: m.cwd,
    args: m.args,
    slot: m.slot,
    onExit: (code, signal) => {
      loggers.delete(m.id);
      releaseStderr(m.stderr);
      send({ t: 'exit', id: m.id, code, signal });
      maybeLeave();
    },
  });
  loggers.set(m.id, logger);
  logger.start();
  settleLater();
}

/** V8's last-resort GC (with --expose-gc, LOG_HOST_NODE_FLAGS): it also shrinks the young generation. */
const gc = (globalThis as { gc?: (o: object) => void }).gc;
let settling: NodeJS.Timeout | undefined;
/**
 * SETTLE_MS after the last logger started: one last-resort GC, then malloc_trim(0), so that an idle host
 * keeps none of the start's garbage (decision 0020: the host's anonymous memory at 100 loggers 13.6 -> 13.0 MB).
 */
function settleLater(): void {
  if (settling) settling.refresh();
  else settling = setTimeout(settle, SETTLE_MS).unref();
}
const SETTLE_MS = 3000;
function settle(): void {
  settling = undefined;
  gc?.({ type: 'major', execution: 'sync', flavor: 'last-resort' });
  try {
    mallocTrim(0);
  } catch {
    // no koffi or no glibc: the GC alone
  }
}

function maybeLeave(): void {
  if (!(leaving || orphaned) || loggers.size > 0 || exiting) return;
  exiting = true;
  // the readiness wait holds a pool thread, which Node joins at exit: end it first
  void ready.close().then(() => process.exit(0));
}

/** Every logger to the end of its line, then out (TERM to the host, or the scanner gone). */
function leave(): void {
  leaving = true;
  for (const l of [...loggers.values()]) l.term();
  maybeLeave();
}

process.umask(0o022);
process.on('message', (m: unknown) => {
  if (!isToHost(m)) return;
  if (m.t === 'start') start(m);
  else if (m.t === 'leave') leave();
  else loggers.get(m.id)?.signal(m.signal);
});
process.on('disconnect', () => {
  orphaned = true;
  maybeLeave();
});
process.on('SIGTERM', leave);
process.on('SIGCONT', () => {
  for (const l of loggers.values()) l.signal('SIGCONT');
});
process.on('SIGALRM', () => {
  for (const l of loggers.values()) l.signal('SIGALRM');
});
