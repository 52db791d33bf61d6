/**
 * Seeded graph augmentations applied per epoch: feature masking and DropEdge.
 *
 * @module
 */
import type { Graph } from "../graph/graph.ts";
import type { Matrix } from "../graph/matrix.ts";
import type { Rng } from "../random/rng.ts";

function checkRate(action: string, rate: number): void {
  if (!(rate >= 0 && rate < 1)) {
    throw new RangeError(`Cannot apply ${action}: rate must be in [0, 1), got ${rate}`);
  }
}

/**
 * Feature masking ([You et al., 2020](https://arxiv.org/abs/2010.13902), "attribute masking";
 * GRACE's feature masking): zeroes each feature column with probability `rate`, for all nodes,
 * without rescaling. A CSR input stays CSR with the masked entries removed. `rate` 0 returns `x`.
 *
 * @example
 * ```ts
 * import { denseMatrix } from "../graph/matrix.ts";
 * import { createRng } from "../random/rng.ts";
 * import { featureDropout } from "./augment.ts";
 * const x = denseMatrix(new Float32Array([1, 2, 3, 4]), 2, 2);
 * const out = featureDropout(x, 0.5, createRng(1));
 * // Whole columns are kept or zeroed together.
 * const d = out.data;
 * if ((d[0] === 0) !== (d[2] === 0) || (d[1] === 0) !== (d[3] === 0)) throw new Error("unexpected");
 * ```
 */
export function featureDropout(x: Matrix, rate: number, rng: Rng): Matrix {
  checkRate("featureDropout", rate);
  if (rate === 0) return x;
  const keep = new Uint8Array(x.cols);
  for (let c = 0; c < x.cols; c++) keep[c] = rng.next() >= rate ? 1 : 0;
  if (x.kind === "dense") {
    const data = x.data.slice();
    for (let i = 0; i < data.length; i++) if (!keep[i % x.cols]) data[i] = 0;
    return { ...x, data };
  }
  const indptr = new Int32Array(x.rows + 1);
  let n = 0;
  for (let r = 0; r < x.rows; r++) {
    for (let k = x.indptr[r]; k < x.indptr[r + 1]; k++) if (keep[x.indices[k]]) n++;
    indptr[r + 1] = n;
  }
  const indices = new Int32Array(n);
  const data = new Float32Array(n);
  n = 0;
  for (let k = 0; k < x.indices.length; k++) {
    if (keep[x.indices[k]]) {
      indices[n] = x.indices[k];
      data[n++] = x.data[k];
    }
  }
  return { kind: "csr", rows: x.rows, cols: x.cols, indptr, indices, data };
}

/**
 * DropEdge ([Rong et al., 2020](https://arxiv.org/abs/1907.10903)): removes each directed edge
 * independently with probability `rate` (weights follow their edges). `rate` 0 returns the graph.
 *
 * @example
 * ```ts
 * import { createGraph, numEdges } from "../graph/graph.ts";
 * import { createRng } from "../random/rng.ts";
 * import { edgeDropout } from "./augment.ts";
 * const g = createGraph({ numNodes: 3, edgeIndex: [[0, 1, 2, 0], [1, 2, 0, 2]] });
 * const kept = numEdges(edgeDropout(g, 0.5, createRng(0)));
 * if (kept > 4) throw new Error("unexpected");
 * ```
 */
export function edgeDropout(graph: Graph, rate: number, rng: Rng): Graph {
  checkRate("edgeDropout", rate);
  if (rate === 0) return graph;
  const E = graph.edgeIndex.length >> 1;
  const all = new Int32Array(E);
  let n = 0;
  for (let e = 0; e < E; e++) if (rng.next() >= rate) all[n++] = e;
  const kept = all.subarray(0, n);
  const edgeIndex = new Int32Array(2 * kept.length);
  for (let k = 0; k < kept.length; k++) {
    edgeIndex[k] = graph.edgeIndex[kept[k]];
    edgeIndex[kept.length + k] = graph.edgeIndex[E + kept[k]];
  }
  const w = graph.edgeWeight;
  const { edgeWeight: _, ...rest } = graph;
  return { ...rest, edgeIndex, ...(w && { edgeWeight: Float32Array.from(kept, (e) => w[e]) }) };
}
