#!/usr/bin/env node
// pgrphack child: run child in a new session and process group (setsid; failure ignored, as in 0.76).
// A chain of chain-loaders after it runs in this same process (lib/chain.ts); the links are lib/chain-links.ts.
// This bin only starts the shared chain script with its code cache (lib/chain-boot.ts).
import { runChainScript } from '../lib/chain-boot.js';

runChainScript('pgrphack', import.meta.url);
