// The only file that touches koffi. koffi (a native addon) and libc are loaded on the first call that needs
// them, never at import, so a short CLI that imports @dt/posix for errnoText pays nothing.
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type * as KoffiModule from 'koffi';

type Fn = (...args: unknown[]) => unknown;
/** A koffi function that can also run on koffi's worker thread, calling back on the loop when done. */
type AsyncFn = Fn & { async: (...args: unknown[]) => void };

/** The libc functions @dt/posix calls, bound once. */
export interface Libc {
  koffi: typeof KoffiModule;
  flock: Fn;
  pipe2: Fn;
  mkfifo: Fn;
  getrlimit: Fn;
  setrlimit: Fn;
  setsid: Fn;
  fcntl: Fn;
  dup2: Fn;
  signal: Fn;
  sigprocmask: Fn;
  execve: Fn;
  getpwnam: Fn;
  exit: Fn;
  posixSpawn: Fn;
  fileActionsInit: Fn;
  fileActionsAddDup2: Fn;
  fileActionsAddOpen: Fn;
  fileActionsAddClose: Fn;
  fileActionsAddChdir: Fn;
  fileActionsDestroy: Fn;
  spawnattrInit: Fn;
  spawnattrSetflags: Fn;
  spawnattrSetsigmask: Fn;
  spawnattrSetsigdefault: Fn;
  spawnattrDestroy: Fn;
  waitpid: Fn;
  pidfdOpen: Fn;
  pidfdSendSignal: Fn;
  poll: Fn;
  gettimeofday: Fn;
  prctl: Fn;
  mallocTrim: Fn;
  passwd: KoffiModule.IKoffiCType;
}

let libc: Libc | undefined;

// koffi's own index.js first loads https, zlib and crypto (for its installer), ~30 ms of a chain-loader's
// start; the native module it then wraps has the same API (the wrapper only adds deprecated aliases), so
// load that directly where it is found, and fall back to the package otherwise. It is found as require()
// would find the package (node_modules of this file's directory and each one above it) and opened with
// process.dlopen, which is what require() does with a .node file: without createRequire and require.resolve,
// which start CommonJS's loader (about 3 M instructions of a chain-loader's start; bench/chainload).
const NATIVE_TRIPLETS: Readonly<Record<string, string>> = { x64: 'linux_x64', arm64: 'linux_arm64' };

/** koffi's native module for this platform in node_modules/koffi at `dir` or above, if there is one. */
export function findKoffiNative(dir: string, triplet: string): string | undefined {
  // plain string steps (dir is absolute and normalized): path.join would normalize each candidate again
  for (let d = dir; ; ) {
    if (!d.endsWith('/node_modules')) {
      const file = `${d === '/' ? '' : d}/node_modules/koffi/build/koffi/${triplet}/koffi.node`;
      if (existsSync(file)) return file;
    }
    if (d === '/' || !d.startsWith('/')) return undefined;
    const slash = d.lastIndexOf('/');
    d = slash === 0 ? '/' : d.slice(0, slash);
  }
}

function requireKoffi(): typeof KoffiModule {
  const triplet = process.platform === 'linux' ? NATIVE_TRIPLETS[process.arch] : undefined;
  if (triplet !== undefined && import.meta.url.startsWith('file:')) {
    const file = findKoffiNative(dirname(fileURLToPath(import.meta.url)), triplet);
    if (file !== undefined) {
      try {
        const mod = { exports: {} as typeof KoffiModule };
        process.dlopen(mod, file);
        return mod.exports;
      } catch {
        // not loadable here (another libc, a broken copy): the package entry finds its native module itself
      }
    }
  }
  // node:module only here: getting it loads more of Node (source maps) than the whole lookup above
  return process.getBuiltinModule('node:module').createRequire(import.meta.url)('koffi') as typeof KoffiModule;
}

