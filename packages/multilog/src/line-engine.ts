// The hot path: input bytes to per-directory output, reproducing multilog.c doit() byte for byte, including
// WHERE its 512-byte per-directory buffers are flushed (that decides the rotation points): 0.76 reads at most
// 1024 bytes at a time and flushes every directory buffer before each read. We process a whole chunk at once
// and only record those flush points ("cuts"); the directory then writes the chunk with one write(2) per
// stretch between rotations. Lines are found with indexOf; no UTF-8 decoding; the script is compiled once.
import { Stamper, STAMP_LENGTH, wasm } from '@dt/tai64';
import { CTX, CTX_SIZE, KERNEL_NEEDS_STAMP, type LineKernel, lineKernel } from './line-kernel.js';
import { compilePattern, MATCH_ALL, type Matcher } from './pattern.js';
import type { Script } from './script.js';

/** multilog.c: `char line[1001]`, linelen <= 1000: what patterns, e and =file see. */
export const LINE_LIMIT = 1000;
/** `=file` always gets exactly this many bytes (the line padded with newlines). */
export const STATUS_LENGTH = 1001;
/** `e` shows at most this many bytes, then `...`. */
export const ALERT_LIMIT = 200;
/** 0.76 reads stdin through a buffer of this size (inbuf[1024]). */
export const READ_SIZE = 1024;
/** The per-directory output buffer (struct cyclog buf[512]). */
export const DIR_BUFFER_SIZE = 512;

const NL = 0x0a;
/** Lines up to this long (newline included) are scanned and copied by JS loops in the one-directory path. */
const SHORT_SCAN = 48;
const DOTS_NL = Buffer.from('...\n', 'latin1');

/** Where a directory's output goes: `cuts` are the ends of 0.76's buffer flushes, the last one equals end. */
export interface UnitSink {
  /** buf[start, end) in flushes ending at cuts[0, cutCount) (absolute offsets; the last one is end). */
  writeUnits(buf: Buffer, start: number, cuts: readonly number[], cutCount: number, end: number): void;
}

export interface EngineSinks {
  dirs: UnitSink[];
  /** `e` output for one chunk (already formatted). */
  alert(buf: Buffer, start: number, end: number): void;
  /** The latest 1001-byte status of status file `index` after a chunk. */
  status(index: number, buf: Buffer): void;
}

/**
 * Output staged for one directory during one chunk, inside the engine's arena at [base, base+capacity),
 * with 0.76's buffer-flush points. Positions (len, unitStart, cuts) are absolute arena offsets.
 */
class DirStage {
  len: number;
  unitStart: number; // where the emulated 512-byte buffer's contents begin
  /** Ends of the flushes so far in this chunk: cuts[0, cutCount). Reused, never shrunk. */
  cuts: number[] = [];
  cutCount = 0;
  constructor(readonly base: number) {
    this.len = base;
    this.unitStart = base;
  }

  /** buffer_put of the `n` bytes just placed at len (n <= 1000). */
  put(n: number): void {
    const pre = this.len;
    if (n > DIR_BUFFER_SIZE - (pre - this.unitStart)) {
      if (pre > this.unitStart) this.cuts[this.cutCount++] = pre;
      if (n > DIR_BUFFER_SIZE) {
        this.cuts[this.cutCount++] = pre + n; // written directly, past the buffer
        this.unitStart = pre + n;
      } else this.unitStart = pre;
    }
    this.len = pre + n;
  }

  /** buffer_PUTC of each of the `n` bytes just placed at len: a full buffer is flushed when the next byte comes. */
  putc(n: number): void {
    const end = this.len + n;
    for (let c = this.unitStart + DIR_BUFFER_SIZE; c < end; c += DIR_BUFFER_SIZE) {
      this.cuts[this.cutCount++] = c;
      this.unitStart = c;
    }
    this.len = end;
  }

  /** buffer_flush. */
  flush(): void {
    if (this.len > this.unitStart) {
      this.cuts[this.cutCount++] = this.len;
      this.unitStart = this.len;
    }
  }

  reset(): void {
    this.len = this.base;
    this.unitStart = this.base;
    this.cutCount = 0;
  }
}

type Step = (line: Buffer, len: number, selected: boolean) => boolean;

export interface LineEngineOptions {
  /** Every line through the general path (head, script actions): the reference the fast paths are tested
   *  against (test/line-engine-paths.test.ts). */
  general?: boolean;
  /** The short-line loop in WebAssembly (line-kernel.ts; default where WebAssembly runs) or in JS (false):
   *  the same bytes either way, tested. */
  wasm?: boolean;
}

