/**
 * Times `spmm` forward and forward+backward (`tf.grad` w.r.t. x) on random graphs, on the wasm and
 * cpu backends, printing ms per call:
 *
 * - Cora-sized: 2708 nodes, 13264 edges, 16 and 64 columns
 * - ogbn-arxiv-sized, densified: 169343 nodes, 2.5M edges, 256 columns
 *
 * - GAT-style aggregation on the Cora-sized graph, 8 heads x 8 columns, forward+backward (gradients
 *   for x and the `[E, 8]` weights): `spmmHeads` against 8 per-head `spmm` calls on column slices
 *
 * Run: `deno run -A bench/sparse_bench.ts [--small]` (`--small` skips the large graph).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import { setBackend } from "../lib/backend/set_backend.ts";
import { createGraph } from "../lib/graph/graph.ts";
import { createRng } from "../lib/random/rng.ts";
import { adjacency, type SparseAdjacency } from "../lib/sparse/adjacency.ts";
import { spmm } from "../lib/sparse/spmm.ts";
import { spmmHeads } from "../lib/sparse/spmm_heads.ts";
import { medianTimes } from "./_timing.ts";

function randomAdjacency(nodes: number, edges: number, seed: number): SparseAdjacency {
  const rng = createRng(seed);
  const edgeIndex = new Int32Array(2 * edges);
  for (let i = 0; i < edgeIndex.length; i++) edgeIndex[i] = rng.int(nodes);
  const weight = Float32Array.from({ length: edges }, () => rng.next());
  return adjacency(createGraph({ numNodes: nodes, edgeIndex }), weight);
}

function randomX(nodes: number, cols: number, seed: number): tf.Tensor2D {
  const rng = createRng(seed);
  return tf.tensor2d(Float32Array.from({ length: nodes * cols }, () => rng.next() - 0.5), [
    nodes,
    cols,
  ]);
}

const cases = [
  { nodes: 2708, edges: 13264, cols: 16, reps: 50 },
  { nodes: 2708, edges: 13264, cols: 64, reps: 50 },
  ...(Deno.args.includes("--small")
    ? []
    : [{ nodes: 169343, edges: 2_500_000, cols: 256, reps: 3 }]),
];

for (const backend of ["wasm", "cpu"] as const) {
  await setBackend(backend);
  for (const { nodes, edges, cols, reps } of cases) {
    const adj = randomAdjacency(nodes, edges, 1);
    const x = randomX(nodes, cols, 2);
    adj.bySource; // build the transpose outside the timing, as training would after step 1
    const forward = medianTimes(() => spmm(adj, x), reps).wall;
    // An explicit upstream gradient, so only spmm's forward and backward are timed.
    const dy = randomX(nodes, cols, 3);
    const grad = tf.grad((a: tf.Tensor) => spmm(adj, a as tf.Tensor2D));
    const both = medianTimes(() => grad(x, dy), reps).wall;
    console.log(
      `${backend.padEnd(4)} spmm N=${nodes} nnz=${edges} F=${cols}: forward ${
        forward.toFixed(2)
      } ms, forward+backward ${both.toFixed(2)} ms`,
    );
    tf.dispose([x, dy]);
  }
}

for (const backend of ["wasm", "cpu"] as const) {
  await setBackend(backend);
  const [N, E, H, C] = [2708, 13264, 8, 8];
  const adj = randomAdjacency(N, E, 1);
  adj.bySource;
  const x = randomX(N, H * C, 2);
  const w = randomX(E, H, 3);
  const dy = randomX(N, H * C, 4);
  const fused = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
    spmmHeads(adj, a as tf.Tensor2D, b as tf.Tensor2D)
  );
  const sliced = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
    tf.concat(
      Array.from({ length: H }, (_, h) =>
        spmm(
          adj,
          tf.slice(a, [0, h * C], [N, C]) as tf.Tensor2D,
          tf.reshape(tf.slice(b, [0, h], [E, 1]), [E]) as tf.Tensor1D,
        )),
      1,
    )
  );
  const both = (g: typeof fused) => () => tf.concat(g([x, w], dy).map((t) => tf.reshape(t, [-1])));
  console.log(
    `${backend.padEnd(4)} GAT aggregation ${H}x${C} fwd+bwd: spmmHeads ${
      medianTimes(both(fused), 30).wall.toFixed(2)
    } ms, ${H} x spmm on slices ${medianTimes(both(sliced), 30).wall.toFixed(2)} ms`,
  );
  tf.dispose([x, w, dy]);
}
