#!/usr/bin/env node
// envuidgid account child: run child with $GID and $UID set to account's (no privilege change).
// A chain of chain-loaders after it runs in this same process (lib/chain.ts); the links are lib/chain-links.ts.
// This bin only starts the shared chain script with its code cache (lib/chain-boot.ts).
import { runChainScript } from '../lib/chain-boot.js';

runChainScript('envuidgid', import.meta.url);
