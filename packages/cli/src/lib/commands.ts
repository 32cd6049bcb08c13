/** The classic daemontools program names; each is dist/bin/NAME.js and `dt NAME`. */
export const CLASSIC_PROGRAMS = [
  'svscan', 'supervise', 'svc', 'svok', 'svstat', 'multilog', 'tai64n', 'tai64nlocal', 'setuidgid',
  'envuidgid', 'envdir', 'softlimit', 'setlock', 'pgrphack', 'fghack', 'readproctitle', 'svscanboot',
] as const;

/**
 * dt's own subcommands, mapped to the bundle under dist/bin that implements them (each exports
 * `main(argv)`). Filled in as the extensions land (issue 7: status, wait, logs, run-with).
 */
export const DT_SUBCOMMANDS: Readonly<Record<string, string>> = {};
