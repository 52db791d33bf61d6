/**
 * A seeded force-directed 2-D layout (Fruchterman-Reingold) for drawing graphs.
 *
 * @module
 */

import type { Graph } from "../graph/graph.ts";
import { createRng } from "../random/rng.ts";

/** Options for {@link forceLayout}. */
export interface ForceLayoutOptions {
  /** Number of cooling steps; default 300. */
  iterations?: number;
  /** Seed of the initial positions; default 0. */
  seed?: number;
}

/**
 * Lays out a graph in 2-D: edges pull their ends together (force `d² / k`), nodes push each other
 * apart (force `k² / d`), and each step moves a node at most a temperature that cools linearly to
 * zero. Repulsion is exact between nodes in neighbouring cells of a uniform grid (about 8 nodes a
 * cell, at most 64 x 64 cells) and goes through cell centres of mass otherwise, so a few thousand
 * nodes lay out in a second or two. A weak pull to the centre keeps disconnected parts in view. Edge direction is ignored; self-loops do nothing.
 *
 * @param graph any graph
 * @param options `iterations` and `seed`; the same seed gives the same layout
 * @returns `[x0, y0, x1, y1, ...]`, centred on the origin and scaled into `[-1, 1]`
 * @throws {RangeError} when `iterations` is not a non-negative integer
 *
 * @example
 * ```ts
 * import { forceLayout } from "./force_layout.ts";
 * import { createGraph } from "../graph/graph.ts";
 * const g = createGraph({ numNodes: 3, edgeIndex: [[0, 1], [1, 2]] });
 * const pos = forceLayout(g, { iterations: 50, seed: 1 });
 * if (pos.length !== 6 || pos.some((v) => Math.abs(v) > 1)) throw new Error(String(pos));
 * ```
 */
