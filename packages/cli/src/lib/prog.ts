// Our skalibs strerr: every program's diagnostics in daemontools' form, written with fs.writeSync(2)
// so they survive an immediate exit or exec even when stderr is a pipe.
import { writeSync } from 'node:fs';
import { errnoText } from '@dt/posix';
import { ChainloadError } from './chainload-errors.js';
import { EXIT_TEMPORARY, EXIT_USAGE } from './exit-codes.js';

/** Thrown by fatal()/usage() inside run() to unwind with an exit code. */
export class ProgramExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

function writeAllTo(fd: number, text: string | Buffer, encoding: 'utf8' | 'latin1' = 'utf8'): void {
  const buf = typeof text === 'string' ? Buffer.from(text, encoding) : text;
  let off = 0;
  while (off < buf.length) {
    try {
      off += writeSync(fd, buf, off, buf.length - off);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      return;
    }
  }
}

/** Write all of `text` to fd 2 (partial writes and EAGAIN retried); a closed stderr is ignored. */
export function writeStderr(text: string | Buffer): void {
  writeAllTo(2, text);
}

/** `NAME: KIND: TEXT[: ERR]\n`, ERR in djb's words (errnoText). */
export function formatLine(name: string, kind: 'usage' | 'warning' | 'fatal', text: string, err?: unknown): string {
  return `${name}: ${kind}: ${withErr(text, err)}\n`;
}

export interface Program {
  readonly name: string;
  /** `prog: usage: TEXT`, exit 100 (or the given code: envdir uses 111). */
  usage(text: string, code?: number): never;
  /** `prog: warning: TEXT[: ERR]` */
  warn(text: string, err?: unknown): void;
  /** `prog: fatal: TEXT[: ERR]`, exit 111 unless a code is given. */
  fatal(text: string, err?: unknown, code?: number): never;
  /** fatal(e.message, e.cause): for library errors whose message is the text and whose cause the system error. */
  fatalFrom(e: unknown): never;
  /** warn(e.message, e.cause), the same for a warning. */
  warnFrom(e: unknown): void;
  /** `TEXT\n` on fd 2 as it is (a library's ready-made warning line). */
  line(text: string): void;
  /** Write to stdout synchronously. */
  out(text: string | Buffer): void;
  /**
   * Run main; its number is the exit code. An uncaught ChainloadError prints as fatal(e.text, e.cause); any
   * other error as `prog: fatal: MESSAGE` (its cause not appended: e.g. SuperviseError's message already
   * holds the errno words). Both exit 111 (stack only with DT_DEBUG).
   */
  run(main: () => number | void | Promise<number | void>): void;
}

function withErr(text: string, err: unknown): string {
  return err === undefined ? text : `${text}: ${errnoText(err as never)}`;
}

export interface ProgramOptions {
  /** Texts are byte strings (one char per byte: rawArgs()), written as those bytes; default UTF-8. */
  bytes?: boolean;
}

export function program(name: string, opts: ProgramOptions = {}): Program {
  const enc = opts.bytes ? 'latin1' : 'utf8';
  const writeAll = (fd: number, text: string | Buffer) => writeAllTo(fd, text, enc);
  const prog: Program = {
    name,
    usage(text, code = EXIT_USAGE) {
      writeAll(2, formatLine(name, 'usage', text));
      throw new ProgramExit(code);
    },
    warn(text, err) {
      writeAll(2, formatLine(name, 'warning', text, err));
    },
    fatal(text, err, code = EXIT_TEMPORARY) {
      writeAll(2, formatLine(name, 'fatal', text, err));
      throw new ProgramExit(code);
    },
    line(text) {
      writeAll(2, `${text}\n`);
    },
    fatalFrom(e) {
      const err = e as Error;
      return prog.fatal(err.message, err.cause ?? undefined);
    },
    warnFrom(e) {
      const err = e as Error;
      prog.warn(err.message, err.cause ?? undefined);
    },
    out(text) {
      writeAll(1, text);
    },
    run(main) {
      const done = (code: number | void) => {
        process.exitCode = code ?? 0;
      };
      const fail = (e: unknown) => {
        if (e instanceof ProgramExit) return done(e.exitCode);
        if (e instanceof ChainloadError) writeAll(2, formatLine(name, 'fatal', e.text, e.cause));
        else writeAll(2, `${name}: fatal: ${e instanceof Error ? e.message : String(e)}\n`);
        if (process.env.DT_DEBUG && e instanceof Error && e.stack) writeAll(2, `${e.stack}\n`);
        done(EXIT_TEMPORARY);
      };
      try {
        const r = main();
        if (r instanceof Promise) r.then(done, fail);
        else done(r);
      } catch (e) {
        fail(e);
      }
    },
  };
  return prog;
}
