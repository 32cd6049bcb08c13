// tai64nlocal's common line as one small WebAssembly function (decision 0017): a line that starts with '@',
// exactly 24 lowercase hex digits and a byte that is not one, whose 16 digits of seconds are those of the date
// text cached by JS, gets that text, the nanoseconds in decimal (fmt_uint0(ns, 9)) and the rest of the line
// copied 16 bytes at a time (SIMD newline search); a line without '@' is copied the same way. Anything else
// (another digit count, other seconds, a stamp cut by the end of the input) goes back to JS, which converts
// that one line as before and may cache its date for the lines after it.
//
// Memory: [0, 16) state words, [64, 80) the cached seconds digits, [96, 128) the cached date text,
// [IN, IN + cap) the input, [out, ...) the output (room for every line getting a 10-digit date text + 32).
import { add, c, compileModule, get, growTo, I32, instantiate, load32, load64, load8, moduleBytes, op, set, simd, store32, store8, uleb, V128, vload, vstore, type WasmMemory, type WasmModule } from './wasm.js';

const ST_POS = 0; // input position (absolute)
const ST_O = 4; // output position (absolute)
const ST_DATE_LEN = 8; // length of the cached date text; 0: none cached
export const LOCAL_SECONDS_AT = 64;
export const LOCAL_DATE_AT = 96;
/** The longest date text the kernel copies (two 16-byte moves). */
export const LOCAL_DATE_MAX = 32;
export const LOCAL_IN = 256;
const SLACK = 64;

/** run(end) results. */
export const LOCAL_AT_LINE_START = 0; // all input consumed, the next byte starts a line
export const LOCAL_JS_LINE = 1; // the line at state pos is JS's to convert
export const LOCAL_IN_LINE = 2; // all input consumed in the middle of a line (copying)

// locals (param 0: end)
const END = 0;
const POS = 1;
const O = 2;
const DLEN = 3;
const M = 4;
const K = 5;
const NS = 6;
const U = 7;
const D = 8;
const V = 9;
const NLV = 10;

const I64_NE = 0x52;
const I32_DIV_U = 0x6e;
const I32_REM_U = 0x70;

const save = [...c(0), ...get(POS), ...store32(ST_POS), ...c(0), ...get(O), ...store32(ST_O)];
/** u = the value of hex digit byte b (on the stack), or >= 16 when it is not a lowercase hex digit. */
const hexValue = (b: number[]): number[] => [
  ...b, ...c(0x30), op.i32Sub, op.localTee, U, ...c(10), op.i32GeU,
  op.if, op.void, ...b, ...c(0x61), op.i32Sub, ...set(U), ...get(U), ...c(6), op.i32LtU,
  op.if, op.void, ...add(U, c(10)), op.else, ...c(16), ...set(U), op.end,
  op.end,
];

