/** The classic daemontools program names; each is dist/bin/NAME.js and `dt NAME`. */
export const CLASSIC_PROGRAMS = [
  'svscan', 'supervise', 'svc', 'svok', 'svstat', 'multilog', 'tai64n', 'tai64nlocal', 'setuidgid',
  'envuidgid', 'envdir', 'softlimit', 'setlock', 'pgrphack', 'fghack', 'readproctitle', 'svscanboot',
] as const;

/**
 * dt's own subcommands, mapped to the bundle under dist/bin that implements them: src/bin/dt-NAME.ts
 * exports `main(argv: string[]): void` (and does nothing at import time).
 */
export const DT_SUBCOMMANDS: Readonly<Record<string, string>> = {
  rc: 'dt-rc', // the seed's svscan.rc: orderly start|stop of a whole scan directory
  status: 'dt-status',
  wait: 'dt-wait',
  logs: 'dt-logs',
  'run-with': 'dt-run-with',
  add: 'dt-add', // a service directory for a command (defineService)
  serve: 'dt-serve',
  signal: 'dt-signal', // a signal by name, through supervise or (-g) to the service's process group
};

/**
 * dt forms of classic programs: `dt NAME --option ...` (any argument starting with `--`) runs the bundle
 * named here, whose `main(argv)` adds dt's options to the classic behaviour; `dt NAME` alone stays 0.76's.
 */
export const DT_FORMS: Readonly<Record<string, string>> = {
  svscan: 'dt-svscan', // --serve: the supervising process serves its own tree (dt serve)
};

/** `dt --help`, `dt help`. */
export const DT_HELP = `usage: dt command [args ...]
daemontools 0.76 for Node: the classic programs, and dt's extensions.

dt's commands (dt help COMMAND, or dt COMMAND --help, for each):
  status [--json|--svstat] [dir ...] a table of services (the scan directory in DT_SCANDIR, or .)
  wait up|ready|down dir ...       wait until every dir is up, ready or down (--timeout seconds)
  logs dir                         a service's log, oldest first, in local time (--follow, --since)
  run-with scandir -- cmd ...      start a scan directory, wait until ready, run cmd, stop in order
  add dir -- cmd ...               write a service directory that runs cmd (--user, --env, --no-log)
  rc start|stop [dir]              start or stop (in order) an svscan over a scan directory
  signal [-g] signal dir ...       a signal by name to each service; -g: to its whole process group
  serve [--listen addr:port] dir   the tree over HTTP: /metrics, /status.json, a live page
  svscan --serve [dir]             svscan, serving its own tree as dt serve does

the classic programs, as in daemontools 0.76 (also on PATH by their own names):
  ${CLASSIC_PROGRAMS.join(' ')}

dt --version prints the version. Documentation: the README of @dt/cli.
`;
