// The API of @dt/scanner as its README documents it, and nothing else: the Supervisor (supervise), the
// Scanner (svscan), the Tree (startTree), the orderly stop from outside (stopTree), dt rc, and the errors.
export {
  Supervisor,
  START_INTERVAL_MS,
  FORK_RETRY_MS,
  type SupervisorOptions,
  type SupervisorExit,
  type SupervisorEvents,
} from './supervisor.js';
export { ACTIONS, type SupervisorState, type SupervisorEvent, type SupervisorAction } from './supervisor-table.js';
export type { SupervisorClock } from './supervisor-clock.js';
export type { StartRunOptions, StartFailure } from './child.js';
export {
  ScannerError,
  CodedScannerError,
  SuperviseError,
  SUPERVISE_ERROR_CODES,
  type SuperviseErrorCode,
  ScanError,
  SCAN_ERROR_CODES,
  type ScanErrorCode,
  TreeTimeoutError,
  TreeAbortError,
  TreeExitError,
  TreeLockError,
  UnknownServiceError,
  type PendingService,
} from './errors.js';
export { DEFAULT_FINISH_TIMEOUT_MS } from './finish.js';
export { Scanner, RESCAN_INTERVAL_MS, type ScannerOptions, type ScanServiceInfo } from './scanner.js';
export { startOrphanReaper, childrenOfSelf, REAP_INTERVAL_MS, type OrphanReaper } from './orphan-reaper.js';
export { DEFAULT_KILL_TIMEOUT_MS } from './supervisor.js';
export { CrashLoop, DEFAULT_CRASH_LOOP, type CrashLoopPolicy } from './crash-loop.js';
export {
  TIMEOUT_KILL_FILE,
  PROCESS_GROUP_FILE,
  ORPHAN_FILE,
  CRASH_BURST_FILE,
  CRASH_INTERVAL_FILE,
  CRASH_BACKOFF_MAX_FILE,
  type OrphanPolicy,
} from './service-options.js';
export { SVSCAN_LOG_DIR } from './svscan-log.js';
export type { SupervisorLike, SupervisorSpec, SupervisorFactory } from './scan-entry.js';
export {
  startTree,
  DEFAULT_KILL_AFTER_MS,
  type Tree,
  type TreeEvents,
  type TreeFailure,
  type FailureWhy,
  type TreeOptions,
  type TreeService,
  type TreeServiceStatus,
  type TreeProgramStatus,
  type TreeLogsOptions,
  type LogEntry,
  type WaitAllOptions,
} from './tree.js';
export {
  CRASH_UPTIME_MS,
  CRASH_LOOP_EXITS,
  type ScannerEvents,
  type ServiceEvent,
  type ServiceExitEvent,
  type ServiceRestartEvent,
  type ServiceFailingEvent,
  type FailingReason,
} from './scanner-events.js';
export { stopTree, type TreeStopOptions, type TreeStopReport } from './orderly-stop.js';
export {
  rcStart,
  rcPrepare,
  rcStop,
  findScanners,
  DEFAULT_SCAN_DIR,
  type RcStartOptions,
  type RcStopOptions,
  type RcStopReport,
} from './rc.js';
// hosted loggers (decision 0005)
export { LogHost, HostedChild, LOG_HOST_NODE_FLAGS, type LogHostOptions } from './log-host.js';
export { loggerLaunch, hostableArgs, NO_HOST_FILE, type Launch } from './log-launch.js';
export { recogniseLogRun, splitLiteralWords, type LogRunForm } from './log-run.js';
export type { LaunchedChild } from './child.js';
