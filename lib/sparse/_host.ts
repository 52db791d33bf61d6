/**
 * Runs the host kernels (cpu and wasm backends) on tensor data. On the wasm backend tensors already
 * live in tfjs's WebAssembly heap: the kernels read their inputs there and write into a freshly
 * allocated output tensor in place (no `dataSync` download, no upload), and SpMM and edge dot
 * products run as f32x4 SIMD code loaded against that same memory. On the cpu backend the same
 * loops run in JS on the tensors' typed arrays. Both give bit-identical results.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { edgeDotRows, spmmRows } from "./_kernels.ts";
import { deviceArray } from "./_device.ts";
import { type SimdKernels, simdKernels } from "./_simd.ts";

/** The parts of tfjs-backend-wasm's `BackendWasm` used here (not in its public typings). */
interface WasmBackend {
  wasm: {
    HEAPU8: Uint8Array;
    asm?: { memory?: WebAssembly.Memory };
    wasmExports?: { memory?: WebAssembly.Memory };
  };
  dataIdMap: { get(id: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

/** Which kernels the host path uses: `auto` (SIMD on wasm when available) or `js` (JS loops). */
export type HostKernels = "auto" | "js";

let mode: HostKernels = "auto";

/** Selects the host kernels (tests compare the SIMD and JS kernels); returns the previous mode. */
export function setHostKernels(next: HostKernels): HostKernels {
  const previous = mode;
  mode = next;
  return previous;
}

function wasmBackend(): WasmBackend | undefined {
  return tf.getBackend() === "wasm" ? tf.backend() as unknown as WasmBackend : undefined;
}

function simd(be: WasmBackend): SimdKernels | undefined {
  if (mode === "js") return undefined;
  const memory = be.wasm.asm?.memory ?? be.wasm.wasmExports?.memory;
  return memory instanceof WebAssembly.Memory ? simdKernels(memory) : undefined;
}

// A tensor's byte offset in the wasm heap. A tensor still held by another backend (made before a
// backend switch) is copied over first; the copy goes to `scratch` for disposal.
function offset(be: WasmBackend, t: tf.Tensor, scratch: tf.Tensor[]): number {
  const found = be.dataIdMap.get(t.dataId);
  if (found) return found.memoryOffset;
  const copy = tf.tensor(t.dataSync(), t.shape, t.dtype);
  scratch.push(copy);
  return be.dataIdMap.get(copy.dataId)!.memoryOffset;
}

/** A host input: a tensor, a constant array (uploaded once per backend) or nothing. */
type Input = tf.Tensor | Int32Array | Float32Array | undefined;

/**
 * Makes a float32 tensor of `shape` whose values `kernel` writes into `out`, given its inputs as
 * typed arrays (views into the wasm heap on the wasm backend, so they must not be kept).
 * `simdKernel`, when given and SIMD is available on the wasm backend, runs instead with byte
 * offsets (0 for an absent input) and the output's offset.
 */
export function hostOp(
  shape: number[],
  inputs: Input[],
  kernel: (out: Float32Array, ...ins: (Float32Array | Int32Array | undefined)[]) => void,
  simdKernel?: (k: SimdKernels, out: number, ...ins: number[]) => void,
): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  if (size === 0) return tf.zeros(shape);
  const be = wasmBackend();
  if (!be) {
    const out = new Float32Array(size);
    const arrays = inputs.map((t) =>
      t instanceof tf.Tensor ? t.dataSync() as Float32Array | Int32Array : t
    );
    kernel(out, ...arrays);
    return tf.tensor(out, shape);
  }
  const scratch: tf.Tensor[] = [];
  const tensors = inputs.map((t) =>
    t === undefined || t instanceof tf.Tensor ? t : deviceArray(t) as tf.Tensor
  );
  // Allocate first: malloc may grow the heap, which detaches earlier views (offsets stay valid).
  const info = be.makeOutput(shape, "float32");
  const outOffset = be.dataIdMap.get(info.dataId)!.memoryOffset;
  const offsets = tensors.map((t) => t === undefined ? 0 : offset(be, t, scratch));
  const k = simdKernel && simd(be);
  if (k) {
    simdKernel(k, outOffset, ...offsets);
  } else {
    const buffer = be.wasm.HEAPU8.buffer;
    const views = tensors.map((t, i) =>
      t === undefined
        ? undefined
        : t.dtype === "int32"
        ? new Int32Array(buffer, offsets[i], t.size)
        : new Float32Array(buffer, offsets[i], t.size)
    );
    kernel(new Float32Array(buffer, outOffset, size), ...views);
  }
  tf.dispose(scratch);
  return tf.engine().makeTensorFromTensorInfo(info);
}

/** A CSR pattern: row `r` owns entries `indptr[r]..indptr[r+1]`, columns `cols`, edge ids `eids`. */
export interface Pattern {
  readonly indptr: Int32Array;
  readonly cols: Int32Array;
  readonly eids: Int32Array;
}

/**
 * `out[r, h*C + c] = sum_k w[eids[k], h] x[cols[k], h*C + c]` (see `spmmRows`), shape
 * `[rows, H*C]`; `w` is `[E, H]` in edge order, `undefined` for ones.
 */
export function hostSpmm(
  p: Pattern,
  w: tf.Tensor | Float32Array | undefined,
  x: tf.Tensor,
  H: number,
  C: number,
): tf.Tensor2D {
  const rows = p.indptr.length - 1;
  return hostOp(
    [rows, H * C],
    [p.indptr, p.cols, p.eids, w, x],
    (out, indptr, cols, eids, wv, xv) =>
      spmmRows(
        indptr as Int32Array,
        cols as Int32Array,
        eids as Int32Array,
        wv as Float32Array | undefined,
        xv as Float32Array,
        H,
        C,
        out,
      ),
    (k, out, indptr, cols, eids, wo, xo) => k.spmm(indptr, cols, eids, wo, xo, out, rows, H, C),
  ) as tf.Tensor2D;
}

/**
 * `out[e, h] = dot(a[src[e], h-th block of C], b[dst[e], same block])`, shape `[E, H]` (`[E]` when
 * `H` is 1).
 */
export function hostEdgeDot(
  src: Int32Array,
  dst: Int32Array,
  a: tf.Tensor,
  b: tf.Tensor,
  H: number,
  C: number,
): tf.Tensor {
  return hostOp(
    H === 1 ? [src.length] : [src.length, H],
    [src, dst, a, b],
    (out, s, d, av, bv) =>
      edgeDotRows(
        s as Int32Array,
        d as Int32Array,
        av as Float32Array,
        bv as Float32Array,
        H,
        C,
        out,
      ),
    (k, out, s, d, ao, bo) => k.edgeDot(s, d, ao, bo, out, src.length, H, C),
  );
}
