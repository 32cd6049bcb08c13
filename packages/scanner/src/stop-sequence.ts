// The orderly stop of a scan directory, written once (the seed's svscan.rc order, spec §3.4): each
// service's `shutdown` script; loggers told `ox` (keep running, never restarted, their supervisor ends
// with them); services told `dx`; wait for the services to be gone (which ends the last writers of the
// log pipes), then for the loggers, which read their pipe to EOF first. Nothing in a pipe is lost.
// Two backends run it: the in-process Scanner (scanner.ts, its own Supervisor objects) and stopTree
// (orderly-stop.ts, any tree over the control FIFOs).

/** How one backend performs each step on its services S and loggers L. */
export interface StopBackend<S, L> {
  readonly services: readonly S[];
  readonly loggers: readonly L[];
  /** Step 1, for each service at once: its executable `shutdown` script, bounded in time. */
  runShutdown(service: S): Promise<void>;
  /** Before step 2: make sure every logger that must drain is running (in-process: one ended by `x`). */
  startLoggers?(): Promise<void>;
  /** Sends control letters (`ox` to a logger, `dx` to a service); a failure is the backend's to report. */
  controlLogger(logger: L, letters: string): void | Promise<void>;
  controlService(service: S, letters: string): void | Promise<void>;
  /** Step 3: resolves once every service is down and its supervisor gone. */
  servicesGone(): Promise<void>;
  /** Step 4: resolves once every logger has drained its input and exited. */
  loggersGone(): Promise<void>;
}

/** Runs the orderly stop's steps in order over `backend`. */
export async function runStopSequence<S, L>(backend: StopBackend<S, L>): Promise<void> {
  await Promise.all(backend.services.map((s) => backend.runShutdown(s)));
  await backend.startLoggers?.();
  for (const l of backend.loggers) await backend.controlLogger(l, 'ox');
  for (const s of backend.services) await backend.controlService(s, 'dx');
  await backend.servicesGone();
  await backend.loggersGone();
}
