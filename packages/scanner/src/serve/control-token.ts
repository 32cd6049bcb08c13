// The control token: given once at start, compared in constant time against the request's
// `Authorization: Bearer TOKEN` header (a header a cross-site form cannot set without CORS, which the
// server never grants).
import { createHash, timingSafeEqual } from 'node:crypto';
import { SERVE_ERROR_CODES, ServeError } from './serve-errors.js';

export const MIN_TOKEN_LENGTH = 16;

export type TokenCheck = 'ok' | 'missing' | 'wrong';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** A checker for `token`; ServeError (DT_ERR_SERVE_TOKEN) when the token is too short or not header-safe. */
export function tokenChecker(token: string): (authorization: string | undefined) => TokenCheck {
  if (token.length < MIN_TOKEN_LENGTH || !/^[\x21-\x7e]+$/.test(token)) {
    throw new ServeError(SERVE_ERROR_CODES.token, `control token must be at least ${MIN_TOKEN_LENGTH} printable ASCII characters without spaces`);
  }
  const want = digest(token);
  return (authorization) => {
    const m = authorization === undefined ? null : /^Bearer (\S+)$/.exec(authorization);
    if (!m) return 'missing';
    return timingSafeEqual(digest(m[1]!), want) ? 'ok' : 'wrong';
  };
}
