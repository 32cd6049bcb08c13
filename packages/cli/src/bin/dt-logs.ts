// dt logs dir [--follow] [--since TIME]: a multilog directory (or a service directory: its log/main), oldest
// line first: archives @*.s/@*.u by name, then current; stamps in local time as tai64nlocal prints them.
// --follow keeps reading current across rotations until SIGINT/SIGTERM. Exits 0, 100 usage, 111 unreadable.
import { writeSync } from 'node:fs';
import { findLogDir, readLogs, sinceLabel } from '@dt/multilog';
import { LocalConverter } from '@dt/tai64';
import { parseDtArgs } from '../lib/dt-args.js';
import { program } from '../lib/prog.js';

const USAGE = 'dt logs dir [--follow] [--since @label|YYYY-MM-DD[THH:MM:SS]|Ns|Nm|Nh|Nd]';
const FLUSH_BYTES = 65536;
const HELP = `usage: ${USAGE}
  dir: a multilog directory, or a service directory (its log/main)
  --since: a TAI64N label, a date (local time without a zone), or a duration ago
  --follow: keep reading current across rotations until SIGINT/SIGTERM
exit codes: 0, 100 usage, 111 no log directory or unreadable
`;

export function main(argv: string[]): void {
  const prog = program('dt logs');
  prog.run(async () => {
    const options = { follow: { type: 'boolean', short: 'f' }, since: { type: 'string' } } as const;
    const parsed = parseDtArgs(prog, argv, { options, usage: USAGE, help: HELP });
    if (parsed === undefined) return;
    const [dir, ...extra] = parsed.positionals;
    const since = parsed.values.since === undefined ? undefined : sinceLabel(parsed.values.since);
    if (extra.length > 0) return prog.usage(`one directory at a time (${parsed.positionals.length} given): ${USAGE}`);
    if (parsed.values.since !== undefined && since === undefined) return prog.usage(`--since: not a label, date or duration: ${parsed.values.since}`);
    if (dir === undefined) return prog.usage(USAGE);
    const logDir = findLogDir(dir);
    if (logDir === undefined) return prog.fatal(`unable to find a log directory in ${dir}`, undefined);
    const stop = new AbortController();
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => stop.abort());
    // Lines are gathered raw and turned to local time at each flush, by one converter over the bytes (as tai64nlocal).
    const local = new LocalConverter();
    let pending: Buffer[] = [];
    let size = 0;
    const flush = () => {
      if (size) write(local.push(Buffer.concat(pending, size)));
      pending = [];
      size = 0;
    };
    // Like prog.out, but a reader that went away (`dt logs -f d | head`) ends a follow instead of feeding nobody.
    const write = (buf: Buffer) => {
      for (let off = 0; off < buf.length && !stop.signal.aborted; ) {
        try {
          off += writeSync(1, buf, off, buf.length - off);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') stop.abort();
        }
      }
    };
    try {
      for await (const line of readLogs(logDir, { since, follow: parsed.values.follow, signal: stop.signal })) {
        if (size === 0) setImmediate(flush); // once the reader waits, what was read goes out
        pending.push(line);
        size += line.length;
        if (size >= FLUSH_BYTES) flush();
      }
    } catch (e) {
      return prog.fatal(`unable to read ${logDir}`, e);
    }
    flush();
    return 0;
  });
}
