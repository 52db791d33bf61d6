import { forceLayout } from "../../lib/display/force_layout.ts";
import { createGraph } from "../../lib/graph/graph.ts";
import { assert, assertEquals, assertThrows } from "../_assert.ts";

/** Two 8-node cliques (nodes 0..7 and 8..15) joined by the single edge 7-8, both directions. */
function twoCliques() {
  const s: number[] = [];
  const t: number[] = [];
  for (const base of [0, 8]) {
    for (let i = 0; i < 8; i++) {
      for (let j = 0; j < 8; j++) if (i !== j) s.push(base + i), t.push(base + j);
    }
  }
  s.push(7, 8);
  t.push(8, 7);
  return createGraph({ numNodes: 16, edgeIndex: [s, t] });
}

function dist(p: Float32Array, a: number, b: number): number {
  return Math.hypot(p[2 * a] - p[2 * b], p[2 * a + 1] - p[2 * b + 1]);
}

Deno.test("forceLayout() is deterministic for a seed and differs across seeds", () => {
  const g = twoCliques();
  const a = forceLayout(g, { seed: 3 });
  const b = forceLayout(g, { seed: 3 });
  const c = forceLayout(g, { seed: 4 });
  assertEquals(Array.from(a), Array.from(b));
  assert(Array.from(a).some((v, i) => v !== c[i]), "seeds 3 and 4 gave the same layout");
});

Deno.test("forceLayout() keeps clusters together and apart from each other", () => {
  const p = forceLayout(twoCliques(), { seed: 0 });
  let within = 0, nw = 0, between = 0, nb = 0;
  for (let a = 0; a < 16; a++) {
    for (let b = a + 1; b < 16; b++) {
      if ((a < 8) === (b < 8)) within += dist(p, a, b), nw++;
      else between += dist(p, a, b), nb++;
    }
  }
  assert(within / nw < between / nb / 2, `within ${within / nw}, between ${between / nb}`);
});

Deno.test("forceLayout() puts neighbours closer than random pairs on a ring", () => {
  const n = 200;
  const s = Array.from({ length: n }, (_, i) => i);
  const t = s.map((i) => (i + 1) % n);
  const p = forceLayout(createGraph({ numNodes: n, edgeIndex: [s, t] }), { seed: 1 });
  let edge = 0;
  for (let i = 0; i < n; i++) edge += dist(p, i, (i + 1) % n);
  let all = 0;
  for (let a = 0; a < n; a++) for (let b = a + 1; b < n; b++) all += dist(p, a, b);
  assert(edge / n < (all / (n * (n - 1) / 2)) / 3, `edge ${edge / n}, all ${all}`);
});

Deno.test("forceLayout() centres and scales positions into [-1, 1]", () => {
  const g = createGraph({ numNodes: 500, edgeIndex: [[0, 1, 2], [1, 2, 3]] });
  const p = forceLayout(g, { iterations: 50, seed: 2 });
  assertEquals(p.length, 1000);
  let maxAbs = 0;
  for (const v of p) {
    assert(Number.isFinite(v) && v >= -1 && v <= 1, `position ${v} outside [-1, 1]`);
    maxAbs = Math.max(maxAbs, Math.abs(v));
  }
  assert(maxAbs > 0.999, `layout does not fill [-1, 1]: max |coordinate| ${maxAbs}`);
  assertEquals(Array.from(forceLayout(createGraph({ numNodes: 1, edgeIndex: [[], []] }))), [0, 0]);
});

Deno.test("forceLayout() rejects a bad iteration count", () => {
  assertThrows(
    () => forceLayout(twoCliques(), { iterations: -1 }),
    RangeError,
    "Cannot lay out graph: iterations must be a non-negative integer, got -1",
  );
});
