// @dt/scanner/serve: the HTTP view of a scan directory. A subpath of its own, so that `@dt/scanner`'s main
// entry never loads node:http or prom-client (docs/decisions/0011-serve.md).
export { serveTree, type ServeOptions, type ServeHandle } from './serve/serve-tree.js';
export { DEFAULT_SERVE_PORT, DEFAULT_SERVE_HOST, parseListenAddress, isLoopback, type ListenAddress } from './serve/listen-address.js';
export { MIN_TOKEN_LENGTH } from './serve/control-token.js';
export { SIDECAR_FAILING_FIELD } from './serve/failing.js';
export { readTreeFacts, type TreeFacts, type ServiceFacts } from './serve/tree-facts.js';
export { createTreeMetrics, type TreeMetrics } from './serve/metrics.js';
export { ServeError, SERVE_ERROR_CODES, type ServeErrorCode } from './serve/serve-errors.js';
