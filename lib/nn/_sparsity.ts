/**
 * Mostly-zero dense tensors (bag-of-words features and their dropout) multiplied as sparse: a
 * registry of known nonzeros per tensor data, and a matmul kernel for the cpu and wasm backends
 * that runs over them with the same values and gradients as the dense product.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** The nonzeros of a tensor, as flat row-major positions and values. */
export interface Entries {
  readonly index: Int32Array;
  readonly values: Float32Array;
}

// Keyed by data id, which clones (tensors kept for the backward pass) share with the original.
const entries = new WeakMap<object, Entries | null>();
const seen = new WeakSet<object>();

/** Records that `t` holds exactly `found` as nonzeros (dropout knows what it kept). */
export function recordEntries(t: tf.Tensor, found: Entries): void {
  if (!(t instanceof tf.Variable)) entries.set(t.dataId, found);
}

/**
 * The nonzeros of `t` when they are under 1/8 of it, found on its second use and cached for the
 * data's lifetime (tensor data is immutable; variables, whose data changes, are never scanned).
 * One-off tensors are never read back.
 */
export function sparseEntries(t: tf.Tensor): Entries | undefined {
  if (t instanceof tf.Variable || t.dtype !== "float32") return undefined;
  const found = entries.get(t.dataId);
  if (found !== undefined) return found ?? undefined;
  if (!seen.has(t.dataId)) {
    seen.add(t.dataId);
    return undefined;
  }
  const xs = t.dataSync() as Float32Array;
  let n = 0;
  for (let i = 0; i < xs.length; i++) if (xs[i] !== 0) n++;
  if (n * 8 > xs.length) {
    entries.set(t.dataId, null);
    return undefined;
  }
  const index = new Int32Array(n);
  const values = new Float32Array(n);
  for (let i = 0, k = 0; i < xs.length; i++) if (xs[i] !== 0) index[k] = i, values[k++] = xs[i];
  const made = { index, values };
  entries.set(t.dataId, made);
  return made;
}

const KERNEL = "AutoglmSparseRowsMatMul";
let registered = false;

interface HostBackend {
  readSync(dataId: unknown): unknown;
  write(values: Float32Array, shape: number[], dtype: string): object;
}

// out[r] += v * b[c] for each nonzero (r, c, v) of a: the work scales with the nonzeros.
function forward(nz: Entries, k: number, b: Float32Array, n: number, m: number): Float32Array {
  const out = new Float32Array(n * m);
  for (let j = 0; j < nz.index.length; j++) {
    const r = (nz.index[j] / k) | 0, c = nz.index[j] - r * k, v = nz.values[j];
    for (let q = 0, o = r * m, s = c * m; q < m; q++) out[o + q] += v * b[s + q];
  }
  return out;
}

function register(): void {
  registered = true;
  for (const backendName of ["cpu", "wasm"]) {
    tf.registerKernel({
      kernelName: KERNEL,
      backendName,
      kernelFunc: ({ inputs, backend }) => {
        const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
        const host = backend as unknown as HostBackend;
        const [n, k] = a.shape, m = b.shape[1];
        const bs = host.readSync(b.dataId) as Float32Array;
        const out = forward(entries.get(a.dataId)!, k, bs, n, m);
        return { dataId: host.write(out, [n, m], "float32"), shape: [n, m], dtype: "float32" };
      },
    });
  }
  tf.registerGradient({
    kernelName: KERNEL,
    inputsToSave: ["a", "b"],
    gradFunc: (dy, saved) => {
      const [a, b] = saved as tf.Tensor2D[];
      const d = dy as tf.Tensor2D;
      return {
        a: () =>
          tf.getBackend() === "wasm" ? tf.matMul(d, tf.transpose(b)) : tf.matMul(d, b, false, true),
        b: () => {
          // dB[c] += v * dY[r] for each nonzero (r, c, v) of a.
          const nz = entries.get(a.dataId)!;
          const [k, m] = b.shape;
          const ds = d.dataSync() as Float32Array;
          const db = new Float32Array(k * m);
          for (let j = 0; j < nz.index.length; j++) {
            const r = (nz.index[j] / k) | 0, c = nz.index[j] - r * k, v = nz.values[j];
            for (let q = 0, o = c * m, s = r * m; q < m; q++) db[o + q] += v * ds[s + q];
          }
          return tf.tensor2d(db, [k, m]);
        },
      };
    },
  });
}

/**
 * `a b` over the known nonzeros of `a` on the cpu and wasm backends, or `undefined` when `a` is
 * not known to be sparse (see {@linkcode sparseEntries}) or the backend is another one.
 */
export function sparseRowsMatmul(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D | undefined {
  const backend = tf.getBackend();
  if (backend !== "cpu" && backend !== "wasm") return undefined;
  if (!sparseEntries(a)) return undefined;
  if (!registered) register();
  return tf.engine().runKernel(KERNEL, { a, b }) as tf.Tensor2D;
}
