export * from './constants.js';
export * from './errors.js';
export * from './tai64n.js';
export * from './pack.js';
export * from './label.js';
export * from './clock.js';
export * from './local.js';
export { HEX_DIGITS, HEX_VALUE } from './hex.js';
