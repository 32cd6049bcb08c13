export {};
export { lineLabel, listLogFiles, readLogs, type ReadLogsOptions } from './read-logs.js';