interface Selection {
  /** Whether a line is selected before the first test. */
  first: boolean;
  tests: { select: boolean; pattern: Buffer }[];
}

/**
 * For a script whose only actions are +pattern and -pattern before its one directory: whether a line (its
 * head, stamp included, at buf[start, start+len)) goes to that directory. Undefined for any other script.
 */
function selectionOf(script: Script): Selection | undefined {
  const dirAt = script.actions.findIndex((a) => a.kind === 'dir');
  if (script.dirs.length !== 1 || script.actions.filter((a) => a.kind === 'dir').length !== 1) return undefined;
  const tests: Selection['tests'] = [];
  for (const a of script.actions.slice(0, dirAt)) {
    if (a.kind === 'select' || a.kind === 'deselect') tests.push({ select: a.kind === 'select', pattern: a.pattern });
    else return undefined;
  }
  // what comes after the directory changes nothing it gets, but must not look at lines (e, =file)
  if (script.actions.slice(dirAt + 1).some((a) => a.kind === 'alert' || a.kind === 'status')) return undefined;
  // -* deselects every line whatever came before it: start after the last one
  let from = 0;
  for (let i = 0; i < tests.length; i++) if (!tests[i]!.select && compilePattern(tests[i]!.pattern) === MATCH_ALL) from = i + 1;
  return { first: from === 0, tests: tests.slice(from) };
}

/** The selection as line-kernel.ts's program: per test [select: i32][pattern length: i32][pattern, padded to 4]. */
function programOf(selection: Selection): Buffer {
  const parts = selection.tests.map((t) => {
    const b = Buffer.alloc(8 + ((t.pattern.length + 3) & ~3));
    b.writeInt32LE(t.select ? 1 : 0, 0);
    b.writeInt32LE(t.pattern.length, 4);
    t.pattern.copy(b, 8);
    return b;
  });
  return Buffer.concat(parts);
}

/** The selection as a matcher of the staged line. */
function selectorOf(selection: Selection): Matcher {
  const first = selection.first;
  const rest = selection.tests.map((t) => ({ select: t.select, m: compilePattern(t.pattern) }));
  if (rest.length === 1 && rest[0]!.select && !first) {
    const m = rest[0]!.m; // `-* +pattern`: the line is selected when it matches
    return m;
  }
  return (buf, start, len) => {
    let sel = first;
    for (let i = 0; i < rest.length; i++) {
      const t = rest[i]!;
      // +pattern selects a line that matches, -pattern deselects it; a test that cannot change sel is skipped
      if (t.select !== sel && t.m(buf, start, len)) sel = t.select;
    }
    return sel;
  };
}

/** Input is processed in pieces of at most this size (a multiple of READ_SIZE, so boundaries stay aligned). */
export const CHUNK_SIZE = 1 << 16;
// Worst case output of one chunk for one directory: every byte a newline, each line stamped.
const STAGE_SIZE = CHUNK_SIZE * (STAMP_LENGTH + 1) + 2 * LINE_LIMIT + STAMP_LENGTH + 64;
const HEAD_OFF = CHUNK_SIZE;
const STAMP_OFF = HEAD_OFF + STATUS_LENGTH + 7;
const STAGES_OFF = STAMP_OFF + 32;

export class LineEngine {
  /**
   * One allocation for everything on the hot path: [input chunk][line head][stamp][stage per directory].
   * Copies inside it are copyWithin (a memmove, no allocation), which is what makes per-line work cheap.
   */
  private readonly arena: Buffer;
  /** The input region: read CHUNK_SIZE bytes into it, then call pushInput(n). */
  readonly input: Buffer;
  private readonly stampLen: number;
  private readonly stamper: Stamper;
  private readonly stages: DirStage[];
  private readonly sinks: EngineSinks;
  private readonly steps: Step[];
  /** Some action looks at the line (+, -, e, =): assemble the first 1000 bytes before deciding. */
  private readonly needsLine: boolean;
  /** Nothing looks at lines and there are several directories: they all get the same bytes at the same
   *  flush points, so one stage is filled and written to every directory. */
  private readonly shared: boolean;
  /** A script of +/- patterns and one directory: whole short lines are matched where they are staged. */
  private readonly selector: Matcher | undefined;
  /** The short-line loop in WebAssembly over the arena (its memory); undefined: the JS loop. */
  private readonly kernel: LineKernel | undefined;
  /** The kernel's context words (Int32Array over the memory at ctxAt). */
  private readonly ctx: Int32Array | undefined;
  private readonly ctxAt: number = 0;
  private readonly kernelCuts: Int32Array | undefined;
  private readonly progAt: number = 0;
  private readonly selected: Uint8Array;
  private headLen = 0;
  private stampStale = true;
  private nextB = READ_SIZE; // next read boundary in the current chunk
  private inLine = false;
  private inTail = false; // past the first 1000 bytes of a line: streaming the rest
  private alertBuf = Buffer.allocUnsafe(4096);
  private alertLen = 0;
  private readonly statusBufs: Buffer[];
  private readonly statusDirty: boolean[];

