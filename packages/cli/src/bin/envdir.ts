#!/usr/bin/env node
// envdir dir child: run child with the environment changed by the files in dir (see lib/envdir-read.ts).
// A chain of chain-loaders after it runs in this same process (lib/chain.ts); the links are lib/chain-links.ts.
// This bin only starts the shared chain script with its code cache (lib/chain-boot.ts).
import { runChainScript } from '../lib/chain-boot.js';

runChainScript('envdir', import.meta.url);
