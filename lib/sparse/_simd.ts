/**
 * Loads the SIMD kernels (`_simd.wat`, compiled into `_simd_bytes.ts`) against a given
 * `WebAssembly.Memory`, normally the tfjs wasm backend's heap, so they work on tensors in place.
 *
 * @module
 */
import { SIMD_WASM_BASE64 } from "./_simd_bytes.ts";

/** The kernels' exports; pointers are byte offsets into the memory they were loaded with. */
export interface SimdKernels {
  spmm(
    indptr: number,
    cols: number,
    eids: number,
    w: number,
    x: number,
    out: number,
    rows: number,
    H: number,
    C: number,
  ): void;
  edgeDot(
    src: number,
    dst: number,
    a: number,
    b: number,
    out: number,
    E: number,
    H: number,
    C: number,
  ): void;
}

let compiled: WebAssembly.Module | null | undefined;
const instances = new WeakMap<WebAssembly.Memory, SimdKernels>();

function module(): WebAssembly.Module | null {
  if (compiled === undefined) {
    const bytes = Uint8Array.from(atob(SIMD_WASM_BASE64), (c) => c.charCodeAt(0));
    // Runtimes without wasm SIMD reject the module; the callers then use the JS kernels.
    compiled = WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null;
  }
  return compiled;
}

/** The kernels bound to `memory`, or `undefined` when this runtime has no wasm SIMD. */
export function simdKernels(memory: WebAssembly.Memory): SimdKernels | undefined {
  const found = instances.get(memory);
  if (found) return found;
  const m = module();
  if (!m) return undefined;
  const made = new WebAssembly.Instance(m, { env: { memory } }).exports as unknown as SimdKernels;
  instances.set(memory, made);
  return made;
}
