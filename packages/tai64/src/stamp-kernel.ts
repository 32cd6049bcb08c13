// tai64n's per-line work as one small WebAssembly function (decision 0017): find each newline 16 bytes at a
// time (SIMD compare + bitmask) while copying the same 16 bytes to the output, and put the 26-byte stamp
// before every line, all inside one linear memory. JS reads the clock; the kernel returns to JS only when a
// line starts past the bytes the current stamp is valid for (at most once per 1024 input bytes), and at the
// end of the input. No native call and no bounds-checked JS store per byte: ~10 instructions per 16 bytes.
//
// Memory: [0, 16) state words (input position, output position, -, at a line start), [32, 58) the stamp, [IN, IN + cap) the input, [out, ...) the output (room for
// the worst case, every byte a newline: n * 27 + 26, plus 16 bytes of slack for the last 16-byte store).
import { add, c, compileModule, get, growTo, I32, instantiate, load32, moduleBytes, op, set, simd, store32, uleb, V128, vload, vstore, type WasmMemory, type WasmModule } from './wasm.js';

/** State words (i32, byte offsets). */
const ST_I = 0; // input position, relative to IN
const ST_O = 4; // output position, absolute
const ST_AT = 12; // 1: the next byte starts a line
export const KERNEL_STAMP_AT = 32;
export const KERNEL_IN = 64;
const SLACK = 64;

/** run(n, valid) result: all input consumed. Any other result (>= 0) is the input position of a line that
 *  starts at or past `valid`: read the clock, store the stamp, and run again with the new `valid`. */
export const KERNEL_DONE = -1;

// locals (params first)
const N = 0;
const VALID = 1;
const P = 2;
const O = 3;
const END = 4;
const AT = 5;
const M = 6;
const K = 7;
const V = 8;
const NLV = 9;


const saveState = [...c(0), ...get(P), ...c(KERNEL_IN), op.i32Sub, ...store32(ST_I), ...c(0), ...get(O), ...store32(ST_O), ...c(0), ...get(AT), ...store32(ST_AT)];

/** run(n: i32, valid: i32) -> i32, over input [IN, IN + n) from state i, o, at. */
const RUN_BODY: number[] = [
  ...c(KERNEL_IN), ...c(0), ...load32(ST_I), op.i32Add, ...set(P),
  ...c(0), ...load32(ST_O), ...set(O),
  ...c(KERNEL_IN), ...get(VALID), op.i32Add, ...set(VALID),
  ...c(0), ...load32(ST_AT), ...set(AT),
  ...c(KERNEL_IN), ...get(N), op.i32Add, ...set(END),
  ...c(0x0a), op.simd, ...uleb(simd.i8x16Splat), ...set(NLV),
  op.block, op.void, // $done
  op.loop, op.void, // $line
  ...get(AT), op.if, op.void,
  ...get(P), ...get(END), op.i32GeU, op.brIf, 2, // end of input: done
  ...get(P), ...get(VALID), op.i32GeU, op.if, op.void, ...saveState, ...get(P), ...c(KERNEL_IN), op.i32Sub, op.return, op.end,
  // the stamp: two overlapping 16-byte copies (bytes 0-15 and 10-25)
  ...get(O), ...c(0), ...vload(KERNEL_STAMP_AT), ...vstore(0),
  ...get(O), ...c(0), ...vload(KERNEL_STAMP_AT + 10), ...vstore(10),
  ...add(O, c(26)),
  ...c(0), ...set(AT),
  op.end,
  ...get(P), ...get(END), op.i32GeU, op.brIf, 1, // nothing left of the input: done
  op.loop, op.void, // $scan: 16 bytes at a time, copied whether or not they hold the newline
  ...get(O), ...get(P), ...vload(0), op.localTee, V, ...vstore(0),
  ...get(V), ...get(NLV), op.simd, ...uleb(simd.i8x16Eq), op.simd, ...uleb(simd.i8x16Bitmask), ...set(M),
  ...get(END), ...get(P), op.i32Sub, op.localTee, K, ...c(16), op.i32LtU,
  op.if, op.void, ...get(M), ...c(1), ...get(K), op.i32Shl, ...c(1), op.i32Sub, op.i32And, ...set(M), op.end, // past the end: not input
  ...get(M), op.i32Eqz,
  op.if, op.void,
  ...get(K), ...c(16), op.i32LeU, op.if, op.void, ...add(O, get(K)), ...get(END), ...set(P), op.br, 4, op.end,
  ...add(P, c(16)), ...add(O, c(16)), op.br, 1,
  op.end,
  // a newline at ctz(m): the line ends after it
  ...get(M), op.i32Ctz, ...c(1), op.i32Add, ...set(K),
  ...add(P, get(K)), ...add(O, get(K)),
  ...c(1), ...set(AT),
  op.br, 1, // next line
  op.end, // $scan
  op.end, // $line
  op.end, // $done
  ...saveState,
  ...c(KERNEL_DONE),
];

let compiled: WasmModule | undefined;

/** One instance: its own memory, sized for inputs of up to `cap` bytes (grown on demand). */
export class StampKernel {
  private memory: WasmMemory;
  /** run(n, valid): see KERNEL_DONE. The stamp at KERNEL_STAMP_AT is valid for lines starting before
   *  input position `valid`. */
  readonly run: (n: number, valid: number) => number;
  /** Views of the memory (remade after a grow). */
  u8!: Buffer;
  state!: Int32Array;
  cap = 0;
  out = 0;

  constructor(cap: number) {
    compiled ??= compileModule(
      moduleBytes(1, [{ exportName: 'run', params: [I32, I32], results: [I32], locals: [I32, I32, I32, I32, I32, I32, V128, V128], body: RUN_BODY }]),
    );
    const inst = instantiate(compiled);
    this.memory = inst.exports.memory as WasmMemory;
    this.run = inst.exports.run as (n: number, valid: number) => number;
    this.ensure(cap);
  }

  /** Room for an input of n bytes at IN and its worst-case output. */
  ensure(n: number): void {
    if (n <= this.cap && this.u8 !== undefined) return;
    const cap = Math.max(n, this.cap);
    const out = KERNEL_IN + cap + SLACK;
    const need = out + cap * 27 + 26 + SLACK;
    growTo(this.memory, need);
    this.cap = cap;
    this.out = out;
    this.u8 = Buffer.from(this.memory.buffer);
    this.state = new Int32Array(this.memory.buffer, 0, 4);
  }

  /** Sets up a pass over a new input; `atStart`: the first byte starts a line. */
  begin(atStart: boolean): void {
    const st = this.state;
    st[ST_I >> 2] = 0;
    st[ST_O >> 2] = this.out;
    st[ST_AT >> 2] = atStart ? 1 : 0;
  }

  get outEnd(): number {
    return this.state[ST_O >> 2]!;
  }

  get atStart(): boolean {
    return this.state[ST_AT >> 2] === 1;
  }
}
