// Stopping the trees (startTree) a test started, typed by shape so this package needs no @dt/scanner.

/** What a test's afterEach does with the trees it started: a second stop request (nothing lingers), then the orderly stop. */
export async function stopTrees(trees: { scanner: { forceStop(): void }; stop(): Promise<void> }[]): Promise<void> {
  for (const t of trees.splice(0)) {
    t.scanner.forceStop();
    await t.stop();
  }
}
