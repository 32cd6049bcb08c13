#!/usr/bin/env node
// softlimit [-acdflmoprst n] child: run child with lower soft resource limits (n decimal, or `=` for the hard limit).
import { getrlimit, setrlimit } from '@dt/posix';
import { ChainloadError } from '../lib/chainload-errors.js';
import { chainload } from '../lib/chainload.js';
import { getopt, reportGetoptProblem } from '../lib/getopt.js';
import { type Program, program } from '../lib/prog.js';
import { RESOURCES_BY_OPTION, SOFTLIMIT_OPTSTRING, SOFTLIMIT_USAGE, parseLimit, softLimitFor } from '../lib/softlimit-options.js';

const prog: Program = program('softlimit');
prog.run(() => {
  const parsed = getopt(process.argv.slice(2), SOFTLIMIT_OPTSTRING);
  if (!parsed.ok) {
    reportGetoptProblem(prog.name, parsed);
    prog.usage(SOFTLIMIT_USAGE);
  }
  const settings = parsed.options.map(({ option, arg }) => {
    const req = parseLimit(arg!);
    if (req === undefined) prog.usage(SOFTLIMIT_USAGE);
    return { resources: RESOURCES_BY_OPTION[option]!, req };
  });
  if (parsed.operands.length === 0) prog.usage(SOFTLIMIT_USAGE);
  // Applied last, right before exec: a small data or address-space limit would starve Node itself.
  const apply = () => {
    for (const { resources, req } of settings) {
      for (const r of resources) {
        let cur;
        try {
          cur = getrlimit(r);
        } catch (e) {
          throw new ChainloadError('getrlimit failed', e);
        }
        try {
          setrlimit(r, { soft: softLimitFor(req, cur), hard: cur.hard });
        } catch (e) {
          throw new ChainloadError('setrlimit failed', e);
        }
      }
    }
  };
  chainload(prog.name, parsed.operands, { beforeExec: apply });
});
