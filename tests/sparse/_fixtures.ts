/**
 * Shared fixtures for the sparse-op tests: seeded random graphs with the awkward cases (nodes with
 * no incoming edges, self loops, duplicate edges), dense one-hot incidence matrices to build dense
 * references from plain tf ops, and value/gradient comparison helpers.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { setBackend } from "../../lib/backend/set_backend.ts";
import { createGraph, type Graph } from "../../lib/graph/graph.ts";
import { createRng, type Rng } from "../../lib/random/rng.ts";
import { adjacency, type SparseAdjacency } from "../../lib/sparse/adjacency.ts";
import { assert, assertAllClose, assertEquals } from "../_assert.ts";

/**
 * Backends the value and gradient tests run on. webgpu runs on a software adapter here; if it
 * cannot start, `useBackend` throws and the test fails with the reason.
 */
export const BACKENDS = ["cpu", "wasm", "webgpu"] as const;

/** One of {@linkcode BACKENDS}. */
export type Backend = typeof BACKENDS[number];

/** Activates a backend, failing with its reason when it cannot start. */
export async function useBackend(name: Backend): Promise<void> {
  const choice = await setBackend(name);
  assertEquals(tf.getBackend(), name, choice.reason);
}

/** Registers `${title} on ${backend}` for every backend in {@linkcode BACKENDS}, each on its backend. */
export function testOnBackends(title: string, body: (backend: Backend) => Promise<void>): void {
  for (const backend of BACKENDS) {
    Deno.test(`${title} on ${backend}`, async () => {
      await useBackend(backend);
      await body(backend);
    });
  }
}

/** Registers a test that runs on the cpu backend. */
export function testOnCpu(title: string, body: () => Promise<void> | void): void {
  Deno.test(title, async () => {
    await useBackend("cpu");
    await body();
  });
}

/** Graph sizes per backend: webgpu runs on a software adapter, so it gets a tiny graph. */
export function sizeFor(name: string): { nodes: number; edges: number } {
  return name === "webgpu" ? { nodes: 7, edges: 16 } : { nodes: 40, edges: 160 };
}

/**
 * A random multigraph whose last two nodes have no incoming edges, with at least one self loop
 * and one duplicate edge appended.
 */
export function randomGraph(numNodes: number, numEdges: number, seed: number): Graph {
  const rng = createRng(seed);
  const src: number[] = [];
  const dst: number[] = [];
  for (let e = 0; e < numEdges - 2; e++) {
    src.push(rng.int(numNodes));
    dst.push(rng.int(numNodes - 2));
  }
  src.push(1, src[0]); // a self loop 1 -> 1 and a copy of edge 0
  dst.push(1, dst[0]);
  return createGraph({ numNodes, edgeIndex: [src, dst] });
}

/** A {@linkcode randomGraph} sized for `backend` (see {@linkcode sizeFor}) and its adjacency. */
export function randomCase(
  backend: string,
  seed: number,
): { nodes: number; edges: number; graph: Graph; adj: SparseAdjacency } {
  const { nodes, edges } = sizeFor(backend);
  const graph = randomGraph(nodes, edges, seed);
  return { nodes, edges, graph, adj: adjacency(graph) };
}

/** A seeded `[rows, cols]` (or `[rows]`) float32 tensor with standard normal entries. */
export function randomTensor(rng: Rng, shape: number[]): tf.Tensor {
  const size = shape.reduce((a, b) => a * b, 1);
  return tf.tensor(Float32Array.from({ length: size }, () => rng.normal()), shape);
}

/**
 * One-hot incidence matrices `S[e, u] = [src_e = u]` and `T[e, v] = [dst_e = v]`, `[E, N]`: with them
 * every sparse op has a dense formula, e.g. `spmm(x, w) = T^T diag(w) S x`.
 */
export function incidence(graph: Graph): { S: tf.Tensor2D; T: tf.Tensor2D } {
  const E = graph.edgeIndex.length / 2;
  const N = graph.numNodes;
  const S = new Float32Array(E * N);
  const T = new Float32Array(E * N);
  for (let e = 0; e < E; e++) {
    S[e * N + graph.edgeIndex[e]] = 1;
    T[e * N + graph.edgeIndex[E + e]] = 1;
  }
  return { S: tf.tensor2d(S, [E, N]), T: tf.tensor2d(T, [E, N]) };
}

