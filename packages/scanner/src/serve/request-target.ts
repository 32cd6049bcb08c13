// A request's target, checked before anything is looked up: a path of at most MAX_TARGET_LENGTH bytes,
// made of segments that decode cleanly and are plain names (no `.`/`..`, no slash, no NUL, no control
// characters). The names then only ever select among the scan directory's own services.

export const MAX_TARGET_LENGTH = 2048;
const MAX_SEGMENTS = 4;

export interface RequestTarget {
  /** Decoded path segments ('/logs/web' gives ['logs', 'web']). */
  segments: string[];
  query: URLSearchParams;
}

/** The parsed target, or undefined when it is malformed (the caller answers 400). */
export function parseRequestTarget(url: string | undefined): RequestTarget | undefined {
  if (url === undefined || url.length === 0 || url.length > MAX_TARGET_LENGTH || url[0] !== '/') return undefined;
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  const raw = path.split('/').slice(1);
  if (raw.length > MAX_SEGMENTS) return undefined;
  const segments: string[] = [];
  for (const [i, r] of raw.entries()) {
    let s: string;
    try {
      s = decodeURIComponent(r);
    } catch {
      return undefined;
    }
    if (s === '' && i === raw.length - 1 && i === 0) continue; // the root, '/'
    if (s === '' || s === '.' || s === '..' || s.includes('/') || /[\x00-\x1f\x7f]/.test(s)) return undefined;
    segments.push(s);
  }
  let query: URLSearchParams;
  try {
    query = new URLSearchParams(q === -1 ? '' : url.slice(q + 1));
  } catch {
    return undefined;
  }
  return { segments, query };
}
