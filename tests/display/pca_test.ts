import { pca } from "../../lib/display/pca.ts";
import { createRng } from "../../lib/random/rng.ts";
import { assert, assertAllClose, assertEquals, assertThrows } from "../_assert.ts";
import { runPythonJson } from "../_python.ts";

/** Rows = 3 latent factors (scales 5, 3, 1.5) times random loadings, plus small noise. */
function lowRankMatrix(rows: number, cols: number, seed: number): Float32Array {
  const rng = createRng(seed);
  const scales = [5, 3, 1.5];
  const loadings = Array.from({ length: 3 }, () => Array.from({ length: cols }, rng.normal));
  const m = new Float32Array(rows * cols);
  for (let r = 0; r < rows; r++) {
    const z = scales.map((s) => s * rng.normal());
    for (let c = 0; c < cols; c++) {
      let v = 0.1 * rng.normal() + 2;
      for (let f = 0; f < 3; f++) v += z[f] * loadings[f][c];
      m[r * cols + c] = v;
    }
  }
  return m;
}

const NUMPY_PCA = `
import json, sys
import numpy as np
d = json.load(sys.stdin)
x = np.array(d["m"], dtype=np.float64).reshape(d["rows"], d["cols"])
x -= x.mean(axis=0)
u, s, vt = np.linalg.svd(x, full_matrices=False)
k = d["k"]
print(json.dumps({"scores": (u[:, :k] * s[:k]).tolist(), "ratio": (s[:k] ** 2 / (s ** 2).sum()).tolist()}))
`;

Deno.test("pca() matches numpy's SVD up to sign", async () => {
  const rows = 150, cols = 40, k = 3;
  const m = lowRankMatrix(rows, cols, 7);
  const { projection, explainedVarianceRatio } = pca(m, rows, cols, k);
  const want = await runPythonJson<{ scores: number[][]; ratio: number[] }>(NUMPY_PCA, {
    input: { m: Array.from(m), rows, cols, k },
    modules: ["numpy"],
  });
  assertAllClose(explainedVarianceRatio, want.ratio, { atol: 1e-4 });
  for (let c = 0; c < k; c++) {
    const got = Array.from({ length: rows }, (_, r) => projection[r * k + c]);
    const ref = want.scores.map((row) => row[c]);
    const sign = Math.sign(got.reduce((s, v, i) => s + v * ref[i], 0));
    assert(sign !== 0, `component ${c} is orthogonal to numpy's`);
    const scale = Math.max(...ref.map(Math.abs));
    assertAllClose(got.map((v) => (sign * v) / scale), ref.map((v) => v / scale), {
      atol: 1e-4,
    });
  }
});

Deno.test("pca() of points on a line puts all variance on the first component", () => {
  // Hand-computed: (0,0), (2,2), (4,4) centre to (-2,-2), (0,0), (2,2); scores are ±2√2 and 0.
  const { projection, explainedVarianceRatio } = pca(new Float32Array([0, 0, 2, 2, 4, 4]), 3, 2);
  assertAllClose(explainedVarianceRatio, [1, 0], { atol: 1e-9 });
  assertAllClose(
    Array.from(projection).map(Math.abs),
    [2 * Math.SQRT2, 0, 0, 0, 2 * Math.SQRT2, 0],
    {
      atol: 1e-5,
    },
  );
  assertEquals(Math.sign(projection[0]), -Math.sign(projection[4]));
});

Deno.test("pca() rejects mismatched sizes and k", () => {
  assertThrows(
    () => pca(new Float32Array(5), 2, 3),
    RangeError,
    "Cannot run PCA: matrix has 5 values (expected rows * cols = 6)",
  );
  assertThrows(
    () => pca(new Float32Array(6), 2, 3, 4),
    RangeError,
    "Cannot run PCA: k must be an integer in 1..3, got 4",
  );
});
