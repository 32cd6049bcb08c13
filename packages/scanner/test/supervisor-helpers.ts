// What the Supervisor tests use, all from the shared @dt/test-support: service directories built from the
// fixture run scripts, polling with a deadline (never a fixed sleep), and clean-up of every process a test
// started.
export {
  SUPERVISOR_FIXTURES as FIXTURES,
  ProcessJanitor,
  childrenOf,
  descendantsOf,
  isAlive,
  makeService,
  procState,
  readLines,
  removeTree,
  waitFor,
} from '@dt/test-support';
