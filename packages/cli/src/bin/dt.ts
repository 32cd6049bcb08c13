#!/usr/bin/env node
// dt: the umbrella command. `dt NAME ARGS` runs the classic program NAME exactly as if it were called
// by its own name; dt's own subcommands (status, wait, logs, run-with, ...) are the extensions.
import { program } from '../lib/prog.js';
import { CLASSIC_PROGRAMS, DT_FORMS, DT_SUBCOMMANDS } from '../lib/commands.js';

const prog = program('dt');
const [name, ...rest] = process.argv.slice(2);
const usage = `dt command [args ...]\n  commands: ${[...Object.keys(DT_SUBCOMMANDS), ...CLASSIC_PROGRAMS].join(' ')}`;

if (name === undefined) prog.run(() => prog.usage(usage));
else if (name in DT_FORMS && rest.some((a) => a.startsWith('--'))) {
  const mod = (await import(new URL(`./${DT_FORMS[name]}.js`, import.meta.url).href)) as { main(argv: string[]): void };
  mod.main(rest);
} else if ((CLASSIC_PROGRAMS as readonly string[]).includes(name)) {
  // Each program is its own bundle beside this one; running it by import keeps one process.
  process.argv = [process.argv[0]!, new URL(`./${name}.js`, import.meta.url).pathname, ...rest];
  await import(new URL(`./${name}.js`, import.meta.url).href);
} else if (name in DT_SUBCOMMANDS) {
  const mod = (await import(new URL(`./${DT_SUBCOMMANDS[name]}.js`, import.meta.url).href)) as { main(argv: string[]): void };
  mod.main(rest);
} else prog.run(() => prog.usage(usage));