  constructor(script: Script, sinks: EngineSinks, stamper: Stamper = new Stamper(), options: LineEngineOptions = {}) {
    this.stampLen = script.timestamp ? STAMP_LENGTH : 0;
    this.stamper = stamper;
    this.sinks = sinks;
    this.needsLine = options.general === true || script.actions.some((a) => a.kind !== 'dir');
    this.shared = !this.needsLine && script.dirs.length > 1;
    const selection = options.general === true ? undefined : selectionOf(script);
    this.selector = selection && selectorOf(selection);
    const nStages = this.shared ? 1 : script.dirs.length;
    const arenaSize = STAGES_OFF + nStages * STAGE_SIZE;
    const useKernel = options.general !== true && options.wasm !== false && wasm.wasmAvailable() && (!this.needsLine ? nStages === 1 : selection !== undefined);
    if (useKernel) {
      // [arena][context][pattern program][cuts]: at most 4 cuts per line of at least one byte
      this.ctxAt = (arenaSize + 63) & ~63;
      this.progAt = this.ctxAt + CTX_SIZE;
      const program = selection ? programOf(selection) : Buffer.alloc(0);
      const cutsAt = this.progAt + ((program.length + 63) & ~63);
      this.kernel = lineKernel(cutsAt + 4 * 4 * CHUNK_SIZE + 64);
      this.arena = Buffer.from(this.kernel.memory.buffer, 0, arenaSize);
      const mem = Buffer.from(this.kernel.memory.buffer);
      program.copy(mem, this.progAt);
      this.ctx = new Int32Array(this.kernel.memory.buffer, this.ctxAt, CTX_SIZE >> 2);
      this.kernelCuts = new Int32Array(this.kernel.memory.buffer, cutsAt, 4 * CHUNK_SIZE);
      const ctx = this.ctx;
      ctx[CTX.s >> 2] = this.stampLen;
      ctx[CTX.stampAt >> 2] = STAMP_OFF;
      ctx[CTX.cutsAt >> 2] = cutsAt;
      ctx[CTX.prog >> 2] = selection ? this.progAt : 0;
      ctx[CTX.sel0 >> 2] = selection?.first ? 1 : 0;
      ctx[CTX.progEnd >> 2] = this.progAt + program.length;
      stamper.bindTo(this.arena, STAMP_OFF);
    } else this.arena = Buffer.allocUnsafe(arenaSize);
    this.arena.fill(NL, HEAD_OFF, HEAD_OFF + STATUS_LENGTH);
    this.input = this.arena.subarray(0, CHUNK_SIZE);
    this.stages = Array.from({ length: nStages }, (_d, j) => new DirStage(STAGES_OFF + j * STAGE_SIZE));
    this.selected = new Uint8Array(script.dirs.length).fill(1);
    this.statusBufs = script.statusFiles.map(() => Buffer.alloc(STATUS_LENGTH, NL));
    this.statusDirty = script.statusFiles.map(() => false);
    this.steps = this.compile(script);
  }

  /** True when no line is in progress (0.76 flagnewline: the last byte read was a newline, or none was read). */
  get atLineStart(): boolean {
    return !this.inLine;
  }

  private compile(script: Script): Step[] {
    let statusIndex = 0;
    return script.actions.map((a): Step => {
      switch (a.kind) {
        case 'select': {
          const m = compilePattern(a.pattern);
          return (line, len, sel) => sel || m(line, HEAD_OFF, len);
        }
        case 'deselect': {
          const m = compilePattern(a.pattern);
          return (line, len, sel) => sel && !m(line, HEAD_OFF, len);
        }
        case 'alert':
          return (line, len, sel) => {
            if (sel) this.addAlert(line, len);
            return sel;
          };
        case 'status': {
          const k = statusIndex++;
          const out = this.statusBufs[k]!;
          return (line, len, sel) => {
            if (sel) {
              line.copy(out, 0, HEAD_OFF, HEAD_OFF + len);
              out.fill(NL, len);
              this.statusDirty[k] = true;
            }
            return sel;
          };
        }
        case 'dir': {
          const i = a.index;
          return (_line, _len, sel) => {
            this.selected[i] = sel ? 1 : 0;
            return sel;
          };
        }
      }
    });
  }

