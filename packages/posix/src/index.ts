export { errnoName, errnoNumber, errnoText } from './errno-text.js';
export { PosixError } from './errors.js';
