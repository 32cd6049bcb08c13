#!/usr/bin/env node
// softlimit [-acdflmoprst n] child: run child with lower soft resource limits (n decimal, or `=` for the hard limit).
// A chain of chain-loaders after it runs in this same process (lib/chain.ts); the links are lib/chain-links.ts.
// This bin only starts the shared chain script with its code cache (lib/chain-boot.ts).
import { runChainScript } from '../lib/chain-boot.js';

runChainScript('softlimit', import.meta.url);
