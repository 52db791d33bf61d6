import * as tf from "@tensorflow/tfjs";
import { createGraph } from "../../lib/graph/graph.ts";
import { createRng } from "../../lib/random/rng.ts";
import { graphChange } from "../../lib/structure/graph_change.ts";
import type { LearnedGraph } from "../../lib/structure/types.ts";
import { assertEquals, assertThrows } from "../_assert.ts";
import { assertNear, testOnCpu } from "./_learner_fixtures.ts";

function learned(n: number, src: number[], dst: number[], w: number[]): LearnedGraph {
  return {
    graph: createGraph({ numNodes: n, edgeIndex: [src, dst] }),
    weights: tf.tensor1d(w),
  };
}

/** A random graph with duplicate edges, as a LearnedGraph and as a dense float64 matrix. */
function randomLearned(seed: number, n: number, edges: number) {
  const rng = createRng(seed);
  const src = Array.from({ length: edges }, () => rng.int(n));
  const dst = Array.from({ length: edges }, () => rng.int(n));
  const w = Array.from({ length: edges }, () => Math.fround(rng.normal()));
  const dense = new Float64Array(n * n);
  for (let e = 0; e < edges; e++) dense[dst[e] * n + src[e]] += w[e];
  return { graph: learned(n, src, dst, w), dense };
}

testOnCpu("graphChange() equals the dense relative Frobenius change", () => {
  const n = 12;
  for (const seed of [1, 2, 3]) {
    const a = randomLearned(seed, n, 30);
    const b = randomLearned(seed + 10, n, 25);
    let num = 0;
    let den = 0;
    for (let i = 0; i < n * n; i++) {
      num += (b.dense[i] - a.dense[i]) ** 2;
      den += a.dense[i] ** 2;
    }
    assertNear([graphChange(a.graph, b.graph)], [Math.sqrt(num / den)], { atol: 1e-12 });
  }
});

testOnCpu("graphChange() ignores edge order and sums duplicates", () => {
  const a = learned(3, [0, 1, 2], [1, 2, 0], [1, 2, 3]);
  // Same matrix: reordered, and edge 1 -> 2 split into two copies.
  const b = learned(3, [2, 1, 0, 1], [0, 2, 1, 2], [3, 0.5, 1, 1.5]);
  assertEquals(graphChange(a, b), 0);
  // Disjoint edges: everything changes, ||A_prev||_F = ||A_next||_F, so sqrt(2).
  const c = learned(3, [1], [0], [Math.sqrt(14)]);
  assertNear([graphChange(a, c)], [Math.SQRT2], { atol: 1e-7 });
});

testOnCpu("graphChange() handles an empty previous graph", () => {
  const empty = learned(2, [0], [1], [0]);
  assertEquals(graphChange(empty, learned(2, [1], [0], [0])), 0);
  assertEquals(graphChange(empty, learned(2, [1], [0], [1])), Infinity);
});

testOnCpu("graphChange() names what does not match", () => {
  assertThrows(
    () => graphChange(learned(2, [0], [1], [1]), learned(3, [0], [1], [1])),
    new RangeError("Cannot compute graphChange: previous has 2 nodes but next has 3"),
  );
  const bad = {
    graph: createGraph({ numNodes: 2, edgeIndex: [[0], [1]] }),
    weights: tf.zeros([2]),
  };
  assertThrows(
    () => graphChange(learned(2, [0], [1], [1]), bad as LearnedGraph),
    new RangeError(
      "Cannot compute graphChange: expected next.weights [1] (one per edge), got shape [2]",
    ),
  );
});
