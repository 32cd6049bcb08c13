// multilog's short-line loop (LineEngine.shortLinesOneDir) as one small WebAssembly function (decision 0017):
// the same steps on the same arena, which is the kernel's linear memory. Per whole line shorter than the head:
// find its newline 16 bytes at a time (SIMD compare + bitmask), flush at 0.76's 1024-byte read boundaries,
// copy the stamp and the line into the directory's stage with 16-byte moves, match a script of +/- patterns
// on the staged line (match.c's rules, no backtracking), and keep 0.76's 512-byte buffer flush points as cuts.
// It returns to JS when the stamp is stale (JS reads the clock) and at a line it does not take (longer than
// the head, or not finished in the chunk), where the general path goes on.
import { wasm } from '@dt/tai64';

const { add, c, get, I32, load32, load8, moduleBytes, op, set, simd, store32, uleb, V128, vload, vstore } = wasm;

/** Context words (byte offsets from the context's address). */
export const CTX = {
  pos: 0, // input position (the input starts at arena 0)
  end: 4, // end of the input
  o: 8, // the stage's fill
  us: 12, // start of the emulated 512-byte buffer's contents
  cc: 16, // cuts written at cutsAt this call (set to 0 before each call)
  nextB: 20, // next 1024-byte read boundary
  stale: 24, // 1: the stamp must be read before the next line
  s: 28, // stamp length (0 or 26)
  stampAt: 32, // where the stamp bytes are
  cutsAt: 36, // where the cuts go (i32 each)
  prog: 40, // address of the pattern program, 0: none (every line kept)
  sel0: 44, // selection before the program's first test
  progEnd: 48,
} as const;
export const CTX_SIZE = 64;

/** run(ctx) results. */
export const KERNEL_STOPPED = 0; // at ctx.pos: a line the kernel does not take, or the end of the input
export const KERNEL_NEEDS_STAMP = 1; // read the clock into stampAt, clear stale, run again

const DIR_BUFFER = 512;
const LINE_LIMIT = 1000;

// run's locals (param 0: ctx)
const C = 0;
const POS = 1;
const END = 2;
const O = 3;
const US = 4;
const CC = 5;
const NEXTB = 6;
const STALE = 7;
const S = 8;
const STAMP = 9;
const CUTS = 10;
const PROG = 11;
const SEL0 = 12;
const PEND = 13;
const NL = 14;
const P = 15;
const M = 16;
const N = 17;
const T = 18;
const SEL = 19;
const K = 20;
const Q = 21;
const V = 22;
const NLV = 23;

const CALL = 0x10;

const ctxLoad = (local: number, word: number): number[] => [...get(C), ...load32(word), ...set(local)];
const ctxStore = (word: number, local: number): number[] => [...get(C), ...get(local), ...store32(word)];
/** cuts[cc++] = value (value: instructions leaving an i32) */
const pushCut = (value: number[]): number[] => [...get(CUTS), ...get(CC), ...c(2), op.i32Shl, op.i32Add, ...value, ...store32(0), ...add(CC, c(1))];
const save = [...ctxStore(CTX.pos, POS), ...ctxStore(CTX.o, O), ...ctxStore(CTX.us, US), ...ctxStore(CTX.cc, CC), ...ctxStore(CTX.nextB, NEXTB), ...ctxStore(CTX.stale, STALE)];

