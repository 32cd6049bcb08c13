// Linux values (identical on x86_64 and aarch64): <fcntl.h>, <sys/file.h>, <signal.h>, <errno.h>.
export const LOCK_SH = 1;
export const LOCK_EX = 2;
export const LOCK_NB = 4;
export const LOCK_UN = 8;

export const O_NONBLOCK = 0o4000;
export const O_CLOEXEC = 0o2000000;

export const F_GETFD = 1;
export const F_SETFD = 2;
export const F_GETFL = 3;
export const F_SETFL = 4;
export const FD_CLOEXEC = 1;

export const SIG_DFL = 0;
export const SIG_SETMASK = 2;
export const SIGKILL = 9;
export const SIGSTOP = 19;
export const SIGSET_BYTES = 128; // glibc sigset_t

export const EINTR = 4;
export const EAGAIN = 11; // == EWOULDBLOCK
export const ENOENT = 2;
export const EACCES = 13;
export const EPERM = 1;
export const EISDIR = 21;
export const EBADF = 9;
