#!/usr/bin/env node
// setlock [-nNxX] file child: run child holding an flock on file (created 0600, never truncated).
// A chain of chain-loaders after it runs in this same process (lib/chain.ts); the links are lib/chain-links.ts.
// This bin only starts the shared chain script with its code cache (lib/chain-boot.ts).
import { runChainScript } from '../lib/chain-boot.js';

runChainScript('setlock', import.meta.url);