const RUN_BODY: number[] = [
  ...c(0), ...load32(ST_POS), ...set(POS),
  ...c(0), ...load32(ST_O), ...set(O),
  ...c(0), ...load32(ST_DATE_LEN), ...set(DLEN),
  ...c(0x0a), op.simd, ...uleb(simd.i8x16Splat), ...set(NLV),
  op.block, op.void, // $js (depth 1 from $line's body)
  op.loop, op.void, // $line
  ...get(POS), ...get(END), op.i32GeU, op.if, op.void, ...save, ...c(LOCAL_AT_LINE_START), op.return, op.end,
  ...get(POS), ...load8(0), ...c(0x40), op.i32Eq,
  op.if, op.void, // a stamp (depths: 0 if, 1 line, 2 js)
  ...get(END), ...get(POS), op.i32Sub, ...c(26), op.i32LtU, op.brIf, 2, // cut by the end of the input
  ...get(DLEN), op.i32Eqz, op.brIf, 2,
  // the 16 digits of seconds are the cached ones (then they are hex digits)
  ...get(POS), ...load64(1), ...c(0), ...load64(LOCAL_SECONDS_AT), I64_NE, op.brIf, 2,
  ...get(POS), ...load64(9), ...c(0), ...load64(LOCAL_SECONDS_AT + 8), I64_NE, op.brIf, 2,
  // 8 digits of nanoseconds, then a byte that is not a digit
  ...c(0), ...set(NS), ...c(17), ...set(K),
  op.loop, op.void, // (depths: 0 loop, 1 if, 2 line, 3 js)
  ...hexValue([...get(POS), ...get(K), op.i32Add, ...load8(0)]),
  ...get(U), ...c(16), op.i32GeU, op.brIf, 3,
  ...get(NS), ...c(4), op.i32Shl, ...get(U), op.i32Or, ...set(NS),
  ...add(K, c(1)),
  ...get(K), ...c(25), op.i32LtU, op.brIf, 0,
  op.end,
  ...hexValue([...get(POS), ...load8(25)]),
  ...get(U), ...c(16), op.i32LtU, op.brIf, 2, // a 25th digit: JS's
  // the date text, then fmt_uint0(ns, 9): 9 digits, 10 from 10^9 on
  ...get(O), ...c(0), ...vload(LOCAL_DATE_AT), ...vstore(0),
  ...get(O), ...c(0), ...vload(LOCAL_DATE_AT + 16), ...vstore(16),
  ...add(O, get(DLEN)),
  ...c(9), ...get(NS), ...c(1_000_000_000), op.i32GeU, op.i32Add, ...set(D),
  ...add(O, get(D)),
  ...get(O), ...set(K),
  op.loop, op.void,
  ...add(K, c(-1)),
  ...get(K), ...get(NS), ...c(10), I32_REM_U, ...c(0x30), op.i32Add, ...store8(0),
  ...get(NS), ...c(10), I32_DIV_U, ...set(NS),
  ...add(D, c(-1)),
  ...get(D), op.brIf, 0,
  op.end,
  ...add(POS, c(25)), // the byte after the digits is the rest of the line's first
  op.end,
  // the rest of the line, through its newline, 16 bytes at a time
  op.loop, op.void, // $copy (depths: 0 copy, 1 line, 2 js)
  ...get(O), ...get(POS), ...vload(0), op.localTee, V, ...vstore(0),
  ...get(V), ...get(NLV), op.simd, ...uleb(simd.i8x16Eq), op.simd, ...uleb(simd.i8x16Bitmask), ...set(M),
  ...get(END), ...get(POS), op.i32Sub, op.localTee, K, ...c(16), op.i32LtU,
  op.if, op.void, ...get(M), ...c(1), ...get(K), op.i32Shl, ...c(1), op.i32Sub, op.i32And, ...set(M), op.end,
  ...get(M),
  op.if, op.void, ...get(M), op.i32Ctz, ...c(1), op.i32Add, ...set(K), ...add(POS, get(K)), ...add(O, get(K)), op.br, 2, op.end,
  ...get(K), ...c(16), op.i32LeU,
  op.if, op.void, ...add(O, get(K)), ...get(END), ...set(POS), ...save, ...c(LOCAL_IN_LINE), op.return, op.end,
  ...add(POS, c(16)), ...add(O, c(16)),
  op.br, 0,
  op.end, // $copy
  op.end, // $line
  op.end, // $js
  ...save,
  ...c(LOCAL_JS_LINE),
];

let compiled: WasmModule | undefined;

export class LocalKernel {
  private readonly memory: WasmMemory;
  readonly run: (end: number) => number;
  u8!: Buffer;
  state!: Int32Array;
  cap = 0;
  out = 0;

  constructor(cap: number) {
    compiled ??= compileModule(
      moduleBytes(1, [{ exportName: 'run', params: [I32], results: [I32], locals: [...Array(V - 1).fill(I32), V128, V128], body: RUN_BODY }]),
    );
    const inst = instantiate(compiled);
    this.memory = inst.exports.memory as WasmMemory;
    this.run = inst.exports.run as (end: number) => number;
    this.ensure(cap);
  }

  /** Room for an input of n bytes at LOCAL_IN and its output (a line of one byte may grow by 41). */
  ensure(n: number): void {
    if (n <= this.cap && this.u8 !== undefined) return;
    const cap = Math.max(n, this.cap);
    const out = LOCAL_IN + cap + SLACK;
    const need = out + cap * (LOCAL_DATE_MAX + 10) + SLACK;
    growTo(this.memory, need);
    this.cap = cap;
    this.out = out;
    this.u8 = Buffer.from(this.memory.buffer);
    this.state = new Int32Array(this.memory.buffer, 0, 4);
  }

  get pos(): number {
    return this.state[ST_POS >> 2]!;
  }
  set pos(v: number) {
    this.state[ST_POS >> 2] = v;
  }
  get o(): number {
    return this.state[ST_O >> 2]!;
  }
  set o(v: number) {
    this.state[ST_O >> 2] = v;
  }
  /** Caches the date text of the seconds whose 16 hex digits are at u8[at, at + 16); undefined: none. */
  cache(at: number, text: Buffer | undefined): void {
    if (text === undefined || text.length > LOCAL_DATE_MAX) {
      this.state[ST_DATE_LEN >> 2] = 0;
      return;
    }
    this.u8.copy(this.u8, LOCAL_SECONDS_AT, at, at + 16);
    text.copy(this.u8, LOCAL_DATE_AT);
    this.state[ST_DATE_LEN >> 2] = text.length;
  }
}
