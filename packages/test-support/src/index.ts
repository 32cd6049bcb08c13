export { waitFor, isAlive, readLines } from './poll.js';
export { procState, childrenOf, descendantsOf, ProcessJanitor } from './processes.js';
export { SUPERVISOR_FIXTURES, makeService, removeTree } from './service-dir.js';
export { SUPERVISE, statusPid, serviceDir, startSupervise, cleanUp } from './real-supervise.js';
export { tempDirs } from './temp-dirs.js';
export { stopTrees } from './trees.js';
export { expectDocumentedCodes } from './error-codes.js';
export { thrown } from './thrown.js';
export { seededRandom, randomChunks } from './seeded.js';