const RUN_BODY: number[] = [
  ...ctxLoad(POS, CTX.pos), ...ctxLoad(END, CTX.end), ...ctxLoad(O, CTX.o), ...ctxLoad(US, CTX.us), ...ctxLoad(CC, CTX.cc),
  ...ctxLoad(NEXTB, CTX.nextB), ...ctxLoad(STALE, CTX.stale), ...ctxLoad(S, CTX.s), ...ctxLoad(STAMP, CTX.stampAt),
  ...ctxLoad(CUTS, CTX.cutsAt), ...ctxLoad(PROG, CTX.prog), ...ctxLoad(SEL0, CTX.sel0), ...ctxLoad(PEND, CTX.progEnd),
  ...c(0x0a), op.simd, ...uleb(simd.i8x16Splat), ...set(NLV),
  op.block, op.void, // $out (depth from $line's body: 1)
  op.loop, op.void, // $line
  ...get(POS), ...get(END), op.i32GeU, op.brIf, 1,
  // the newline: 16 bytes at a time from pos; none before end, or none within the head: stop
  ...get(POS), ...set(P),
  op.block, op.void, // $found
  op.loop, op.void, // $scan   (depths: 0 scan, 1 found, 2 line, 3 out)
  ...get(P), ...vload(0), ...set(V),
  ...get(V), ...get(NLV), op.simd, ...uleb(simd.i8x16Eq), op.simd, ...uleb(simd.i8x16Bitmask), ...set(M),
  ...get(END), ...get(P), op.i32Sub, op.localTee, K, ...c(16), op.i32LtU,
  op.if, op.void, ...get(M), ...c(1), ...get(K), op.i32Shl, ...c(1), op.i32Sub, op.i32And, ...set(M), op.end,
  ...get(M), op.if, op.void, ...get(P), ...get(M), op.i32Ctz, op.i32Add, ...set(NL), op.br, 2, op.end,
  ...get(K), ...c(16), op.i32LeU, op.brIf, 3, // no newline before the end of the input
  ...add(P, c(16)),
  ...get(P), ...get(POS), op.i32Sub, ...c(LINE_LIMIT), ...get(S), op.i32Sub, op.i32GeU, op.brIf, 3, // longer than the head
  op.br, 0,
  op.end, // $scan
  op.end, // $found
  ...get(NL), ...get(POS), op.i32Sub, ...c(LINE_LIMIT), ...get(S), op.i32Sub, op.i32GeU, op.brIf, 1,
  // the stamp is read when a line starts, at most once per 1024-byte read
  ...get(STALE), op.if, op.void, ...save, ...c(KERNEL_NEEDS_STAMP), op.return, op.end,
  // a read boundary inside this line: 0.76 flushed before reading on; the next line reads the clock again
  ...get(NEXTB), ...get(NL), op.i32LeU,
  op.if, op.void,
  ...get(O), ...get(US), op.i32GtU, op.if, op.void, ...pushCut(get(O)), ...get(O), ...set(US), op.end,
  ...get(NL), ...c(10), op.i32ShrU, ...c(1), op.i32Add, ...c(10), op.i32Shl, ...set(NEXTB),
  ...get(S), ...c(0), op.i32Ne, ...set(STALE),
  op.end,
  // stamp and line (newline included) to the stage, 16 bytes at a time (the stage has room past its end)
  ...get(S), op.if, op.void,
  ...get(O), ...get(STAMP), ...vload(0), ...vstore(0),
  ...get(O), ...get(STAMP), ...vload(10), ...vstore(10),
  op.end,
  ...get(O), ...get(S), op.i32Add, ...set(Q),
  ...get(POS), ...set(P),
  op.loop, op.void,
  ...get(Q), ...get(P), ...vload(0), ...vstore(0),
  ...add(P, c(16)), ...add(Q, c(16)),
  ...get(P), ...get(NL), op.i32LeU, op.brIf, 0,
  op.end,
  ...get(S), ...get(NL), op.i32Add, ...get(POS), op.i32Sub, ...set(N),
  ...get(NL), ...c(1), op.i32Add, ...set(POS),
  // the script's patterns, on the line as staged (its head: stamp and all, no newline)
  ...get(PROG), op.if, op.void,
  ...get(SEL0), ...set(SEL), ...get(PROG), ...set(T),
  op.block, op.void, op.loop, op.void, // (depths: 0 loop, 1 block, 2 if, 3 line)
  ...get(T), ...get(PEND), op.i32GeU, op.brIf, 1,
  ...get(T), ...load32(0), ...get(SEL), op.i32Ne,
  op.if, op.void,
  ...get(T), ...c(8), op.i32Add, ...get(T), ...load32(4), ...get(O), ...get(N), CALL, 1,
  op.if, op.void, ...get(T), ...load32(0), ...set(SEL), op.end,
  op.end,
  ...get(T), ...c(8), op.i32Add, ...get(T), ...load32(4), ...c(3), op.i32Add, ...c(-4), op.i32And, op.i32Add, ...set(T),
  op.br, 0,
  op.end, op.end,
  ...get(SEL), op.i32Eqz, op.brIf, 1, // not selected: nothing is kept, next line
  op.end,
  // buffer_put(line, n)
  ...get(N), ...c(DIR_BUFFER), ...get(O), ...get(US), op.i32Sub, op.i32Sub, op.i32GtU,
  op.if, op.void,
  ...get(O), ...get(US), op.i32GtU, op.if, op.void, ...pushCut(get(O)), op.end,
  ...get(N), ...c(DIR_BUFFER), op.i32GtU,
  op.if, op.void, ...get(O), ...get(N), op.i32Add, ...set(US), ...pushCut(get(US)),
  op.else, ...get(O), ...set(US),
  op.end,
  op.end,
  ...add(O, get(N)),
  // buffer_PUTC('\n'): a full buffer is flushed first
  ...get(O), ...get(US), op.i32Sub, ...c(DIR_BUFFER), op.i32GeU, op.if, op.void, ...pushCut(get(O)), ...get(O), ...set(US), op.end,
  ...add(O, c(1)),
  op.br, 0,
  op.end, // $line
  op.end, // $out
  ...save,
  ...c(KERNEL_STOPPED),
];

