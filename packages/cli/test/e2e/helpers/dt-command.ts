// Running our built `dt` (dist/bin/dt.js) in the end-to-end tests, with this very Node and a clean colour
// environment; need() fails (never skips) when a program or the build is missing.
import { join } from 'node:path';
import { execa } from 'execa';
import { BIN_DIR, requireFile } from './real-supervise.js';

/** Fail (never skip) when p is missing; returns p. */
export const need = requireFile;

// NO_COLOR as the e2e convention; FORCE_COLOR (set by jest in a terminal) dropped, or Node warns about both.
export const ENV: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
delete ENV.FORCE_COLOR;

export const DT = join(BIN_DIR, 'dt.js');

/** `dt ARGS` in cwd, never rejecting: the result carries exitCode, stdout and stderr. */
export const dt = (args: string[], cwd?: string) =>
  execa(process.execPath, [need(DT, 'cd packages/cli && npx tsup'), ...args], { reject: false, cwd, env: ENV, extendEnv: false });
