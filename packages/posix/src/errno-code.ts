// One way to ask "which errno was this?" of anything a catch block receives: a Node system error
// (`err.code === 'ENOENT'`), a PosixError, or anything else (undefined). Replaces the
// `(e as NodeJS.ErrnoException).code` casts and the local helpers that did the same.

/** The errno name (`'ENOENT'`) carried by `e.code`, or undefined when `e` has no string code. */
export function errnoCode(e: unknown): string | undefined {
  if (typeof e !== 'object' || e === null) return undefined;
  const code = (e as { code?: unknown }).code;
  return typeof code === 'string' ? code : undefined;
}