// match(pat, patLen, line, lineLen) -> i32: match.c's match() (`*` then c skips to the FIRST c; `*` last
// matches the rest), exactly as pattern.ts's matchPattern.
const MP = 0;
const MPLEN = 1;
const ML = 2;
const MLLEN = 3;
const MPEND = 4;
const MLEND = 5;
const MCH = 6;
const MNEXT = 7;
const MM = 8;
const MK = 9;
const MV = 10; // v128: `next` in every byte
const MATCH_BODY: number[] = [
  ...get(MP), ...get(MPLEN), op.i32Add, ...set(MPEND),
  ...get(ML), ...get(MLLEN), op.i32Add, ...set(MLEND),
  op.loop, op.void, // depth 0 inside
  ...get(MP), ...get(MPEND), op.i32Eq, op.if, op.void, ...get(ML), ...get(MLEND), op.i32Eq, op.return, op.end,
  ...get(MP), ...load8(0), ...set(MCH), ...add(MP, c(1)),
  ...get(MCH), ...c(0x2a), op.i32Eq,
  op.if, op.void, // depth: 0 if, 1 loop
  ...get(MP), ...get(MPEND), op.i32Eq, op.if, op.void, ...c(1), op.return, op.end,
  ...get(MP), ...load8(0), op.localTee, MNEXT, op.simd, ...uleb(simd.i8x16Splat), ...set(MV),
  // the first `next` at or after ml, 16 bytes at a time (reading past the line's end stays in the stage)
  op.block, op.void, op.loop, op.void, // depth: 0 loop, 1 block, 2 if, 3 outer loop
  ...get(MLEND), ...get(ML), op.i32Sub, ...set(MK),
  ...get(ML), ...vload(0), ...get(MV), op.simd, ...uleb(simd.i8x16Eq), op.simd, ...uleb(simd.i8x16Bitmask), ...set(MM),
  ...get(MK), ...c(16), op.i32LtU,
  op.if, op.void, ...get(MM), ...c(1), ...get(MK), op.i32Shl, ...c(1), op.i32Sub, op.i32And, ...set(MM), op.end,
  ...get(MM), op.if, op.void, ...get(ML), ...get(MM), op.i32Ctz, op.i32Add, ...set(ML), op.br, 2, op.end,
  ...get(MK), ...c(16), op.i32LeU, op.if, op.void, ...c(0), op.return, op.end, // no `next` in the rest of the line
  ...add(ML, c(16)),
  op.br, 0,
  op.end, op.end,
  op.br, 1, // on with the pattern at `next`
  op.end,
  ...get(ML), ...get(MLEND), op.i32Eq, op.if, op.void, ...c(0), op.return, op.end,
  ...get(ML), ...load8(0), ...get(MCH), op.i32Ne, op.if, op.void, ...c(0), op.return, op.end,
  ...add(ML, c(1)),
  op.br, 0,
  op.end,
  ...c(0), // not reached
];

let compiled: wasm.WasmModule | undefined;

export interface LineKernel {
  memory: wasm.WasmMemory;
  run: (ctx: number) => number;
}

/** A kernel instance over a new memory of at least `bytes` bytes. */
export function lineKernel(bytes: number): LineKernel {
  compiled ??= wasm.compileModule(
    moduleBytes(1, [
      { exportName: 'run', params: [I32], results: [I32], locals: [...Array(V - 1).fill(I32), V128, V128], body: RUN_BODY },
      { exportName: 'match', params: [I32, I32, I32, I32], results: [I32], locals: [I32, I32, I32, I32, I32, I32, V128], body: MATCH_BODY },
    ]),
  );
  const inst = wasm.instantiate(compiled);
  const memory = inst.exports.memory as wasm.WasmMemory;
  wasm.growTo(memory, bytes);
  return { memory, run: inst.exports.run as (ctx: number) => number };
}
