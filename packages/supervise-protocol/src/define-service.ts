// A service defined in code, written as a plain daemontools service directory that svscan (ours or the real
// one), runit's and s6's tools run as well: `run` (a /bin/sh script that execs the command through the
// chain-loaders: envdir for the environment, setuidgid for the user), `log/run` (multilog), `env/`,
// `notification-fd`. Written atomically: a new directory is built under a dot-name beside it (svscan skips
// dot-names) and renamed into place; an existing one has each file replaced by rename, its supervise/ kept.
import { chmodSync, existsSync, mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, resolve } from 'node:path';
import { ServiceDefineError } from './errors.js';
import { NOTIFICATION_FD_FILE } from './notification-fd.js';

/** How each chain-loader is invoked: an argv prefix (`['envdir']`, or `[nodePath, '/…/envdir.js']`). */
export interface Chainloaders {
  envdir: readonly string[];
  setuidgid: readonly string[];
  multilog: readonly string[];
}

/** The programs found on PATH (daemontools' or dt's own, installed globally): what svscan's PATH finds. */
export const PATH_CHAINLOADERS: Chainloaders = { envdir: ['envdir'], setuidgid: ['setuidgid'], multilog: ['multilog'] };

/**
 * dt's own chain-loaders when @dt/cli is installed where this package can resolve it: each bin by absolute
 * path, run by this Node (so svscan's PATH, and the Node it finds, do not matter). undefined otherwise.
 */
export function findDtChainloaders(): Chainloaders | undefined {
  let pkg: string;
  try {
    pkg = createRequire(import.meta.url).resolve('@dt/cli/package.json');
  } catch {
    return undefined;
  }
  const bin = (name: string) => [process.execPath, join(dirname(pkg), 'dist', 'bin', `${name}.js`)];
  const chain = { envdir: bin('envdir'), setuidgid: bin('setuidgid'), multilog: bin('multilog') };
  return Object.values(chain).every(([, file]) => existsSync(file!)) ? chain : undefined;
}

export interface ServiceDefinition {
  /** The program, by path (or a name the run script's PATH finds). */
  command: string;
  args?: readonly string[];
  /** Written to DIR/env/ (one file per variable) and applied by envdir. */
  env?: Readonly<Record<string, string>>;
  /** Working directory of the command (default: the service directory). */
  cwd?: string;
  /** Run as this account (setuidgid; needs root). */
  user?: string;
  /** The fd on which the service says it is ready (s6's notification-fd). */
  notificationFd?: number;
  /**
   * A logger: `log/run` runs multilog with this script (default `['t', './main']`); the command's stderr
   * goes to the log too. `false`: no log/ directory; stdout and stderr are svscan's.
   */
  log?: { script?: readonly string[] } | false;
  /** How the chain-loaders are invoked (default: dt's own when @dt/cli is installed, else PATH_CHAINLOADERS). */
  chainloaders?: Chainloaders;
}

/** What defineService wrote. */
export interface DefinedService {
  dir: string;
  /** Files written, relative to `dir`. */
  files: string[];
}

const ENV_NAME = /^[^=\0/]+$/;
const DEFAULT_LOG_SCRIPT = ['t', './main'] as const;

/** One word for /bin/sh: as is when it is plainly safe, else in single quotes. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(word)) return word;
  return `'${word.replace(/'/g, `'\\''`)}'`;
}

function line(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}

/** The text of DIR/run for `def`. Pure. */
export function formatRunScript(def: ServiceDefinition): string {
  const chain = def.chainloaders ?? PATH_CHAINLOADERS;
  const out = ['#!/bin/sh', '# written by dt defineService'];
  if (def.log !== false) out.push('exec 2>&1');
  const argv: string[] = [];
  if (def.env !== undefined && Object.keys(def.env).length > 0) {
    // envdir reads ./env from the service directory before any cd
    if (def.cwd !== undefined) out.push('env="$PWD/env"');
    argv.push(...chain.envdir, def.cwd !== undefined ? '"$env"' : './env');
  }
  if (def.cwd !== undefined) out.push(`cd ${shellQuote(def.cwd)} || exit 111`);
  if (def.user !== undefined) argv.push(...chain.setuidgid, def.user);
  argv.push(def.command, ...(def.args ?? []));
  // "$env" must stay a variable: quote every other word
  out.push(`exec ${argv.map((w) => (w === '"$env"' ? w : shellQuote(w))).join(' ')}`);
  return `${out.join('\n')}\n`;
}