/**
 * `obj` with a getter per entry of `make` that calls it on first read and keeps its value as a plain
 * property: each libc function is bound (koffi parses its declaration) when first called, so a program pays
 * only for the ones it uses (multilog: flock, and fcntl for a pipe, of about thirty; issue 14).
 */
function lazyTable<T extends object>(obj: T, make: { [K in keyof T]?: () => T[K] }): T {
  for (const key of Object.keys(make) as (keyof T & string)[]) {
    Object.defineProperty(obj, key, {
      configurable: true,
      enumerable: true,
      get(): unknown {
        const value = make[key]!();
        Object.defineProperty(obj, key, { value, writable: true, configurable: true, enumerable: true });
        return value;
      },
    });
  }
  return obj;
}

/** Load koffi and bind libc on first use (each function when first read). */
export function loadLibc(): Libc {
  if (libc !== undefined) return libc;
  const koffi = requireKoffi();
  const lib = koffi.load('libc.so.6');
  // Anonymous types: koffi's type names are process-wide, and two copies of this module (jest's per-file
  // registries, or two bundles in one process) must not collide.
  const passwd = (): KoffiModule.IKoffiCType =>
    koffi.struct({
      pw_name: 'const char *',
      pw_passwd: 'const char *',
      pw_uid: 'uint32_t',
      pw_gid: 'uint32_t',
      pw_gecos: 'const char *',
      pw_dir: 'const char *',
      pw_shell: 'const char *',
    });
  const make: { [K in Exclude<keyof Libc, 'koffi'>]: () => Libc[K] } = {
    flock: () => lib.func('int flock(int fd, int op)') as Fn,
    pipe2: () => lib.func('int pipe2(_Out_ int *fds, int flags)') as Fn,
    mkfifo: () => lib.func('int mkfifo(const char *path, uint32_t mode)') as Fn,
    // struct rlimit is two rlim_t (unsigned long, 64 bits on every 64-bit Linux).
    getrlimit: () => lib.func('int getrlimit(int resource, _Out_ uint64_t *rlim)') as Fn,
    setrlimit: () => lib.func('int setrlimit(int resource, const uint64_t *rlim)') as Fn,
    setsid: () => lib.func('int setsid()') as Fn,
    fcntl: () => lib.func('int fcntl(int fd, int cmd, ...)') as Fn,
    dup2: () => lib.func('int dup2(int oldfd, int newfd)') as Fn,
    // SIG_DFL is 0 and SIG_IGN 1: handlers as plain integers.
    signal: () => lib.func('intptr_t signal(int sig, intptr_t handler)') as Fn,
    // sigset_t is 1024 bits in glibc.
    sigprocmask: () => lib.func('int sigprocmask(int how, const uint8_t *set, uint8_t *oldset)') as Fn,
    execve: () => lib.func('int execve(const char *path, const char **argv, const char **envp)') as Fn,
    getpwnam: () => lib.func('getpwnam', koffi.pointer(table.passwd), ['const char *']) as Fn,
    // _exit(2): leave without running Node's teardown (used after a failed exec, when fds 0-2 and the
    // signal state no longer belong to Node).
    exit: () => lib.func('void _exit(int status)') as Fn,
    // posix_spawn and its attribute objects, as opaque buffers (glibc: 80 and 336 bytes; we give 512).
    posixSpawn: () => lib.func(
      'int posix_spawn(_Out_ int *pid, const char *path, const uint8_t *actions, const uint8_t *attr, const char **argv, const char **envp)',
    ) as Fn,
    fileActionsInit: () => lib.func('int posix_spawn_file_actions_init(uint8_t *actions)') as Fn,
    fileActionsAddDup2: () => lib.func('int posix_spawn_file_actions_adddup2(uint8_t *actions, int fd, int newfd)') as Fn,
    fileActionsAddOpen: () => lib.func('int posix_spawn_file_actions_addopen(uint8_t *actions, int fd, const char *path, int oflag, uint32_t mode)') as Fn,
    fileActionsAddClose: () => lib.func('int posix_spawn_file_actions_addclose(uint8_t *actions, int fd)') as Fn,
    // glibc >= 2.29
    fileActionsAddChdir: () => lib.func('int posix_spawn_file_actions_addchdir_np(uint8_t *actions, const char *path)') as Fn,
    fileActionsDestroy: () => lib.func('int posix_spawn_file_actions_destroy(uint8_t *actions)') as Fn,
    spawnattrInit: () => lib.func('int posix_spawnattr_init(uint8_t *attr)') as Fn,
    spawnattrSetflags: () => lib.func('int posix_spawnattr_setflags(uint8_t *attr, short flags)') as Fn,
    spawnattrSetsigmask: () => lib.func('int posix_spawnattr_setsigmask(uint8_t *attr, const uint8_t *mask)') as Fn,
    spawnattrSetsigdefault: () => lib.func('int posix_spawnattr_setsigdefault(uint8_t *attr, const uint8_t *set)') as Fn,
    spawnattrDestroy: () => lib.func('int posix_spawnattr_destroy(uint8_t *attr)') as Fn,
    waitpid: () => lib.func('int waitpid(int pid, _Out_ int *status, int options)') as Fn,
    // glibc >= 2.36 wraps both (Debian 12)
    pidfdOpen: () => lib.func('int pidfd_open(int pid, unsigned int flags)') as Fn,
    pidfdSendSignal: () => lib.func('int pidfd_send_signal(int pidfd, int sig, void *info, unsigned int flags)') as Fn,
    // struct pollfd { int fd; short events; short revents; }: 8 bytes, handed over as a buffer
    poll: () => lib.func('int poll(_Inout_ uint8_t *fds, unsigned long nfds, int timeout)') as Fn,
    // struct timeval as bytes: two longs (tv_sec, tv_usec)
    gettimeofday: () => lib.func('int gettimeofday(_Out_ uint8_t *tv, void *tz)') as Fn,
    prctl: () => lib.func('int prctl(int option, unsigned long arg2, unsigned long arg3, unsigned long arg4, unsigned long arg5)') as Fn,
    mallocTrim: () => lib.func('int malloc_trim(size_t pad)') as Fn,
    passwd,
  };
  const table = lazyTable({ koffi } as Libc, make);
  libc = table;
  return libc;
}

