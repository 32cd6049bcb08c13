#!/usr/bin/env node
// setlock [-nNxX] file child: run child holding an flock on file (created 0600, never truncated).
// A chain of chain-loaders after it runs in this same process (lib/chain.ts); the links are lib/chain-links.ts.
import { runChain } from '../lib/chain.js';

runChain('setlock');
