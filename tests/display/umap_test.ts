import { embeddingScatter } from "../../lib/display/figure_graph.ts";
import { umap, type UmapOptions } from "../../lib/display/umap.ts";
import { createRng } from "../../lib/random/rng.ts";
import { assert, assertEquals, assertThrows } from "../_assert.ts";

/** `perClass` points around each of `classes` random centres (spread 8) with unit noise. */
function blobs(
  classes: number,
  perClass: number,
  cols: number,
  seed: number,
): { matrix: Float32Array; labels: Int32Array; rows: number } {
  const rng = createRng(seed);
  const centres = Array.from({ length: classes }, () => Array.from({ length: cols }, rng.normal));
  const rows = classes * perClass;
  const matrix = new Float32Array(rows * cols);
  const labels = new Int32Array(rows);
  for (let r = 0; r < rows; r++) {
    labels[r] = r % classes;
    for (let c = 0; c < cols; c++) matrix[r * cols + c] = 8 * centres[labels[r]][c] + rng.normal();
  }
  return { matrix, labels, rows };
}

/** Share of points whose `k` nearest 2-D neighbours (by brute force) carry the point's label. */
function neighbourAgreement(points: Float32Array, labels: Int32Array, k: number): number {
  const n = labels.length;
  let agree = 0;
  for (let i = 0; i < n; i++) {
    const d = Array.from({ length: n }, (_, j) => ({
      j,
      d: (points[2 * i] - points[2 * j]) ** 2 + (points[2 * i + 1] - points[2 * j + 1]) ** 2,
    })).filter(({ j }) => j !== i).sort((a, b) => a.d - b.d);
    for (const { j } of d.slice(0, k)) if (labels[j] === labels[i]) agree++;
  }
  return agree / (n * k);
}

const data = blobs(3, 40, 10, 5);
const opts: UmapOptions = { seed: 3, nNeighbors: 10, nEpochs: 150 };

Deno.test("umap() gives identical coordinates for the same seed and others for another", () => {
  const a = umap(data.matrix, data.rows, 10, opts);
  const b = umap(data.matrix, data.rows, 10, opts);
  const c = umap(data.matrix, data.rows, 10, { ...opts, seed: 4 });
  assertEquals(a.embedding.length, 2 * data.rows);
  assert(a.embedding.every(Number.isFinite), "non-finite coordinates");
  assertEquals(Array.from(a.embedding), Array.from(b.embedding));
  const moved = a.embedding.reduce((m, v, i) => Math.max(m, Math.abs(v - c.embedding[i])), 0);
  assert(moved > 0.1, `seed 4 moved no coordinate by more than 0.1 (max ${moved})`);
  // Float64 input holding the same values is the same problem.
  const d = umap(Float64Array.from(data.matrix), data.rows, 10, opts);
  assertEquals(Array.from(d.embedding), Array.from(a.embedding));
});

Deno.test("umap() keeps well-separated clusters separated in 2-D", () => {
  const { embedding } = umap(data.matrix, data.rows, 10, opts);
  // A random layout would give about 1/3 here.
  const agreement = neighbourAgreement(embedding, data.labels, 5);
  assert(agreement >= 0.95, `5-NN label agreement ${agreement} < 0.95`);
});

Deno.test("umap() runs umap-js's default epochs unless told otherwise", () => {
  assertEquals(umap(data.matrix, data.rows, 10, { seed: 0, nNeighbors: 10 }).nEpochs, 500);
  const one = umap(data.matrix, data.rows, 10, { ...opts, nEpochs: 1 });
  assertEquals(one.nEpochs, 1);
  const many = umap(data.matrix, data.rows, 10, opts);
  assert(
    Array.from(one.embedding).some((v, i) => v !== many.embedding[i]),
    "1 and 150 epochs gave the same layout",
  );
});

Deno.test("umap() output plots with embeddingScatter(), one trace per class", () => {
  const { embedding } = umap(data.matrix, data.rows, 10, opts);
  const fig = embeddingScatter(embedding, data.labels, { labels: ["a", "b", "c"] });
  assertEquals(fig.data.map((t) => [t.name, (t.x as number[]).length]), [
    ["a", 40],
    ["b", 40],
    ["c", 40],
  ]);
  assertEquals((fig.data[1].y as number[])[0], embedding[2 * 1 + 1]);
});

Deno.test("umap() rejects bad inputs, naming the argument", () => {
  const m = new Float32Array(20 * 2);
  const nan = m.slice();
  nan[2 * 7 + 1] = Number.NaN;
  const cases: [() => unknown, string][] = [
    [() => umap(m, 20, 3, { seed: 0 }), "matrix has 40 values (expected rows * cols = 60)"],
    [() => umap(m, 0, 2, { seed: 0 }), "rows and cols must be positive integers, got 0 and 2"],
    [() => umap(nan, 20, 2, { seed: 0 }), "matrix[7, 1] is NaN; expected finite values"],
    [
      () => umap(m, 20, 2, { seed: 0, nNeighbors: 20 }),
      "options.nNeighbors must be an integer in 2..rows - 1 = 19, got 20; pass a smaller nNeighbors",
    ],
    [
      () => umap(m, 20, 2, { seed: 0, nNeighbors: 1 }),
      "options.nNeighbors must be an integer in 2..rows - 1 = 19, got 1",
    ],
    [
      () => umap(m, 20, 2, { seed: 0, nNeighbors: 5, minDist: -1 }),
      "options.minDist must be in [0, 1], got -1",
    ],
    [
      () => umap(m, 20, 2, { seed: 0, nNeighbors: 5, nEpochs: 2.5 }),
      "options.nEpochs must be a positive integer, got 2.5",
    ],
    [
      () => umap(m, 20, 2, {} as UmapOptions),
      "options.seed must be a finite number, got undefined",
    ],
  ];
  for (const [fn, message] of cases) {
    assertThrows(fn, { name: "RangeError", message: `Cannot run UMAP: ${message}` });
  }
});
