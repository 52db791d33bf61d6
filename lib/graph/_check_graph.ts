/**
 * The invariants of a graph and of its feature matrix, checked in one pass over each array. Each
 * check reports the first broken invariant through `fail`, naming the field and the position
 * (`x[12, 3] is NaN; features must be finite`), so that every caller can put its own action in
 * front (`Cannot create graph: ...`, `Cannot train gcn on cora: ...`).
 *
 * @module
 */
import type { Graph } from "./graph.ts";
import type { Matrix } from "./matrix.ts";

/** Throws an error whose message ends with `detail`. */
export type Fail = (detail: string) => never;

/**
 * Checks `numNodes`, the edge index (shape `[2, E]`, nodes in range), the edge weights (one per
 * edge, finite), the features (see {@linkcode checkFeatures}) and the labels (one integer per node).
 */
export function checkGraph(graph: Graph, fail: Fail): void {
  const { numNodes, edgeIndex, edgeWeight, x, y } = graph;
  if (!(Number.isInteger(numNodes) && numNodes > 0)) {
    fail(`numNodes must be a positive integer, got ${numNodes}`);
  }
  if (!(edgeIndex instanceof Int32Array) || edgeIndex.length % 2 !== 0) {
    fail(`edgeIndex must be an Int32Array of shape [2, E], got ${describe(edgeIndex)}`);
  }
  const E = edgeIndex.length >> 1;
  for (let i = 0; i < edgeIndex.length; i++) {
    const v = edgeIndex[i];
    if (v < 0 || v >= numNodes) {
      fail(`edgeIndex[${i < E ? 0 : 1}][${i % E}] is ${v}, out of range [0, ${numNodes})`);
    }
  }
  if (edgeWeight) {
    if (edgeWeight.length !== E) fail(`edgeWeight has ${edgeWeight.length} values for ${E} edges`);
    const bad = firstNonFinite(edgeWeight);
    if (bad >= 0) fail(`edgeWeight[${bad}] is ${edgeWeight[bad]}; edge weights must be finite`);
  }
  if (x) checkFeatures(x, numNodes, fail);
  if (y) checkLabels(y, numNodes, fail);
}

/**
 * Checks a feature matrix: `numNodes` rows, a consistent layout (dense: `rows * cols` values; CSR:
 * offsets, columns in range) and finite values, naming the first bad entry as `x[row, col]`.
 */
export function checkFeatures(x: Matrix, numNodes: number, fail: Fail): void {
  checkMatrixKind(x, fail);
  if (x.rows !== numNodes) fail(`x has ${x.rows} rows but the graph has ${numNodes} nodes`);
  if (!(Number.isInteger(x.cols) && x.cols >= 0)) {
    fail(`x.cols must be a non-negative integer, got ${x.cols}`);
  }
  if (x.kind === "dense") {
    if (x.data.length !== x.rows * x.cols) {
      fail(`x has ${x.data.length} values for ${x.rows} x ${x.cols}`);
    }
  } else {
    const { indptr, indices, data, rows, cols } = x;
    if (indptr.length !== rows + 1 || indptr[0] !== 0 || indptr[rows] !== data.length) {
      fail(`x is CSR but its indptr does not match ${rows} rows and ${data.length} values`);
    }
    if (indices.length !== data.length) fail("x is CSR but its indices and data differ in length");
    for (let k = 0; k < indices.length; k++) {
      if (indices[k] < 0 || indices[k] >= cols) {
        fail(`x[${csrRow(indptr, k)}, ${indices[k]}] is out of range: x has ${cols} columns`);
      }
    }
  }
  const bad = firstNonFinite(x.data);
  if (bad >= 0) {
    const [row, col] = x.kind === "dense"
      ? [Math.floor(bad / x.cols), bad % x.cols]
      : [csrRow(x.indptr, bad), x.indices[bad]];
    fail(`x[${row}, ${col}] is ${x.data[bad]}; features must be finite`);
  }
}

/** Checks that `x` is a {@linkcode Matrix} at all (a plain array has no rows to count). */
export function checkMatrixKind(x: Matrix, fail: Fail): void {
  if (x?.kind !== "dense" && x?.kind !== "csr") {
    fail(
      `x must be a dense or CSR Matrix (e.g. denseMatrix(data, rows, cols)), got ${describe(x)}`,
    );
  }
}

/** Checks that `y` has one integer label per node. */
export function checkLabels(y: ArrayLike<number>, numNodes: number, fail: Fail): void {
  if (y.length !== numNodes) fail(`y has ${y.length} labels but the graph has ${numNodes} nodes`);
  if (y instanceof Int32Array) return;
  for (let i = 0; i < y.length; i++) {
    if (!Number.isInteger(y[i])) fail(`y[${i}] is ${y[i]}; labels must be integers`);
  }
}

/** Position of the first NaN or infinite value, or -1. */
function firstNonFinite(values: ArrayLike<number>): number {
  for (let k = 0; k < values.length; k++) {
    // `v - v` is NaN exactly for NaN and ±Infinity: one subtraction instead of a call per value.
    const v = values[k];
    if (v - v !== 0) return k;
  }
  return -1;
}

/** Row of stored value `k` of a CSR matrix. */
function csrRow(indptr: Int32Array, k: number): number {
  let row = 0;
  while (indptr[row + 1] <= k) row++;
  return row;
}

function describe(value: unknown): string {
  if (value === null || typeof value !== "object") return String(value);
  const length = (value as { length?: unknown }).length;
  return `${value.constructor?.name ?? "an object"} of length ${length}`;
}
