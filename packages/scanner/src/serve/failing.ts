// Crash-loop state as the supervisor records it in supervise/dt-status.json: the key the serve API names.
// The value itself comes with the service report (@dt/supervise-protocol reads the sidecar once).

/** The sidecar key that says the supervisor holds restarts back (a crash loop). */
export const SIDECAR_FAILING_FIELD = 'failing';
