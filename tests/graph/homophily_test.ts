import { assertAllClose, assertStrictEquals, assertThrows } from "../_assert.ts";
import { createGraph } from "../../lib/graph/graph.ts";
import {
  classInsensitiveHomophily,
  edgeHomophily,
  nodeHomophily,
} from "../../lib/graph/homophily.ts";

// Labels 0,0,1,1,1; edges (both ways) 0-1 same, 1-2 diff, 2-3 same, 3-4 same, plus 4->0 diff.
const g = createGraph({
  numNodes: 5,
  edgeIndex: [[0, 1, 1, 2, 2, 3, 3, 4, 4], [1, 0, 2, 1, 3, 2, 4, 3, 0]],
  y: Int32Array.from([0, 0, 1, 1, 1]),
});

Deno.test("edgeHomophily() is the fraction of same-label edges", () => {
  assertStrictEquals(edgeHomophily(g), 6 / 9);
});

Deno.test("nodeHomophily() averages per-node fractions of same-label in-edges", () => {
  // in-edges: 0 <- 1 (same), 4 (diff) = 1/2; 1 <- 0 same, 2 diff = 1/2; 2 <- 1 diff, 3 same = 1/2;
  // 3 <- 2 same, 4 same = 1; 4 <- 3 same = 1.
  assertAllClose([nodeHomophily(g)], [(0.5 + 0.5 + 0.5 + 1 + 1) / 5]);
  // A node without in-edges counts as 0, as in PyG.
  const h = createGraph({ numNodes: 3, edgeIndex: [[0], [1]], y: Int32Array.from([0, 0, 0]) });
  assertAllClose([nodeHomophily(h)], [1 / 3]);
});

Deno.test("classInsensitiveHomophily() follows Lim et al.'s formula", () => {
  // class 0: in-edges into {0,1}: 1->0 same, 4->0 diff, 0->1 same, 2->1 diff -> h0 = 1/2, p0 = 2/5
  // class 1: in-edges into {2,3,4}: 1->2 diff, 3->2, 2->3, 4->3, 3->4 same -> h1 = 4/5, p1 = 3/5
  assertAllClose([classInsensitiveHomophily(g)], [(0.5 - 0.4) + (0.8 - 0.6)]);
});

Deno.test("homophily functions need labels", () => {
  const unlabelled = createGraph({ numNodes: 2, edgeIndex: [[0], [1]] });
  assertThrows(() => edgeHomophily(unlabelled), {
    message: "Cannot compute edge homophily: the graph has no labels y",
  });
  assertThrows(
    () =>
      classInsensitiveHomophily(
        createGraph({ numNodes: 2, edgeIndex: [[0], [1]], y: Int32Array.from([0, 0]) }),
      ),
    { message: "Cannot compute class-insensitive homophily: expected at least 2 classes, got 1" },
  );
});
