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
  SuperviseError,
  SUPERVISE_ERROR_CODES,
  type SuperviseErrorCode,
  ScanError,
  SCAN_ERROR_CODES,
  type ScanErrorCode,
  TreeTimeoutError,
  UnknownServiceError,
} from './errors.js';
export { readNotificationFd, NOTIFICATION_FD_FILE, type NotificationFd } from '@dt/supervise-protocol';
export {
  hasFinish,
  readFinishTimeout,
  finishArgs,
  FINISH_FILE,
  TIMEOUT_FINISH_FILE,
  DEFAULT_FINISH_TIMEOUT_MS,
} from './finish.js';
export {
  Scanner,
  RESCAN_INTERVAL_MS,
  type ScannerOptions,
  type ScanServiceInfo,
} from './scanner.js';
export { scanDirectory, detectLog, type ScanItem, type ScanPass } from './scan.js';
export { LogPipe } from './log-pipe.js';
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
export { runShutdownScript, hasShutdownScript, SHUTDOWN_SCRIPT } from './scan-shutdown.js';
export type { SupervisorLike, SupervisorSpec, SupervisorFactory } from './scan-entry.js';
export { startTree, type Tree, type TreeFailure, type TreeOptions, type TreeService, type WaitAllOptions } from './tree.js';
export { stopTree, serviceDirsOf, type TreeStopOptions, type TreeStopReport } from './orderly-stop.js';
export {
  rcStart,
  rcPrepare,
  rcStop,
  findScanners,
  isSvscanCommand,
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
