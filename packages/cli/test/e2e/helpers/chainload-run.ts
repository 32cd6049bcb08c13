// Differential runs for the chain-loaders: the real /usr/bin/X (daemontools 0.76) and our dist/bin/X.js with
// the same arguments, environment and directory; the final program (fixtures/chainload/report.sh) reports
// what it sees of itself, and the two reports are compared line for line.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';

export const BIN_DIR = process.env.DT_E2E_BIN_DIR ?? fileURLToPath(new URL('../../../dist/bin/', import.meta.url));
export const REPORT = fileURLToPath(new URL('../../fixtures/chainload/report.sh', import.meta.url));

/** A fixed environment, so both programs start from the same one (order included). */
export const BASE_ENV: Readonly<Record<string, string>> = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  HOME: '/root',
  LANG: 'C',
  DT_A: 'a',
  DT_B: 'b b',
  DT_C: 'c',
};

function requireFile(path: string, hint: string): string {
  if (!existsSync(path)) throw new Error(`${path} is missing: ${hint}`);
  return path;
}

export const realBin = (name: string) => requireFile(`/usr/bin/${name}`, 'install daemontools 0.76 (apt-get install -y daemontools)');
export const ourBin = (name: string) => requireFile(join(BIN_DIR, `${name}.js`), 'build it first: cd packages/cli && npx tsup');

export interface Run {
  pid: number;
  exitCode: number | undefined;
  signal: string | undefined;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string>;
  cwd?: string;
}

async function run(file: string, args: readonly string[], opts: RunOptions): Promise<Run> {
  const sub = execa(file, args, {
    reject: false,
    env: opts.env ?? BASE_ENV,
    extendEnv: false,
    cwd: opts.cwd,
    stripFinalNewline: false,
    stdin: 'ignore',
    timeout: 20_000,
  });
  const pid = sub.pid!;
  const r = await sub;
  return { pid, exitCode: r.exitCode, signal: r.signal, stdout: String(r.stdout), stderr: String(r.stderr) };
}

export const runReal = (name: string, args: readonly string[], opts: RunOptions = {}) => run(realBin(name), args, opts);
export const runOurs = (name: string, args: readonly string[], opts: RunOptions = {}) =>
  run(process.execPath, [ourBin(name), ...args], opts);

/** Both, one after the other (never concurrently: some tests share a lock file or directory). */
export async function runBoth(name: string, args: readonly string[], opts: RunOptions = {}): Promise<{ real: Run; ours: Run }> {
  const real = await runReal(name, args, opts);
  const ours = await runOurs(name, args, opts);
  return { real, ours };
}

/** What to compare of a run whose final program is report.sh: the pid line becomes whether it is the run's own pid. */
export function seen(r: Run): { exitCode: number | undefined; stderr: string; report: string[] } {
  const report = r.stdout.split('\n').map((l) => (l === `pid=${r.pid}` ? 'pid=same as the program started' : l));
  return { exitCode: r.exitCode, stderr: r.stderr, report };
}

/** Exit code, stdout and stderr: for bad input, which must match byte for byte. */
export const outcome = (r: Run) => ({ exitCode: r.exitCode, stdout: r.stdout, stderr: r.stderr });

export function tempDir(prefix: string): { dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), `dt-${prefix}-`));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}
