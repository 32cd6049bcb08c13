#!/usr/bin/env node
// pgrphack child: run child in a new session and process group (setsid; failure ignored, as in 0.76).
// A chain of chain-loaders after it runs in this same process (lib/chain.ts); the links are lib/chain-links.ts.
import { runChain } from '../lib/chain.js';

runChain('pgrphack');
