// The options `dt serve` and `dt svscan` share: where to listen, whether a public address is meant, and
// the control token (read from a file: a token on the command line would show in ps).
import { readFileSync } from 'node:fs';
import type { ServeOptions } from '@dt/scanner/serve';
import type { Program } from './prog.js';

export const SERVE_ARG_OPTIONS = {
  listen: { type: 'string' },
  'yes-public': { type: 'boolean' },
  'control-token-file': { type: 'string' },
} as const;

export const SERVE_HELP = `  --listen ADDR:PORT: where to serve (default 127.0.0.1:9717; :PORT, [ADDR6]:PORT)
  --yes-public: no warning for a non-loopback address
  --control-token-file FILE: enable POST /control/NAME for requests with "Authorization: Bearer TOKEN"
  GET /metrics (Prometheus), /status.json, / (live page); read-only unless a token file is given
`;

/** ServeOptions from parsed values; diagnostics and control requests go to stderr in dt's form. */
export function serveOptionsFrom(
  prog: Program,
  values: { listen?: string; 'yes-public'?: boolean; 'control-token-file'?: string },
): ServeOptions {
  let controlToken: string | undefined;
  const file = values['control-token-file'];
  if (file !== undefined) {
    try {
      controlToken = readFileSync(file, 'utf8').replace(/\r?\n$/, '');
    } catch (e) {
      prog.fatal(`unable to read ${file}`, e);
    }
  }
  return {
    listen: values.listen,
    allowPublic: values['yes-public'] === true,
    controlToken,
    onWarning: (text) => prog.warn(text),
    onLog: (text) => prog.line(`${prog.name}: ${text}`),
  };
}
