// A child's fd table as posix_spawn file actions (pure): slot i of the table gets our fd `fds[i]`, or, for
// 'ignore', /dev/null at 0-2 (read-only at 0) and nothing above, as libuv's child does for Node's spawn. A
// source that is itself one of the target slots (our fd 1 wanted at 3, say) is first moved above the table,
// so no dup2 clobbers a source still to be used, and that temporary copy is closed before the exec.

/** One slot of a child's fd table: a real fd of ours, or nothing (/dev/null at 0-2). */
export type SpawnFd = number | 'ignore';

export type FdAction =
  | { op: 'dup2'; from: number; to: number }
  | { op: 'open'; fd: number; path: string; flags: number }
  | { op: 'close'; fd: number };

const O_RDONLY = 0;
const O_RDWR = 2;

export function planFds(fds: readonly SpawnFd[]): FdAction[] {
  const n = fds.length;
  const used = new Set<number>();
  for (const f of fds) if (f !== 'ignore') used.add(f);
  const moved = new Map<number, number>();
  const out: FdAction[] = [];
  let next = n;
  for (let i = 0; i < n; i++) {
    const f = fds[i]!;
    if (f === 'ignore' || f === i || f >= n || moved.has(f)) continue;
    while (used.has(next)) next += 1;
    moved.set(f, next);
    out.push({ op: 'dup2', from: f, to: next });
    next += 1;
  }
  for (let i = 0; i < n; i++) {
    const f = fds[i]!;
    if (f === 'ignore') {
      if (i <= 2) out.push({ op: 'open', fd: i, path: '/dev/null', flags: i === 0 ? O_RDONLY : O_RDWR });
      continue;
    }
    // dup2(f, f) only clears FD_CLOEXEC (POSIX 2017, glibc >= 2.29)
    out.push({ op: 'dup2', from: moved.get(f) ?? f, to: i });
  }
  for (const tmp of moved.values()) out.push({ op: 'close', fd: tmp });
  return out;
}