/** The text of DIR/log/run. Pure. */
export function formatLogRunScript(script: readonly string[] = DEFAULT_LOG_SCRIPT, chain: Chainloaders = PATH_CHAINLOADERS): string {
  return `#!/bin/sh\n# written by dt defineService\nexec ${line([...chain.multilog, ...script])}\n`;
}

function check(dir: string, def: ServiceDefinition): void {
  const bad = (why: string) => new ServiceDefineError(`unable to define ${dir}: ${why}`);
  if (typeof def.command !== 'string' || def.command === '') throw bad('command is empty');
  for (const [name, value] of Object.entries(def.env ?? {})) {
    if (!ENV_NAME.test(name)) throw bad(`bad environment variable name ${JSON.stringify(name)}`);
    if (value.includes('\n')) throw bad(`${name}: envdir reads one line, the value has a newline`);
  }
  const n = def.notificationFd;
  if (n !== undefined && !(Number.isInteger(n) && n >= 3 && n <= 1023)) throw bad(`notification fd must be 3..1023: ${n}`);
}

/** Write `text` to `path` through `path.new` and a rename (executable when `mode` says so). */
function writeFileAtomically(path: string, text: string, mode: number): void {
  const tmp = `${path}.new`;
  writeFileSync(tmp, text, { mode });
  chmodSync(tmp, mode); // the umask must not take the x bits away
  renameSync(tmp, path);
}

/** Fill `dir` (which exists) with the definition's files; each one replaced by rename. */
function writeFiles(dir: string, def: ServiceDefinition): string[] {
  const files: string[] = [];
  const chain = def.chainloaders ?? PATH_CHAINLOADERS;
  writeFileAtomically(join(dir, 'run'), formatRunScript(def), 0o755);
  files.push('run');
  if (def.notificationFd !== undefined) {
    writeFileAtomically(join(dir, NOTIFICATION_FD_FILE), `${def.notificationFd}\n`, 0o644);
    files.push(NOTIFICATION_FD_FILE);
  } else rmSync(join(dir, NOTIFICATION_FD_FILE), { force: true });
  const env = Object.entries(def.env ?? {});
  if (env.length > 0) {
    // a whole new env/ renamed over the old one, so a start never sees half of each
    const next = join(dir, '.env.new');
    rmSync(next, { recursive: true, force: true });
    mkdirSync(next);
    // envdir: an empty file removes the variable, so an empty value is an empty line
    for (const [name, value] of env) writeFileSync(join(next, name), `${value}\n`, { mode: 0o644 });
    const old = join(dir, '.env.old');
    rmSync(old, { recursive: true, force: true });
    if (existsSync(join(dir, 'env'))) renameSync(join(dir, 'env'), old);
    renameSync(next, join(dir, 'env'));
    rmSync(old, { recursive: true, force: true });
    files.push(...env.map(([name]) => `env/${name}`));
  }
  if (def.log !== false) {
    mkdirSync(join(dir, 'log'), { recursive: true });
    writeFileAtomically(join(dir, 'log', 'run'), formatLogRunScript(def.log?.script, chain), 0o755);
    files.push('log/run');
  }
  return files;
}

/**
 * Writes the service directory `dir` for `def` (see the file comment); returns what it wrote. A new
 * directory appears whole or not at all. ServiceDefineError for a bad definition or a failed write
 * (errno words in the message, the errno as `cause`).
 */
export function defineService(dir: string, definition: ServiceDefinition): DefinedService {
  const def = { ...definition, chainloaders: definition.chainloaders ?? findDtChainloaders() ?? PATH_CHAINLOADERS };
  check(dir, def);
  try {
    if (existsSync(dir)) return { dir, files: writeFiles(dir, def) };
    const tmp = join(dirname(resolve(dir)), `.${basename(resolve(dir))}.new-${process.pid}`);
    rmSync(tmp, { recursive: true, force: true });
    mkdirSync(tmp, { mode: 0o755 });
    try {
      const files = writeFiles(tmp, def);
      renameSync(tmp, dir);
      return { dir, files };
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      throw e;
    }
  } catch (e) {
    if (e instanceof ServiceDefineError) throw e;
    const what = (e as { path?: unknown }).path;
    const where = typeof what === 'string' ? ` (${what})` : '';
    throw new ServiceDefineError(`unable to define ${dir}${where}`, { cause: e }); // the errno words are appended
  }
}
