#!/usr/bin/env node
// setuidgid account child: run child as account's uid and gid, supplementary groups dropped (0.76 prot_gid).
// A chain of chain-loaders after it runs in this same process (lib/chain.ts); the links are lib/chain-links.ts.
// This bin only starts the shared chain script with its code cache (lib/chain-boot.ts).
import { runChainScript } from '../lib/chain-boot.js';

runChainScript('setuidgid', import.meta.url);
