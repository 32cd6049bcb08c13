// Errors the chain-loaders' library code throws: `text` is daemontools' message after `prog: fatal: `,
// `cause` the system error whose djb words follow it (none for e.g. "unknown account x").

export class ChainloadError extends Error {
  override name: string = this.constructor.name;
  readonly code = 'DT_ERR_CHAINLOAD';
  constructor(
    readonly text: string,
    cause?: unknown,
  ) {
    super(text, cause === undefined ? undefined : { cause });
  }
}
