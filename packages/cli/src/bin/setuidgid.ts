#!/usr/bin/env node
// setuidgid account child: run child as account's uid and gid, supplementary groups dropped (0.76 prot_gid).
// A chain of chain-loaders after it runs in this same process (lib/chain.ts); the links are lib/chain-links.ts.
import { runChain } from '../lib/chain.js';

runChain('setuidgid');
