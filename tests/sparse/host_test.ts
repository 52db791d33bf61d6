import * as tf from "@tensorflow/tfjs";
import { createRng } from "../../lib/random/rng.ts";
import { adjacency } from "../../lib/sparse/adjacency.ts";
import { edgeSoftmax } from "../../lib/sparse/edge_softmax.ts";
import { sddmm } from "../../lib/sparse/sddmm.ts";
import { spmm } from "../../lib/sparse/spmm.ts";
import { spmmHeads } from "../../lib/sparse/spmm_heads.ts";
import { type HostKernels, setHostKernels } from "../../lib/sparse/_host.ts";
import { simdKernels } from "../../lib/sparse/_simd.ts";
import { SIMD_WASM_BASE64 } from "../../lib/sparse/_simd_bytes.ts";
import { compileSimdWat } from "../../lib/sparse/_build_simd.ts";
import { assert, assertEquals } from "../_assert.ts";
import { randomGraph, randomTensor, useBackend } from "./_fixtures.ts";

Deno.test("_simd_bytes.ts matches a fresh compile of _simd.wat", async () => {
  const bytes = await compileSimdWat();
  assertEquals(btoa(String.fromCharCode(...bytes)), SIMD_WASM_BASE64);
});

Deno.test("simdKernels() loads against the tfjs wasm heap", async () => {
  await useBackend("wasm");
  const wasm = (tf.backend() as unknown as { wasm: { asm: { memory: WebAssembly.Memory } } }).wasm;
  assert(simdKernels(wasm.asm.memory) !== undefined, "expected wasm SIMD support in this runtime");
});

// Every host-path op output and gradient, as plain numbers, for one backend and kernel choice.
async function run(backend: "cpu" | "wasm", kernels: HostKernels): Promise<number[][]> {
  await useBackend(backend);
  const previous = setHostKernels(kernels);
  try {
    const g = randomGraph(40, 160, 21);
    const rng = createRng(22);
    // 3 heads x 7 columns: the 4-wide SIMD part and a 3-column tail per head.
    const x = randomTensor(rng, [40, 21]) as tf.Tensor2D;
    const w = randomTensor(rng, [160, 3]) as tf.Tensor2D;
    const w1 = randomTensor(rng, [160]) as tf.Tensor1D;
    const R = randomTensor(rng, [40, 21]);
    // 37 columns: two 16-column register blocks, a 4-column block and a 1-column tail.
    const wide = randomTensor(rng, [40, 37]) as tf.Tensor2D;
    const adj = adjacency(g, new Float32Array(randomTensor(rng, [160]).dataSync()));
    const outs: tf.Tensor[] = [
      spmm(adj, x),
      spmm(adjacency(g), x),
      spmm(adj, wide),
      spmm(adj, x, w1),
      spmmHeads(adj, x, w),
      sddmm(adj, x, R as tf.Tensor2D),
      edgeSoftmax(adj, w),
      ...tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(spmmHeads(adj, a as tf.Tensor2D, b as tf.Tensor2D), R))
      )([x, w]),
      ...tf.grads((a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(spmm(adj, a as tf.Tensor2D, b as tf.Tensor1D), R))
      )([x, w1]),
    ];
    return outs.map((t) => Array.from(t.dataSync()));
  } finally {
    setHostKernels(previous);
  }
}

Deno.test("host kernels: wasm SIMD in place, wasm JS in place and cpu JS agree bit for bit", async () => {
  // Same float32 rounding and summation order in all three, so equality is exact, not approximate.
  const simd = await run("wasm", "auto");
  const inPlaceJs = await run("wasm", "js");
  const cpu = await run("cpu", "auto");
  assertEquals(simd.length, 11);
  for (let i = 0; i < simd.length; i++) {
    assertEquals(inPlaceJs[i], simd[i], `output ${i}: wasm JS vs wasm SIMD`);
    assertEquals(cpu[i], simd[i], `output ${i}: cpu JS vs wasm SIMD`);
  }
});

Deno.test("host kernels read tensors made on another backend before a switch", async () => {
  await useBackend("cpu");
  const g = randomGraph(10, 30, 31);
  const x = randomTensor(createRng(32), [10, 4]) as tf.Tensor2D;
  const onCpu = Array.from(spmm(adjacency(g), x).dataSync());
  await useBackend("wasm");
  assertEquals(Array.from(spmm(adjacency(g), x).dataSync()), onCpu);
});
