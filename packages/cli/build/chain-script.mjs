// The chain-loaders' shared script and its V8 code cache (lib/chain-boot.ts runs them; docs/decisions/0015):
// dist/chain/chain-script.js, a function of the bin's import.meta.url and the program's name, and
// dist/chain/chain-script.cache, made under Node's default flags (cached-script.mjs says how).
import { buildCachedScript } from './cached-script.mjs';

/** Write chain-script.js and chain-script.cache into `dir` (dist/chain, beside the bins' dist/bin). */
export async function buildChainScript(dir, entry = 'src/lib/chain-script.ts') {
  await buildCachedScript({
    dir,
    entry,
    name: 'chain-script',
    wrapStart: '(function (DT_IMPORT_META_URL, DT_CHAIN_NAME) {\n',
    slower: 'the chain-loaders start slower',
  });
}
