export {
  SUPERVISE_DIR,
  STATUS_FILE,
  STATUS_NEW_FILE,
  CONTROL_FILE,
  OK_FILE,
  LOCK_FILE,
  DOWN_FILE,
  superviseDirOf,
  statusPathOf,
  statusNewPathOf,
  controlPathOf,
  okPathOf,
  lockPathOf,
  downPathOf,
} from './paths.js';
export {
  STATUS_SIZE,
  STAMP_SECONDS_OFFSET,
  STAMP_NANOSECONDS_OFFSET,
  PID_OFFSET,
  PAUSED_OFFSET,
  WANT_OFFSET,
  WANT_UP_BYTE,
  WANT_DOWN_BYTE,
  WANT_ONCE_BYTE,
  encodeStatus,
  decodeStatus,
} from './status.js';
export type { Want, ServiceStatus } from './status.js';
export { writeStatusFile, writeStatusBytes, readStatusBytes, readStatusFile } from './status-file.js';
export { CONTROL_LETTERS, MAX_CONTROL_BYTES, isControlLetter, signalForLetter, letterForSignal, encodeControl } from './control.js';
export type { ControlLetter, SignalName, SignalLetter, SupervisedSignal } from './control.js';
export {
  SuperviseProtocolError,
  StatusFormatError,
  ControlLetterError,
  ServiceDirError,
  CurrentDirError,
  NotSupervisedError,
  ControlOpenError,
  ControlWriteError,
  OkOpenError,
  StatusReadError,
  StatusWriteError,
  SidecarFormatError,
  SidecarWriteError,
  ServiceDefineError,
  NoProcessGroupError,
  GroupSignalError,
} from './errors.js';
export { assertServiceDir, assertCurrentDirReadable } from './service-dir.js';
export { sendControl } from './svc.js';
export { signalServiceGroup } from './group-signal.js';
export { isSupervised, probeOk } from './svok.js';
export type { OkProbe } from './svok.js';
export { readServiceStatus, readServiceStatusSync } from './service-status.js';
export type { StatusReport, StatusFailureStep, RunningReport, FailureReport, ReadStatusOptions } from './service-status.js';
export { formatStatusLine } from './status-line.js';
export type { StatusLineInput } from './status-line.js';
export { parseSvcArgs, SVC_OPTION_LETTERS, SVC_USAGE } from './svc-args.js';
export type { SvcArgs } from './svc-args.js';
export { readServiceState, readServiceReport, formatServiceReport } from './service.js';
export { service } from './service-handle.js';
export { readNotificationFd, NOTIFICATION_FD_FILE } from './notification-fd.js';
export type { NotificationFd } from './notification-fd.js';
export type { ServiceState, ServiceReport } from './service.js';
export type { ServiceHandle, RestartOptions } from './service-handle.js';
export type { StatusSidecar } from './sidecar.js';
export { waitForService, hasReached, describeState, describeLastExit, reachedSinceMs, WAIT_TARGETS, WaitTimeoutError, WaitAbortError, WaitExitError } from './wait.js';
export type { WaitTarget, WaitOptions } from './wait.js';
export {
  SIDECAR_VERSION,
  SIDECAR_FILE,
  SIDECAR_NEW_FILE,
  sidecarPathOf,
  sidecarNewPathOf,
  encodeSidecar,
  decodeSidecar,
  writeSidecarFile,
  readSidecarFile,
} from './sidecar.js';
export type { SidecarExit } from './sidecar.js';
export {
  defineService,
  formatRunScript,
  formatLogRunScript,
  shellQuote,
  PATH_CHAINLOADERS,
  findDtChainloaders,
} from './define-service.js';
export type { ServiceDefinition, DefinedService, Chainloaders } from './define-service.js';
