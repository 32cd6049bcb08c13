// daemontools 0.76 pathexec_env.c + pathexec(): how a chain-loader's variable changes become the new environ.
// For each change in order: the FIRST entry with that name is removed by moving the LAST entry into its
// slot, then `name=value` is appended (nothing for a removal). The name is the change's text up to its first
// `=`, so a name containing `=` behaves as in C (envdir file `a=b` holding `v` sets `a` to `b=v`).

/** A variable change: a value sets, undefined removes. */
export type EnvChange = readonly [name: string, value: string | undefined];

/** The environ Node started with, as `NAME=value` strings in order. */
export function currentEnviron(env: NodeJS.ProcessEnv = process.env): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(env)) if (v !== undefined) out.push(`${k}=${v}`);
  return out;
}

/** Apply changes to an environ exactly as djb's pathexec() does; returns a new array. */
export function applyEnvChanges(environ: readonly string[], changes: readonly EnvChange[]): string[] {
  const e = [...environ];
  for (const [name, value] of changes) {
    const entry = value === undefined ? name : `${name}=${value}`;
    const eq = entry.indexOf('=');
    const split = eq < 0 ? entry.length : eq;
    const key = entry.slice(0, split);
    for (let t = 0; t < e.length; t++) {
      if (e[t]!.startsWith(key) && e[t]![split] === '=') {
        e[t] = e[e.length - 1]!;
        e.pop();
        break;
      }
    }
    if (split < entry.length) e.push(entry);
  }
  return e;
}
