// Where the server listens: `ADDR:PORT`, `[ADDR6]:PORT`, `:PORT` (default host) or `PORT`, and whether that
// address is reachable only from this machine.
import { isIP } from 'node:net';
import { SERVE_ERROR_CODES, ServeError } from './serve-errors.js';

/** dt serve's port when none is given (docs/decisions/0011-serve.md). */
export const DEFAULT_SERVE_PORT = 9717;
export const DEFAULT_SERVE_HOST = '127.0.0.1';

export interface ListenAddress {
  host: string;
  port: number;
}

/** Parses a listen address; ServeError (DT_ERR_SERVE_ADDRESS) when it is not one. */
export function parseListenAddress(text: string): ListenAddress {
  const bad = (): never => {
    throw new ServeError(SERVE_ERROR_CODES.address, `invalid listen address: ${text}`);
  };
  let host = DEFAULT_SERVE_HOST;
  let portText = text;
  const m6 = /^\[([^\]]+)\]:(\d+)$/.exec(text);
  if (m6) {
    host = m6[1]!;
    portText = m6[2]!;
    if (isIP(host) !== 6) bad();
  } else if (text.includes(':')) {
    const i = text.lastIndexOf(':');
    if (i > 0) host = text.slice(0, i);
    portText = text.slice(i + 1);
    if (host.includes(':') || !/^[A-Za-z0-9.-]+$/.test(host)) bad();
  }
  if (!/^\d{1,5}$/.test(portText)) bad();
  const port = Number(portText);
  if (port > 65535) bad();
  return { host, port };
}

/** 127.0.0.0/8, ::1, ::ffff:127.x and `localhost`: only this machine can connect. */
export function isLoopback(host: string): boolean {
  if (host === 'localhost' || host === '::1') return true;
  const v4 = host.startsWith('::ffff:') ? host.slice(7) : host;
  return isIP(v4) === 4 && v4.startsWith('127.');
}
