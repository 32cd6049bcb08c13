// The API of @dt/multilog as its README documents it, and nothing else: the logger, its stream and fd
// faces, the script as data, reading a log directory, and the errors. The line engine, log directories,
// processors and retries are its parts, not its API.
export {
  MultilogError,
  LogDirError,
  LogDirLockedError,
  StatusFileError,
  MultilogOptionError,
  LoggerClosedError,
} from './errors.js';
export { Logger, openLogger, type LoggerOptions } from './logger.js';
export { LogStream, createLogStream } from './log-stream.js';
export { pumpFd, type PumpOptions } from './fd-input.js';
export { parseScript, type Script, type LogAction, type LogDirConfig } from './script.js';
export { LINE_LIMIT } from './line-engine.js';
export { findLogDir, lineLabel, listLogFiles, readLogs, sinceLabel, type ReadLogsOptions } from './read-logs.js';
