/**
 * Shared fixtures for the layer and model tests: a seeded duplicate-free random graph (with a few
 * self loops and a node without incoming edges), its dense adjacency, random features in dense and
 * CSR form, and helpers to compare tensors and check gradients.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { setBackend } from "../../lib/backend/set_backend.ts";
import { createGraph, type Graph } from "../../lib/graph/graph.ts";
import type { CsrMatrix } from "../../lib/graph/matrix.ts";
import type { Module } from "../../lib/nn/module.ts";
import { createRng } from "../../lib/random/rng.ts";
import { assert, assertAllClose, assertEquals } from "../_assert.ts";

/** The backends every layer test runs on. */
export const BACKENDS = ["cpu", "wasm"] as const;

/** Activates a backend, failing with its reason when it cannot start. */
export async function useBackend(name: typeof BACKENDS[number]): Promise<void> {
  const choice = await setBackend(name);
  assertEquals(tf.getBackend(), name, choice.reason);
}

/**
 * A random graph on `n` nodes without duplicate edges: each ordered pair is an edge with
 * probability `p`; node `n - 1` has no incoming edges; nodes 0 and 2 have self loops. Edge weights
 * are random in [0.5, 2) when `weighted`.
 */
export function randomGraph(n: number, p: number, seed: number, weighted = false): Graph {
  const rng = createRng(seed);
  const src: number[] = [];
  const dst: number[] = [];
  for (let v = 0; v < n - 1; v++) {
    for (let u = 0; u < n; u++) {
      if ((u === v && (v === 0 || v === 2)) || (u !== v && rng.next() < p)) {
        src.push(u);
        dst.push(v);
      }
    }
  }
  // Shuffle the edge order so nothing depends on sorted input.
  const perm = rng.permutation(src.length);
  const s = Array.from(perm, (i) => src[i]);
  const d = Array.from(perm, (i) => dst[i]);
  const edgeWeight = weighted ? Float32Array.from(s, () => 0.5 + 1.5 * rng.next()) : undefined;
  return createGraph({ numNodes: n, edgeIndex: [s, d], ...(edgeWeight && { edgeWeight }) });
}

/** Dense `A[v, u] = w_e` for every edge `u -> v` (1 without weights), `[N, N]`. */
export function denseAdjacency(graph: Graph): tf.Tensor2D {
  const N = graph.numNodes;
  const E = graph.edgeIndex.length / 2;
  const a = new Float32Array(N * N);
  for (let e = 0; e < E; e++) {
    a[graph.edgeIndex[E + e] * N + graph.edgeIndex[e]] = graph.edgeWeight?.[e] ?? 1;
  }
  return tf.tensor2d(a, [N, N]);
}

/** Seeded standard-normal values of the given shape. */
export function randomTensor(seed: number, shape: [number, number]): tf.Tensor2D {
  const rng = createRng(seed);
  return tf.tensor2d(Float32Array.from({ length: shape[0] * shape[1] }, () => rng.normal()), shape);
}

/** A random sparse `[rows, cols]` matrix (about `density` nonzeros) as CSR and as a dense tensor. */
export function randomSparse(
  seed: number,
  rows: number,
  cols: number,
  density = 0.3,
): { csr: CsrMatrix; dense: tf.Tensor2D } {
  const rng = createRng(seed);
  const indptr = new Int32Array(rows + 1);
  const indices: number[] = [];
  const data: number[] = [];
  const dense = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      if (rng.next() < density) {
        const v = 0.5 + rng.next();
        indices.push(c);
        data.push(v);
        dense[r * cols + c] = Math.fround(v);
      }
    }
    indptr[r + 1] = indices.length;
  }
  const csr: CsrMatrix = {
    kind: "csr",
    rows,
    cols,
    indptr,
    indices: Int32Array.from(indices),
    data: Float32Array.from(data),
  };
  return { csr, dense: tf.tensor2d(dense, [rows, cols]) };
}

/** Compares shapes, then values within `atol`. */
export function assertTensorClose(
  actual: tf.Tensor,
  expected: tf.Tensor,
  atol = 1e-5,
  message = "",
): void {
  assertEquals(actual.shape, expected.shape, `${message}shape`);
  assertAllClose(actual.dataSync(), expected.dataSync(), { atol, message });
}

/** Gives every parameter of `module` fresh random values (so zero biases get tested too). */
export function randomizeParameters(module: Module, seed: number): void {
  const rng = createRng(seed);
  for (const v of module.parameters()) {
    v.assign(tf.tensor(Float32Array.from({ length: v.size }, () => rng.normal() * 0.5), v.shape));
  }
}

/**
 * Checks that the gradient of `sum(f() * R)` (a fixed random `R`) reaches every parameter of
 * `module`: each parameter's gradient must have a nonzero entry.
 */
export function assertGradientsFlow(module: Module, f: () => tf.Tensor2D): void {
  const out = f();
  const r = randomTensor(99, out.shape as [number, number]);
  const named = module.namedParameters();
  const { grads } = tf.variableGrads(
    () => tf.sum(tf.mul(f(), r)) as tf.Scalar,
    named.map(([, v]) => v),
  );
  for (const [name, v] of named) {
    const g = grads[v.name];
    assert(g, `no gradient for ${name}`);
    assertEquals(g.shape, v.shape, `gradient shape of ${name}`);
    assert(g.dataSync().some((x) => x !== 0 && Number.isFinite(x)), `zero gradient for ${name}`);
  }
}
