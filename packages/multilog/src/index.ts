export {
  MultilogError,
  LogDirError,
  LogDirLockedError,
  StatusFileError,
  MultilogOptionError,
  LoggerClosedError,
} from './errors.js';
export {
  parseScript,
  scanUlong,
  clampSize,
  clampNum,
  DEFAULT_SIZE,
  MIN_SIZE,
  MAX_SIZE,
  DEFAULT_NUM,
  MIN_NUM,
  type Script,
  type LogAction,
  type LogDirConfig,
} from './script.js';
export { matchPattern, compilePattern, type Matcher } from './pattern.js';
export { writeLength, mustRotateBefore, mustRotateAfter, ROTATE_MARGIN } from './rotation.js';
export { Stamper, STAMP_LENGTH, type MicroClock } from '@dt/tai64';
export {
  LineEngine,
  LINE_LIMIT,
  STATUS_LENGTH,
  ALERT_LIMIT,
  READ_SIZE,
  DIR_BUFFER_SIZE,
  type EngineSinks,
  type UnitSink,
} from './line-engine.js';
export { LogDir, type LogDirOptions } from './logdir.js';
export { runProcessor, type ProcessorResult } from './processor.js';
export { Retrier, sleepSync, PAUSE_MS, type RetryOptions } from './retry.js';
export { StatusFile } from './status-file.js';
export { Logger, openLogger, scriptFromOptions, type LoggerOptions } from './logger.js';
export { pumpFd, type PumpOptions } from './fd-input.js';
export { findLogDir, lineLabel, listLogFiles, localizeLine, readLogs, sinceLabel, type ReadLogsOptions } from './read-logs.js';
export { LogStream, createLogStream } from './log-stream.js';