/** errno of the libc call just made. Read it immediately: any later call may change it. */
export function lastErrno(l: Libc): number {
  return l.koffi.errno();
}

/** The calls that move pipe data without a read (the log host's journal, decision 0005), bound on first use. */
export interface PipeIo {
  koffi: typeof KoffiModule;
  splice: Fn;
  memfdCreate: Fn;
  epollCreate1: Fn;
  epollCtl: Fn;
  epollWait: AsyncFn;
}

let pipeIo: PipeIo | undefined;

export function loadPipeIo(): PipeIo {
  if (pipeIo !== undefined) return pipeIo;
  const { koffi } = loadLibc();
  const lib = koffi.load('libc.so.6');
  pipeIo = {
    koffi,
    // loff_t * as a one-element BigInt64Array (in and out): the offset splice writes at, and advances
    splice: lib.func('intptr_t splice(int fd_in, void *off_in, int fd_out, _Inout_ int64_t *off_out, size_t len, unsigned int flags)') as Fn,
    memfdCreate: lib.func('int memfd_create(const char *name, unsigned int flags)') as Fn,
    epollCreate1: lib.func('int epoll_create1(int flags)') as Fn,
    // struct epoll_event as bytes (12 packed on x86-64, 16 elsewhere)
    epollCtl: lib.func('int epoll_ctl(int epfd, int op, int fd, uint8_t *event)') as Fn,
    epollWait: lib.func('int epoll_wait(int epfd, _Out_ uint8_t *events, int maxevents, int timeout)') as AsyncFn,
  };
  return pipeIo;
}
