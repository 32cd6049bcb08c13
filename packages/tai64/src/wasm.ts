// A few bytes of WebAssembly, written out by hand: the opcodes this package's kernels use and the module
// frame around one function body. No toolchain at build time; the module is a few hundred bytes, made and
// compiled synchronously at first use (~0.1 ms). Not part of the public API.

/** Value types. */
export const I32 = 0x7f;
export const V128 = 0x7b;

/** Opcodes (WebAssembly core 2.0, with the fixed-width SIMD proposal). */
export const op = {
  block: 0x02,
  loop: 0x03,
  if: 0x04,
  else: 0x05,
  end: 0x0b,
  br: 0x0c,
  brIf: 0x0d,
  return: 0x0f,
  void: 0x40, // block type: no result
  localGet: 0x20,
  localSet: 0x21,
  localTee: 0x22,
  i32Load: 0x28,
  i32Load8u: 0x2d,
  i32Store: 0x36,
  i32Store8: 0x3a,
  i32Const: 0x41,
  i32Eqz: 0x45,
  i32Eq: 0x46,
  i32Ne: 0x47,
  i32LtU: 0x49,
  i32GtU: 0x4b,
  i32LeU: 0x4d,
  i32GeU: 0x4f,
  i32Ctz: 0x68,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32And: 0x71,
  i32Or: 0x72,
  i32Shl: 0x74,
  i32ShrU: 0x76,
  simd: 0xfd,
} as const;

/** SIMD sub-opcodes (after op.simd). */
export const simd = {
  v128Load: 0x00,
  v128Store: 0x0b,
  i8x16Splat: 0x0f,
  i8x16Eq: 0x23,
  v128Or: 0x50,
  i8x16Bitmask: 0x64,
} as const;

/** Unsigned LEB128. */
export function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

/** Signed LEB128 of a 32-bit integer. */
export function sleb(n: number): number[] {
  const out: number[] = [];
  n |= 0;
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (b & 0x40) === 0) || (n === -1 && (b & 0x40) !== 0)) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

const name = (s: string): number[] => [...uleb(s.length), ...Array.from(s, (c) => c.charCodeAt(0))];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

export interface FunctionSpec {
  exportName: string;
  params: number[];
  results: number[];
  /** Extra locals after the params, in order. */
  locals: number[];
  /** The body's instructions (without the final `end`). */
  body: number[];
}

/**
 * A module with one memory ("memory", `pages` 64 KiB pages at first, growable) and the given functions,
 * each exported under its name.
 */
export function moduleBytes(pages: number, fns: FunctionSpec[]): Uint8Array {
  const types = fns.flatMap((f) => [0x60, ...uleb(f.params.length), ...f.params, ...uleb(f.results.length), ...f.results]);
  const codes = fns.flatMap((f) => {
    const locals = f.locals.flatMap((t) => [1, t]);
    const body = [...uleb(f.locals.length), ...locals, ...f.body, op.end];
    return [...uleb(body.length), ...body];
  });
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, [...uleb(fns.length), ...types]),
    ...section(3, [...uleb(fns.length), ...fns.map((_f, i) => i)]),
    ...section(5, [1, 0x00, ...uleb(pages)]),
    ...section(7, [...uleb(fns.length + 1), ...name('memory'), 0x02, 0, ...fns.flatMap((f, i) => [...name(f.exportName), 0x00, i])]),
    ...section(10, [...uleb(fns.length), ...codes]),
  ]);
}

/** Instruction emitters the kernels share: the bytes of one instruction (or of `local += n`). */
export const get = (i: number): number[] => [op.localGet, i];
export const set = (i: number): number[] => [op.localSet, i];
export const c = (n: number): number[] => [op.i32Const, ...sleb(n)];
export const load32 = (offset: number): number[] => [op.i32Load, 2, ...uleb(offset)];
export const store32 = (offset: number): number[] => [op.i32Store, 2, ...uleb(offset)];
export const load8 = (offset: number): number[] => [op.i32Load8u, 0, ...uleb(offset)];
export const store8 = (offset: number): number[] => [op.i32Store8, 0, ...uleb(offset)];
export const load64 = (offset: number): number[] => [0x29, 3, ...uleb(offset)];
export const vload = (offset: number): number[] => [op.simd, ...uleb(simd.v128Load), 0, ...uleb(offset)];
export const vstore = (offset: number): number[] => [op.simd, ...uleb(simd.v128Store), 0, ...uleb(offset)];
export const add = (local: number, n: number[]): number[] => [...get(local), ...n, op.i32Add, ...set(local)];

/** The part of the WebAssembly JavaScript API the kernels use. @types/node does not declare the
 * `WebAssembly` global and lib.dom would bring a browser's globals with it, so it is typed here. */
export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(deltaPages: number): number;
}
export interface WasmModule {
  readonly [Symbol.toStringTag]: string;
}
export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => WasmModule;
  Instance: new (module: WasmModule, imports: object) => WasmInstance;
}
const api = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;

/** True when this runtime compiles WebAssembly with SIMD (not under --jitless, for one). */
export function wasmAvailable(): boolean {
  return typeof api === 'object' && typeof api.Module === 'function';
}

/** Grows `memory` (64 KiB pages) until it holds at least `bytes` bytes. */
export function growTo(memory: WasmMemory, bytes: number): void {
  const have = memory.buffer.byteLength;
  if (bytes > have) memory.grow(Math.ceil((bytes - have) / 65536));
}

/** Compiles a module synchronously (callers check wasmAvailable() first). */
export function compileModule(bytes: Uint8Array): WasmModule {
  if (api === undefined) throw new TypeError('WebAssembly is not available in this runtime');
  return new api.Module(bytes);
}

/** A new instance of a module that imports nothing. */
export function instantiate(module: WasmModule): WasmInstance {
  if (api === undefined) throw new TypeError('WebAssembly is not available in this runtime');
  return new api.Instance(module, {});
}
