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
  serve: 'dt-serve',
};

/**
 * dt forms of classic programs: `dt NAME --option ...` (any argument starting with `--`) runs the bundle
 * named here, whose `main(argv)` adds dt's options to the classic behaviour; `dt NAME` alone stays 0.76's.
 */
export const DT_FORMS: Readonly<Record<string, string>> = {
  svscan: 'dt-svscan', // --serve: the supervising process serves its own tree (dt serve)
};