  private addAlert(line: Buffer, len: number): void {
    const n = len > ALERT_LIMIT ? ALERT_LIMIT + 4 : len + 1;
    if (this.alertLen + n > this.alertBuf.length) {
      const next = Buffer.allocUnsafe(Math.max(this.alertBuf.length * 2, this.alertLen + n));
      this.alertBuf.copy(next, 0, 0, this.alertLen);
      this.alertBuf = next;
    }
    if (len > ALERT_LIMIT) {
      line.copy(this.alertBuf, this.alertLen, HEAD_OFF, HEAD_OFF + ALERT_LIMIT);
      DOTS_NL.copy(this.alertBuf, this.alertLen + ALERT_LIMIT);
    } else {
      line.copy(this.alertBuf, this.alertLen, HEAD_OFF, HEAD_OFF + len);
      this.alertBuf[this.alertLen + len] = NL;
    }
    this.alertLen += n;
  }

  private decide(): void {
    let sel = true;
    const steps = this.steps;
    for (let i = 0; i < steps.length; i++) sel = steps[i]!(this.arena, this.headLen, sel);
  }

  private flushAll(): void {
    const stages = this.stages;
    for (let j = 0; j < stages.length; j++) stages[j]!.flush();
  }

  /** The head (first <= 1000 bytes) to every selected directory; a newline too when the line ended. */
  private emitHead(withNewline: boolean): void {
    const n = this.headLen;
    const a = this.arena;
    for (let j = 0; j < this.stages.length; j++) {
      if (!this.selected[j]) continue;
      const s = this.stages[j]!;
      a.copyWithin(s.len, HEAD_OFF, HEAD_OFF + n);
      s.put(n);
      if (withNewline) {
        a[s.len] = NL;
        s.putc(1);
      }
    }
  }

  private emitTail(start: number, end: number): void {
    const a = this.arena;
    for (let j = 0; j < this.stages.length; j++) {
      if (!this.selected[j]) continue;
      const s = this.stages[j]!;
      a.copyWithin(s.len, start, end);
      s.putc(end - start);
    }
  }

  private emitNewline(): void {
    for (let j = 0; j < this.stages.length; j++) {
      if (!this.selected[j]) continue;
      const s = this.stages[j]!;
      this.arena[s.len] = NL;
      s.putc(1);
    }
  }

  /** A new line's head starts: stamp it (0.76 stamps when the first byte of a line is read). */
  private startHead(): void {
    this.inLine = true;
    this.headLen = 0;
    if (this.stampLen) {
      this.arena.copyWithin(HEAD_OFF, STAMP_OFF, STAMP_OFF + STAMP_LENGTH);
      this.headLen = this.stampLen;
    }
    // (bytes past headLen are never read: =file pads its own copy with newlines)
  }

  /** Processes any amount of input (copied into the arena piece by piece). */
  push(data: Uint8Array): void {
    for (let off = 0; off < data.length; off += CHUNK_SIZE) {
      const n = Math.min(CHUNK_SIZE, data.length - off);
      this.input.set(data.subarray(off, off + n), 0);
      this.pushInput(n);
    }
  }

