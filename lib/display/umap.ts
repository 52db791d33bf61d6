/**
 * Seeded UMAP (uniform manifold approximation and projection) for plotting embeddings in 2-D.
 *
 * @module
 */

import { UMAP } from "umap-js";
import { createRng } from "../random/rng.ts";

/** Options for {@link umap}. */
export interface UmapOptions {
  /** Seed for the random projection trees, NN-descent, initial layout and negative sampling. */
  seed: number;
  /** Neighbours per point in the k-NN graph (local vs global structure); default 15. */
  nNeighbors?: number;
  /** Smallest distance between points in the layout, in `[0, 1]`; default 0.1. */
  minDist?: number;
  /**
   * Optimisation epochs; default umap-js's choice: 500 up to 2500 rows, 400 up to 5000, 300 up to
   * 7500, 200 above.
   */
  nEpochs?: number;
}

/** What {@link umap} returns. */
export interface UmapResult {
  /** The 2-D layout, `[rows, 2]` row-major; pass it to `embeddingScatter`. */
  embedding: Float32Array;
  /** Epochs the layout was optimised for. */
  nEpochs: number;
}

const ACTION = "Cannot run UMAP";

/**
 * Lays the rows of a dense matrix out in 2-D with UMAP (McInnes, Healy and Melville, 2018,
 * https://arxiv.org/abs/1802.03426), using npm `umap-js` with Euclidean distances. Every random
 * choice draws from {@link createRng}`(seed)`, so the same seed gives identical coordinates.
 *
 * Speed (single-threaded): Cora-sized input (2708 x 16, e.g. a GCN's hidden layer) takes about
 * 6 s with the default 400 epochs, of which 3 to 4 s build the neighbour graph; `nEpochs: 200`
 * takes about 4.5 s (measured on a shared 2-core machine).
 *
 * @param matrix `[rows, cols]` row-major values, all finite
 * @param rows number of rows (samples); more than `nNeighbors`
 * @param cols number of columns (features)
 * @param options seed (required), neighbours, minimum distance and epochs
 * @returns the `[rows, 2]` layout and the number of epochs run
 * @throws {RangeError} on a size mismatch, a non-finite value, or an option out of range
 *
 * @example
 * ```ts
 * import { umap } from "./umap.ts";
 * // Two tight groups of 10 points each in 3-D, far apart.
 * const m = new Float32Array(20 * 3).map((_, i) => (i < 30 ? 0 : 10) + (i % 7) * 0.01);
 * const a = umap(m, 20, 3, { seed: 1, nNeighbors: 5, nEpochs: 50 });
 * const b = umap(m, 20, 3, { seed: 1, nNeighbors: 5, nEpochs: 50 });
 * if (a.embedding.length !== 40) throw new Error("expected [20, 2]");
 * if (a.embedding.join() !== b.embedding.join()) throw new Error("same seed, different layout");
 * ```
 */
export function umap(
  matrix: Float32Array | Float64Array,
  rows: number,
  cols: number,
  options: UmapOptions,
): UmapResult {
  if (!Number.isInteger(rows) || !Number.isInteger(cols) || rows < 1 || cols < 1) {
    throw new RangeError(
      `${ACTION}: rows and cols must be positive integers, got ${rows} and ${cols}`,
    );
  }
  if (matrix.length !== rows * cols) {
    throw new RangeError(
      `${ACTION}: matrix has ${matrix.length} values (expected rows * cols = ${rows * cols})`,
    );
  }
  const { seed, nNeighbors = 15, minDist = 0.1, nEpochs } = options ?? {};
  if (typeof seed !== "number" || !Number.isFinite(seed)) {
    throw new RangeError(`${ACTION}: options.seed must be a finite number, got ${seed}`);
  }
  if (!Number.isInteger(nNeighbors) || nNeighbors < 2 || nNeighbors >= rows) {
    throw new RangeError(
      `${ACTION}: options.nNeighbors must be an integer in 2..rows - 1 = ${rows - 1}, ` +
        `got ${nNeighbors}` + (nNeighbors >= rows ? "; pass a smaller nNeighbors" : ""),
    );
  }
  if (typeof minDist !== "number" || !(minDist >= 0 && minDist <= 1)) {
    throw new RangeError(`${ACTION}: options.minDist must be in [0, 1], got ${minDist}`);
  }
  if (nEpochs !== undefined && (!Number.isInteger(nEpochs) || nEpochs < 1)) {
    throw new RangeError(`${ACTION}: options.nEpochs must be a positive integer, got ${nEpochs}`);
  }
  const data: number[][] = new Array(rows);
  for (let r = 0; r < rows; r++) {
    const row = Array.from(matrix.subarray(r * cols, (r + 1) * cols));
    const bad = row.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) {
      throw new RangeError(
        `${ACTION}: matrix[${r}, ${bad}] is ${row[bad]}; expected finite values`,
      );
    }
    data[r] = row;
  }
  const epochs = nEpochs ?? defaultEpochs(rows);
  const model = new UMAP({
    nComponents: 2,
    nNeighbors,
    minDist,
    nEpochs: epochs,
    random: createRng(seed).next,
  });
  const layout = model.fit(data);
  const embedding = new Float32Array(rows * 2);
  for (let r = 0; r < rows; r++) {
    embedding[2 * r] = layout[r][0];
    embedding[2 * r + 1] = layout[r][1];
  }
  return { embedding, nEpochs: epochs };
}

/** umap-js's own default (`getNEpochs`), spelled out so the result can report it. */
function defaultEpochs(rows: number): number {
  return rows <= 2500 ? 500 : rows <= 5000 ? 400 : rows <= 7500 ? 300 : 200;
}
