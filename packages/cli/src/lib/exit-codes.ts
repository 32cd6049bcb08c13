// Exit codes are part of each program's contract (daemontools strerr conventions).
export const EXIT_OK = 0;
/** Usage error or permanent failure. */
export const EXIT_USAGE = 100;
export const EXIT_PERMANENT = 100;
/** Temporary or system (errno) failure; also envdir's usage exit. */
export const EXIT_TEMPORARY = 111;