  /** The short-line loop: the kernel's where there is one, else shortLinesOneDir. */
  private shortLines(view: Buffer, pos: number, R: number, selector: Matcher | undefined): number {
    const ctx = this.ctx;
    if (ctx === undefined) return this.shortLinesOneDir(view, pos, R, selector);
    const run = this.kernel!.run;
    const s = this.stages[0]!;
    ctx[CTX.pos >> 2] = pos;
    ctx[CTX.end >> 2] = R;
    ctx[CTX.o >> 2] = s.len;
    ctx[CTX.us >> 2] = s.unitStart;
    ctx[CTX.nextB >> 2] = this.nextB;
    ctx[CTX.stale >> 2] = this.stampLen !== 0 && this.stampStale ? 1 : 0;
    const cuts = this.kernelCuts!;
    for (;;) {
      ctx[CTX.cc >> 2] = 0;
      const r = run(this.ctxAt);
      const cc = ctx[CTX.cc >> 2]!;
      for (let k = 0; k < cc; k++) s.cuts[s.cutCount++] = cuts[k]!;
      if (r !== KERNEL_NEEDS_STAMP) break;
      // the stamper keeps its stamp at STAMP_OFF (bound in the constructor): only digits that changed are
      // rewritten, when the clock moved
      this.stamper.refresh();
      ctx[CTX.stale >> 2] = 0;
    }
    s.len = ctx[CTX.o >> 2]!;
    s.unitStart = ctx[CTX.us >> 2]!;
    this.nextB = ctx[CTX.nextB >> 2]!;
    this.stampStale = ctx[CTX.stale >> 2] === 1;
    return ctx[CTX.pos >> 2]!;
  }

  /**
   * The hot loop for the commonest script (one directory, nothing that looks at lines): consecutive whole
   * lines shorter than the head, with DirStage.put/putc/flush and the read boundaries inlined on locals.
   * Returns where it stopped (a long or unfinished line, or R).
   */
  private shortLinesOneDir(view: Buffer, pos: number, R: number, selector: Matcher | undefined): number {
    const a = this.arena;
    const S = this.stampLen;
    const room = LINE_LIMIT - S;
    const s = this.stages[0]!;
    const cuts = s.cuts;
    let cc = s.cutCount;
    let o = s.len;
    let us = s.unitStart; // start of the emulated 512-byte buffer's contents
    let nextB = this.nextB;
    let stale = S !== 0 && this.stampStale;
    while (pos < R) {
      // a short line's newline is found by a JS loop (no native call); a longer one by indexOf
      let nl = -1;
      const lim = pos + SHORT_SCAN < R ? pos + SHORT_SCAN : R;
      for (let k = pos; k < lim; k++) {
        if (a[k] === NL) {
          nl = k;
          break;
        }
      }
      if (nl === -1 && lim < R) nl = view.indexOf(NL, lim);
      if (nl === -1 || nl - pos >= room) break;
      if (stale) {
        this.stamper.write(a, STAMP_OFF);
        stale = false;
      }
      if (nextB <= nl) {
        // a read boundary inside this line: 0.76 flushed before reading on; this line keeps the stamp of the
        // read it started in, the next line reads the clock again
        if (o > us) cuts[cc++] = us = o;
        nextB = (Math.floor(nl / READ_SIZE) + 1) * READ_SIZE;
        stale = S !== 0;
      }
      const len = nl + 1 - pos;
      if (len <= SHORT_SCAN) {
        // short: byte loops beat two native calls
        for (let k = 0; k < S; k++) a[o + k] = a[STAMP_OFF + k]!;
        for (let k = 0; k < len; k++) a[o + S + k] = a[pos + k]!;
      } else {
        if (S) a.copyWithin(o, STAMP_OFF, STAMP_OFF + S);
        a.copyWithin(o + S, pos, nl + 1);
      }
      const n = S + nl - pos;
      pos = nl + 1;
      // a script of patterns: the line as staged (stamp and all) is its head; not selected, it is not kept
      if (selector !== undefined && !selector(a, o, n)) continue;
      // buffer_put(line, n)
      if (n > DIR_BUFFER_SIZE - (o - us)) {
        if (o > us) cuts[cc++] = o;
        if (n > DIR_BUFFER_SIZE) cuts[cc++] = us = o + n;
        else us = o;
      }
      o += n;
      // buffer_PUTC('\n'): a full buffer is flushed first
      if (o - us >= DIR_BUFFER_SIZE) cuts[cc++] = us = o;
      o += 1;
    }
    s.cutCount = cc;
    s.len = o;
    s.unitStart = us;
    this.nextB = nextB;
    this.stampStale = stale;
    return pos;
  }