export function forceLayout(graph: Graph, options: ForceLayoutOptions = {}): Float32Array {
  const { iterations = 300, seed = 0 } = options;
  if (!Number.isInteger(iterations) || iterations < 0) {
    throw new RangeError(
      `Cannot lay out graph: iterations must be a non-negative integer, got ${iterations}`,
    );
  }
  const n = graph.numNodes;
  const rng = createRng(seed);
  // Area n with ideal edge length k = 1 keeps the grid about one node per cell whatever n is.
  const side = Math.sqrt(n);
  const k = 1;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    x[i] = (rng.next() - 0.5) * side;
    y[i] = (rng.next() - 0.5) * side;
  }
  const dx = new Float64Array(n);
  const dy = new Float64Array(n);
  const e = graph.edgeIndex.length >> 1;
  const src = graph.edgeIndex.subarray(0, e);
  const dst = graph.edgeIndex.subarray(e);
  const cellOf = new Int32Array(n);
  const order = new Int32Array(n);
  // About 8 nodes per cell: exact repulsion from the 3x3 block around a node's cell, and
  // cell-to-cell repulsion (through centres of mass) from the rest.
  const g = Math.max(1, Math.min(64, Math.round(Math.sqrt(n / 8))));
  const cells = g * g;
  const cellStart = new Int32Array(cells + 1);
  const massX = new Float64Array(cells);
  const massY = new Float64Array(cells);
  const farX = new Float64Array(cells);
  const farY = new Float64Array(cells);
  const t0 = side / 10 + k;
  for (let it = 0; it < iterations; it++) {
    dx.fill(0);
    dy.fill(0);
    let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    for (let i = 0; i < n; i++) {
      if (x[i] < minX) minX = x[i];
      if (x[i] > maxX) maxX = x[i];
      if (y[i] < minY) minY = y[i];
      if (y[i] > maxY) maxY = y[i];
    }
    const sx = g / (maxX - minX || 1);
    const sy = g / (maxY - minY || 1);
    cellStart.fill(0);
    massX.fill(0);
    massY.fill(0);
    for (let i = 0; i < n; i++) {
      const c = Math.min(g - 1, Math.floor((y[i] - minY) * sy)) * g +
        Math.min(g - 1, Math.floor((x[i] - minX) * sx));
      cellOf[i] = c;
      cellStart[c + 1]++;
      massX[c] += x[i];
      massY[c] += y[i];
    }
    for (let c = 0; c < cells; c++) {
      const count = cellStart[c + 1];
      if (count > 0) {
        massX[c] /= count;
        massY[c] /= count;
      }
      cellStart[c + 1] += cellStart[c];
    }
    const fill = cellStart.slice(0, cells);
    for (let i = 0; i < n; i++) order[fill[cellOf[i]]++] = i;
    farX.fill(0);
    farY.fill(0);
    for (let a = 0; a < cells; a++) {
      if (cellStart[a + 1] === cellStart[a]) continue;
      const ax = a % g, ay = (a - ax) / g;
      for (let b = 0; b < cells; b++) {
        const count = cellStart[b + 1] - cellStart[b];
        const bx = b % g, by = (b - bx) / g;
        if (count === 0 || (Math.abs(ax - bx) <= 1 && Math.abs(ay - by) <= 1)) continue;
        const ddx = massX[a] - massX[b];
        const ddy = massY[a] - massY[b];
        const f = (count * k * k) / (ddx * ddx + ddy * ddy || 1e-9);
        farX[a] += ddx * f;
        farY[a] += ddy * f;
      }
    }
    for (let i = 0; i < n; i++) {
      const ci = cellOf[i];
      dx[i] += farX[ci];
      dy[i] += farY[ci];
      const cx = ci % g;
      const cy = (ci - cx) / g;
      for (let oy = Math.max(0, cy - 1); oy <= Math.min(g - 1, cy + 1); oy++) {
        for (let ox = Math.max(0, cx - 1); ox <= Math.min(g - 1, cx + 1); ox++) {
          const c = oy * g + ox;
          for (let s = cellStart[c]; s < cellStart[c + 1]; s++) {
            const j = order[s];
            if (j <= i) continue;
            let ddx = x[i] - x[j];
            let ddy = y[i] - y[j];
            let d2 = ddx * ddx + ddy * ddy;
            if (d2 === 0) {
              // Coincident nodes: split them along a seeded random direction.
              ddx = (rng.next() - 0.5) * 1e-3;
              ddy = (rng.next() - 0.5) * 1e-3;
              d2 = ddx * ddx + ddy * ddy;
            }
            const f = (k * k) / d2; // (k² / d) along the unit vector (ddx, ddy) / d
            dx[i] += ddx * f;
            dy[i] += ddy * f;
            dx[j] -= ddx * f;
            dy[j] -= ddy * f;
          }
        }
      }
    }
    for (let m = 0; m < e; m++) {
      const u = src[m];
      const v = dst[m];
      if (u === v) continue;
      const ddx = x[u] - x[v];
      const ddy = y[u] - y[v];
      const f = Math.sqrt(ddx * ddx + ddy * ddy) / k; // (d² / k) along the unit vector
      dx[u] -= ddx * f;
      dy[u] -= ddy * f;
      dx[v] += ddx * f;
      dy[v] += ddy * f;
    }
    const temp = t0 * (1 - it / iterations);
    for (let i = 0; i < n; i++) {
      const r = Math.sqrt(x[i] * x[i] + y[i] * y[i]);
      if (r > 0) {
        dx[i] -= (0.05 * k * x[i]) / Math.sqrt(r);
        dy[i] -= (0.05 * k * y[i]) / Math.sqrt(r);
      }
      const len = Math.sqrt(dx[i] * dx[i] + dy[i] * dy[i]);
      if (len > 0) {
        const step = Math.min(len, temp) / len;
        x[i] += dx[i] * step;
        y[i] += dy[i] * step;
      }
    }
  }
  return normalise(x, y);
}

/** Centres the bounding box on the origin and scales its longer side to `[-1, 1]`. */
function normalise(x: Float64Array, y: Float64Array): Float32Array {
  const n = x.length;
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let i = 0; i < n; i++) {
    minX = Math.min(minX, x[i]);
    maxX = Math.max(maxX, x[i]);
    minY = Math.min(minY, y[i]);
    maxY = Math.max(maxY, y[i]);
  }
  const mx = (minX + maxX) / 2;
  const my = (minY + maxY) / 2;
  const half = Math.max(maxX - minX, maxY - minY) / 2;
  const scale = half > 0 ? 1 / half : 0;
  const out = new Float32Array(2 * n);
  for (let i = 0; i < n; i++) {
    // Clamp so float32 rounding cannot step just outside [-1, 1].
    out[2 * i] = Math.max(-1, Math.min(1, (x[i] - mx) * scale));
    out[2 * i + 1] = Math.max(-1, Math.min(1, (y[i] - my) * scale));
  }
  return out;
}
