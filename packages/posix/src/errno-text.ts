// djb's error_str() words (daemontools 0.76 error_str.c), keyed by errno name as Node reports it
// (err.code). Order matters only where two names share a number: on Linux EAGAIN == EWOULDBLOCK and
// error_str tests EAGAIN first, so both read "temporary failure".

// One string, `|NAME:words|...`, searched by name on first need: an object literal of ~90 entries cost
// about 1.2 M instructions to build at every start of every program that bundles this file (the chain-
// loaders twice: bin and chain script), most of which never print an errno (bench/chainload).
const WORDS =
  '|EINTR:interrupted system call|ENOMEM:out of memory|ENOENT:file does not exist|ETXTBSY:text busy|' +
  'EIO:input/output error|EEXIST:file already exists|ETIMEDOUT:timed out|' +
  'EINPROGRESS:operation in progress|EAGAIN:temporary failure|EWOULDBLOCK:temporary failure|' +
  'EPIPE:broken pipe|EPERM:permission denied|EACCES:access denied|ENXIO:device not configured|' +
  'EPROTO:protocol error|EISDIR:is a directory|ECONNREFUSED:connection refused|' +
  'ENOTDIR:not a directory|ESRCH:no such process|E2BIG:argument list too long|' +
  'ENOEXEC:exec format error|EBADF:file descriptor not open|ECHILD:no child processes|' +
  'EDEADLK:operation would cause deadlock|EFAULT:bad address|ENOTBLK:not a block device|' +
  'EBUSY:device busy|EXDEV:cross-device link|ENODEV:device does not support operation|' +
  'EINVAL:invalid argument|ENFILE:system cannot open more files|EMFILE:process cannot open more files|' +
  'ENOTTY:not a tty|EFBIG:file too big|ENOSPC:out of disk space|ESPIPE:unseekable descriptor|' +
  'EROFS:read-only file system|EMLINK:too many links|EDOM:input out of range|' +
  'ERANGE:output out of range|EALREADY:operation already in progress|ENOTSOCK:not a socket|' +
  'EDESTADDRREQ:destination address required|EMSGSIZE:message too long|' +
  'EPROTOTYPE:incorrect protocol type|ENOPROTOOPT:protocol not available|' +
  'EPROTONOSUPPORT:protocol not supported|ESOCKTNOSUPPORT:socket type not supported|' +
  'EOPNOTSUPP:operation not supported|ENOTSUP:operation not supported|' +
  'EPFNOSUPPORT:protocol family not supported|EAFNOSUPPORT:address family not supported|' +
  'EADDRINUSE:address already used|EADDRNOTAVAIL:address not available|ENETDOWN:network down|' +
  'ENETUNREACH:network unreachable|ENETRESET:network reset|ECONNABORTED:connection aborted|' +
  'ECONNRESET:connection reset|ENOBUFS:out of buffer space|EISCONN:already connected|' +
  'ENOTCONN:not connected|ESHUTDOWN:socket shut down|ETOOMANYREFS:too many references|' +
  'ELOOP:symbolic link loop|ENAMETOOLONG:file name too long|EHOSTDOWN:host down|' +
  'EHOSTUNREACH:host unreachable|ENOTEMPTY:directory not empty|EUSERS:too many users|' +
  'EDQUOT:disk quota exceeded|ESTALE:stale NFS file handle|EREMOTE:too many levels of remote in path|' +
  'ENOLCK:no locks available|ENOSYS:system call not available|ENOSTR:not a stream device|' +
  'ETIME:timer expired|ENOSR:out of stream resources|ENOMSG:no message of desired type|' +
  'EBADMSG:bad message type|EIDRM:identifier removed|ENONET:machine not on network|' +
  'ENOLINK:link severed|EADV:advertise error|ESRMNT:srmount error|ECOMM:communication error|' +
  'EMULTIHOP:multihop attempted|EREMCHG:remote address changed|';

/** The words for an errno name, or undefined. */
function wordsOf(name: string): string | undefined {
  const i = WORDS.indexOf(`|${name}:`);
  if (i < 0) return undefined;
  const start = i + name.length + 2;
  return WORDS.slice(start, WORDS.indexOf('|', start));
}

// Built on first use: a short CLI that never prints an errno pays nothing for it at start-up (node:os
// included: it is fetched on first use, not at import).
const errnoTable = (): Record<string, number> => process.getBuiltinModule('node:os').constants.errno as Record<string, number>;
let nameByNumber: Map<number, string> | undefined;

/** The errno name (`ENOENT`) for a positive errno number, or undefined when unknown. */
export function errnoName(errno: number): string | undefined {
  if (nameByNumber === undefined) {
    nameByNumber = new Map();
    for (const [name, num] of Object.entries(errnoTable())) {
      // First name wins, so EAGAIN (listed before EWOULDBLOCK by Node) names errno 11.
      if (!nameByNumber.has(num)) nameByNumber.set(num, name);
    }
  }
  return nameByNumber.get(errno);
}

/** The errno number for a name, or undefined. */
export function errnoNumber(name: string): number | undefined {
  return errnoTable()[name];
}

/**
 * djb's error_str words for an errno given as a name (`'ENOENT'`), a number (2 or -2, as libuv
 * reports it), or anything carrying `code`/`errno` (a Node system error, a PosixError). 0 is
 * "no error"; anything else unknown is "unknown error".
 */
export function errnoText(e: unknown): string {
  let name: string | undefined;
  if (typeof e === 'string') name = e;
  else if (typeof e === 'number') {
    if (e === 0) return 'no error';
    name = errnoName(Math.abs(e));
  } else if (typeof e === 'object' && e !== null) {
    const { code, errno } = e as { code?: unknown; errno?: unknown };
    if (typeof code === 'string' && wordsOf(code) !== undefined) name = code;
    else if (typeof errno === 'number') return errnoText(errno);
  }
  return (name !== undefined && wordsOf(name)) || 'unknown error';
}
