/**
 * Row-normalising node features, like PyTorch Geometric's `NormalizeFeatures` transform.
 *
 * @module
 */
import type { Graph } from "./graph.ts";
import type { Matrix } from "./matrix.ts";

/**
 * Row-normalises `x` exactly as PyG's `NormalizeFeatures`:
 *
 * ```text
 * x' = x - min(x)                           (one global minimum; 0 for non-negative sparse data)
 * x'_i = x'_i / max(1, Σ_j x'_ij)           (rows summing to at least 1 then sum to 1)
 * ```
 *
 * So bag-of-words rows sum to 1 afterwards, all-zero rows stay zero, and (as in PyG) a row whose
 * sum is below 1 is left unscaled. A CSR `x` stays CSR when its minimum is 0 (the usual case);
 * otherwise the shift fills every entry and the result is dense. A graph without `x` is returned
 * as is. Edges, labels and weights are carried over.
 *
 * @example
 * ```ts
 * import { createGraph } from "./graph.ts";
 * import { denseMatrix } from "./matrix.ts";
 * import { normalizeFeatures } from "./normalize_features.ts";
 * const g = createGraph({
 *   numNodes: 2, edgeIndex: [[0], [1]], x: denseMatrix(new Float32Array([1, 3, 0, 0]), 2, 2),
 * });
 * if (normalizeFeatures(g).x?.data.join() !== "0.25,0.75,0,0") throw new Error("unexpected");
 * ```
 */
export function normalizeFeatures(graph: Graph): Graph {
  if (!graph.x || graph.x.rows * graph.x.cols === 0) return graph;
  return { ...graph, x: normalizeRows(graph.x) };
}

function normalizeRows(x: Matrix): Matrix {
  let min = Infinity;
  for (let k = 0; k < x.data.length; k++) if (x.data[k] < min) min = x.data[k];
  if (x.kind === "csr" && x.data.length < x.rows * x.cols) min = Math.min(min, 0);
  if (x.kind === "csr" && min === 0) {
    const data = new Float32Array(x.data.length);
    for (let r = 0; r < x.rows; r++) {
      let sum = 0;
      for (let k = x.indptr[r]; k < x.indptr[r + 1]; k++) sum += x.data[k];
      const scale = Math.max(sum, 1);
      for (let k = x.indptr[r]; k < x.indptr[r + 1]; k++) data[k] = x.data[k] / scale;
    }
    // Same sparsity pattern: share the (immutable) index arrays, so caches keyed on them hold.
    return { ...x, data };
  }
  const data = new Float32Array(x.rows * x.cols);
  if (x.kind === "dense") data.set(x.data);
  else {
    for (let r = 0; r < x.rows; r++) {
      for (let k = x.indptr[r]; k < x.indptr[r + 1]; k++) {
        data[r * x.cols + x.indices[k]] += x.data[k];
      }
    }
  }
  for (let r = 0; r < x.rows; r++) {
    let sum = 0;
    for (let c = 0; c < x.cols; c++) sum += data[r * x.cols + c] - min;
    const scale = Math.max(sum, 1);
    for (let c = 0; c < x.cols; c++) data[r * x.cols + c] = (data[r * x.cols + c] - min) / scale;
  }
  return { kind: "dense", rows: x.rows, cols: x.cols, data };
}
