// The chain-loaders' shared code as one classic script (build/chain-script.mjs bundles it to
// dist/chain/chain-script.js with a V8 code cache beside it; lib/chain-boot.ts runs it). The script is a
// function of the bin's import.meta.url and the program's name: `(function (DT_IMPORT_META_URL, DT_CHAIN_NAME) {...})`.
import { runChain } from './chain.js';

declare const DT_CHAIN_NAME: string;

runChain(DT_CHAIN_NAME);