/** A tensor's values, read asynchronously (webgpu cannot read synchronously here). */
export async function values(t: tf.Tensor): Promise<number[]> {
  return Array.from(await t.data());
}

/**
 * Checks `sparse` against `dense` on the same inputs: values, then the gradient of
 * `sum(out * R)` (a fixed random `R`, so every output entry has its own weight) for every input.
 */
export async function assertMatchesDense(
  sparse: (...inputs: tf.Tensor[]) => tf.Tensor,
  dense: (...inputs: tf.Tensor[]) => tf.Tensor,
  inputs: tf.Tensor[],
  { atol = 1e-4, seed = 7, label = "" }: { atol?: number; seed?: number; label?: string } = {},
): Promise<void> {
  const a = sparse(...inputs);
  const b = dense(...inputs);
  assertEquals(a.shape, b.shape, `${label} shape`);
  assertAllClose(await values(a), await values(b), { atol, message: `${label} values: ` });
  const R = randomTensor(createRng(seed), a.shape);
  const ga = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(sparse(...xs), R)))(inputs);
  const gb = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(dense(...xs), R)))(inputs);
  for (let i = 0; i < inputs.length; i++) {
    assertEquals(ga[i].shape, inputs[i].shape, `${label} gradient ${i} shape`);
    assertAllClose(await values(ga[i]), await values(gb[i]), {
      atol,
      message: `${label} gradient ${i}: `,
    });
  }
}

/**
 * Checks the gradients of `sum(f(inputs) * R)` against central finite differences, on the host.
 * float32 rounding limits the numeric derivative: with step h and loss L, roundoff is about
 * `1e-7 |L| / h` and truncation `h^2 |f'''|`, so with h = 1e-2 agreement to about 1e-2 relative is
 * what float32 allows.
 */
export async function assertMatchesFiniteDifferences(
  f: (...inputs: tf.Tensor[]) => tf.Tensor,
  inputs: tf.Tensor[],
  { h = 1e-2, rtol = 1e-2 }: { h?: number; rtol?: number } = {},
): Promise<void> {
  const R = randomTensor(createRng(11), f(...inputs).shape);
  const loss = (xs: tf.Tensor[]) => tf.tidy(() => tf.sum(tf.mul(f(...xs), R)).dataSync()[0]);
  const analytic = tf.grads((...xs: tf.Tensor[]) => tf.sum(tf.mul(f(...xs), R)))(inputs);
  let checked = 0;
  for (let i = 0; i < inputs.length; i++) {
    const base = await values(inputs[i]);
    const grad = await values(analytic[i]);
    for (let j = 0; j < base.length; j++) {
      const shifted = (delta: number) => {
        const v = base.slice();
        v[j] += delta;
        const xs = inputs.slice();
        xs[i] = tf.tensor(v, inputs[i].shape);
        const out = loss(xs);
        xs[i].dispose();
        return out;
      };
      const numeric = (shifted(h) - shifted(-h)) / (2 * h);
      const scale = Math.max(1, Math.abs(numeric));
      assert(
        Math.abs(numeric - grad[j]) <= rtol * scale,
        `input ${i} entry ${j}: analytic ${grad[j]} vs finite difference ${numeric}`,
      );
      checked++;
    }
  }
  assert(checked > 0, "no entries checked");
}

/**
 * Registers the cpu test `${name}() gradients agree with finite differences`: `op` on the adjacency
 * of `randomGraph(nodes, edges, graphSeed)`, with inputs of `shapes` drawn from `createRng(inputSeed)`.
 */
export function testFiniteDifferenceGradients(
  name: string,
  op: (adj: SparseAdjacency, ...inputs: tf.Tensor[]) => tf.Tensor,
  { nodes = 6, edges, graphSeed, inputSeed, shapes }: {
    nodes?: number;
    edges: number;
    graphSeed: number;
    inputSeed: number;
    shapes: number[][];
  },
): void {
  testOnCpu(`${name}() gradients agree with finite differences`, async () => {
    const adj = adjacency(randomGraph(nodes, edges, graphSeed));
    const rng = createRng(inputSeed);
    await assertMatchesFiniteDifferences(
      (...inputs) => op(adj, ...inputs),
      shapes.map((shape) => randomTensor(rng, shape)),
    );
  });
}
