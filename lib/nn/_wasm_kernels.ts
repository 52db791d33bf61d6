/**
 * Kernels the layers register on the wasm backend: the matmul of lib/nn/matmul.ts, and an Identity
 * that shares data instead of copying it.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** Our matmul kernel (lib/nn/matmul.ts), registered for wasm only. */
export const MATMUL_KERNEL = "AutoglmMatMul";

// On wasm, BatchMatMul with transposeA/transposeB (what tf.matMul's gradient uses) is 5-15x slower
// than an explicit transpose followed by a plain product (X^T dY for [169343, 128] x [169343, 256]:
// 14.4 s against 0.85 s), so wasm gets its own kernel whose gradient transposes explicitly. The
// cpu backend is faster with the flags, so other backends keep tf.matMul. Gradients are lazy
// functions: the engine only calls the one for an input that needs it (no dX for input features).
function register(): void {
  const plain = tf.getKernel("BatchMatMul", "wasm")!;
  tf.registerKernel({
    kernelName: MATMUL_KERNEL,
    backendName: "wasm",
    kernelFunc: ({ inputs, backend }) =>
      plain.kernelFunc({
        inputs,
        backend,
        attrs: { transposeA: false, transposeB: false } as unknown as tf.NamedAttrMap,
      }),
  });
  tf.registerGradient({
    kernelName: MATMUL_KERNEL,
    inputsToSave: ["a", "b"],
    gradFunc: (dy, saved) => {
      const [a, b] = saved as tf.Tensor2D[];
      const d = dy as tf.Tensor2D;
      return {
        a: () => tf.matMul(d, tf.transpose(b)),
        b: () => tf.matMul(tf.transpose(a), d),
      };
    },
  });
  shareOnClone();
}

// tfjs keeps the tensors a gradient needs by cloning them (the Identity kernel), and tfjs-wasm's
// Identity copies the data where the cpu backend shares it by reference count. Tensors are
// immutable (variables get new data on assign), so sharing is safe, and it halves the memory of
// everything a training step keeps for backward (~1 GiB on the arxiv-scale 3 x 256 GCN).
function shareOnClone(): void {
  const identity = tf.getKernel("Identity", "wasm");
  if (!identity) return;
  tf.unregisterKernel("Identity", "wasm");
  tf.registerKernel({
    kernelName: "Identity",
    backendName: "wasm",
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      if (x.dtype === "string") return identity.kernelFunc(args);
      (args.backend as unknown as { incRef(id: unknown): void }).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  });
}

let registered = false;

/** Whether the wasm backend is active, registering our wasm kernels the first time it is. */
export function useWasmKernels(): boolean {
  if (tf.getBackend() !== "wasm") return false;
  if (!registered) {
    registered = true;
    register();
  }
  return true;
}

interface WasmHeap {
  makeOutput(shape: number[], dtype: "float32"): tf.TensorInfo;
  typedArrayFromHeap(info: tf.TensorInfo): Float32Array;
}

/**
 * A new float32 tensor of `t`'s shape whose values `fill(src, dst)` writes (every entry of `dst`)
 * from `t`'s values `src`. On wasm both are views of the backend's heap, so no `[N, F]` copy is
 * read back or uploaded (a training step at ogbn-arxiv scale would otherwise leave ~1 GiB of
 * JavaScript garbage); elsewhere `src` is read back and `dst` uploaded.
 */
export function mapOnHost(t: tf.Tensor, fill: (src: Float32Array, dst: Float32Array) => void) {
  if (useWasmKernels()) {
    const heap = tf.backend() as unknown as WasmHeap;
    const info = heap.makeOutput([...t.shape], "float32");
    // Views taken after the allocation: a heap growth would detach earlier ones.
    fill(heap.typedArrayFromHeap(t), heap.typedArrayFromHeap(info));
    return tf.engine().makeTensorFromTensorInfo(info);
  }
  const dst = new Float32Array(t.size);
  fill(t.dataSync() as Float32Array, dst);
  return tf.tensor(dst, t.shape);
}
