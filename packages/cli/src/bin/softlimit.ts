#!/usr/bin/env node
// softlimit [-acdflmoprst n] child: run child with lower soft resource limits (n decimal, or `=` for the hard limit).
import { chainload } from '../lib/chainload.js';
import { getopt, reportGetoptProblem } from '../lib/getopt.js';
import { type Program, program } from '../lib/prog.js';
import { type LimitSetting, prepareSoftLimits } from '../lib/softlimit-apply.js';
import { RESOURCES_BY_OPTION, SOFTLIMIT_OPTSTRING, SOFTLIMIT_USAGE, parseLimit } from '../lib/softlimit-options.js';

const prog: Program = program('softlimit');
prog.run(() => {
  // Each value is checked as its option is read (0.76: `-a x -z` is a usage error, no word about -z).
  const settings: LimitSetting[] = [];
  const parsed = getopt(process.argv.slice(2), SOFTLIMIT_OPTSTRING, ({ option, arg }) => {
    const req = parseLimit(arg!);
    if (req === undefined) prog.usage(SOFTLIMIT_USAGE);
    settings.push({ resources: RESOURCES_BY_OPTION[option]!, req });
  });
  if (!parsed.ok) {
    reportGetoptProblem(prog.name, parsed);
    prog.usage(SOFTLIMIT_USAGE);
  }
  if (parsed.operands.length === 0) prog.usage(SOFTLIMIT_USAGE);
  const apply = prepareSoftLimits(settings); // a ChainloadError ends in prog.run: fatal TEXT: ERR, 111
  // Set last, right before exec: a small data or address-space limit would starve Node itself.
  chainload(prog.name, parsed.operands, { beforeExec: apply });
});
