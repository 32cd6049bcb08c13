#!/usr/bin/env node
// dt: the umbrella command. `dt NAME ARGS` runs the classic program NAME exactly as if it were called
// by its own name; dt's own subcommands (status, wait, logs, run-with, ...) are the extensions.
// `dt --help`, `dt help [SUBCOMMAND]` and `dt SUBCOMMAND --help` describe (stdout, exit 0); `dt --version`.
import { program } from '../lib/prog.js';
import { CLASSIC_PROGRAMS, DT_FORMS, DT_HELP, DT_SUBCOMMANDS } from '../lib/commands.js';
import { readVersion } from '../lib/version.js';

const prog = program('dt');
let [name, ...rest] = process.argv.slice(2);
const usage = `dt command [args ...]\n  commands: ${[...Object.keys(DT_SUBCOMMANDS), ...CLASSIC_PROGRAMS].join(' ')}`;
if (name === 'help' && rest.length === 1 && rest[0]! in DT_SUBCOMMANDS) [name, rest] = [rest[0], ['--help']];

if (name === undefined) prog.run(() => prog.usage(usage));
else if ((name === '--help' || name === 'help') && rest.length === 0) prog.run(() => prog.out(DT_HELP));
else if (name === '--version' && rest.length === 0) prog.run(() => prog.out(`${readVersion()}\n`));
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
