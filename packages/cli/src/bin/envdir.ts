#!/usr/bin/env node
// envdir dir child: run child with the environment changed by the files in dir (see lib/envdir-read.ts).
// A chain of chain-loaders after it runs in this same process (lib/chain.ts); the links are lib/chain-links.ts.
import { runChain } from '../lib/chain.js';

runChain('envdir');