  /**
   * Processes input[0, R) as 0.76 processes the same bytes read in 1024-byte pieces, then writes: one
   * write(2) per directory (more only where current is rotated inside the chunk).
   */
  pushInput(R: number): void {
    if (R <= 0) return;
    const a = this.arena;
    const stages = this.stages;
    const nd = stages.length; // one when shared
    const S = this.stampLen;
    const room = LINE_LIMIT - S; // content bytes of a line that fit in its head
    const fast = !this.needsLine;
    const view = R === CHUNK_SIZE ? this.input : a.subarray(0, R); // bounds indexOf
    if (fast && this.sinks.dirs.length === 0) {
      // nothing looks at the lines: only whether a line is in progress matters (SIGTERM)
      this.inLine = a[R - 1] !== NL;
      return;
    }
    let pos = 0;
    // 0.76 flushes every directory before each read of at most 1024 bytes: before byte nextB
    this.nextB = READ_SIZE;
    // The clock is read at most once per 1024-byte read (lines whose first bytes arrive in one read share a
    // stamp).
    this.stampStale = true;
    const boundary = (at: number): void => {
      if (this.nextB <= at) {
        this.flushAll();
        this.nextB = (Math.floor(at / READ_SIZE) + 1) * READ_SIZE;
        this.stampStale = true;
      }
    };

    while (pos < R) {
      if (this.inTail) {
        const nl = view.indexOf(NL, pos);
        const stop = nl === -1 ? R : nl;
        while (pos < stop) {
          boundary(pos);
          const segEnd = stop < this.nextB ? stop : this.nextB;
          this.emitTail(pos, segEnd);
          pos = segEnd;
        }
        if (nl === -1) break;
        boundary(nl);
        this.emitNewline();
        this.inTail = false;
        this.inLine = false;
        pos = nl + 1;
        continue;
      }
      if (!this.inLine) {
        if (fast && nd === 1) {
          pos = this.shortLines(view, pos, R, undefined);
          if (pos >= R) break;
        } else if (this.selector !== undefined) {
          pos = this.shortLines(view, pos, R, this.selector);
          if (pos >= R) break;
        }
        if (pos >= this.nextB) boundary(pos);
        if (S && this.stampStale) {
          this.stamper.write(a, STAMP_OFF);
          this.stampStale = false;
        }
        const nl = view.indexOf(NL, pos);
        if (fast && nl !== -1 && nl - pos < room) {
          // a whole short line inside the chunk, every directory selected
          if (this.nextB <= nl) boundary(nl);
          const n = S + nl - pos;
          for (let j = 0; j < nd; j++) {
            const s = stages[j]!;
            const o = s.len;
            if (S) a.copyWithin(o, STAMP_OFF, STAMP_OFF + S);
            a.copyWithin(o + S, pos, nl + 1);
            s.put(n);
            s.putc(1);
          }
          pos = nl + 1;
          continue;
        }
        this.startHead();
      }
      // assembling the head of a line
      const limit = Math.min(R, pos + (LINE_LIMIT - this.headLen));
      const nl = view.indexOf(NL, pos);
      if (nl !== -1 && nl < limit) {
        a.copyWithin(HEAD_OFF + this.headLen, pos, nl);
        this.headLen += nl - pos;
        boundary(nl);
        this.decide();
        this.emitHead(true);
        this.inLine = false;
        pos = nl + 1;
        continue;
      }
      a.copyWithin(HEAD_OFF + this.headLen, pos, limit);
      this.headLen += limit - pos;
      if (this.headLen === LINE_LIMIT) {
        boundary(limit - 1);
        this.decide();
        this.emitHead(false);
        this.inTail = true;
      }
      pos = limit;
    }
    this.flushAll();
    this.writeOut();
  }

  /** End of input: a partial last line gets its newline (0.76 doit/c_quit); everything is written. */
  end(): void {
    this.flushAll(); // the read that found end of input
    if (this.inLine) {
      if (this.inTail) this.emitNewline();
      else {
        this.decide();
        this.emitHead(true);
      }
      this.inLine = false;
      this.inTail = false;
    }
    this.flushAll();
    this.writeOut();
  }

  private writeOut(): void {
    if (this.alertLen > 0) {
      const n = this.alertLen;
      this.alertLen = 0;
      this.sinks.alert(this.alertBuf, 0, n);
    }
    for (let k = 0; k < this.statusDirty.length; k++) {
      if (this.statusDirty[k]) {
        this.statusDirty[k] = false;
        this.sinks.status(k, this.statusBufs[k]!);
      }
    }
    const dirs = this.sinks.dirs;
    for (let j = 0; j < this.stages.length; j++) {
      const s = this.stages[j]!;
      if (s.len > s.base) {
        if (this.shared) for (let d = 0; d < dirs.length; d++) dirs[d]!.writeUnits(this.arena, s.base, s.cuts, s.cutCount, s.len);
        else dirs[j]!.writeUnits(this.arena, s.base, s.cuts, s.cutCount, s.len);
      }
      s.reset();
    }
  }
}
