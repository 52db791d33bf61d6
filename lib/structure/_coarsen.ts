/**
 * Internal helpers of `granularityLevels`: one heavy-edge aggregation pass over a weighted graph
 * and the aggregation of an edge list onto clusters. Everything is linear in nodes plus edges.
 *
 * @module
 */
import type { Rng } from "../random/rng.ts";

/** A directed weighted edge list (parallel arrays). */
export interface EdgeList {
  readonly src: Int32Array;
  readonly dst: Int32Array;
  readonly weight: Float64Array;
}

/** An undirected weighted graph in CSR form: neighbours of `u` are `nbr[indptr[u]..indptr[u+1]]`. */
export interface SymmetricCsr {
  readonly indptr: Int32Array;
  readonly nbr: Int32Array;
  readonly weight: Float64Array;
}

/**
 * The undirected view of a directed edge list on `n` nodes: the weight between `u` and `v` is the
 * sum of the weights of all edges `u -> v` and `v -> u`; self loops are dropped.
 */
export function symmetricCsr(n: number, edges: EdgeList): SymmetricCsr {
  const { src, dst, weight } = edges;
  const count = new Int32Array(n + 1);
  for (let e = 0; e < src.length; e++) {
    if (src[e] === dst[e]) continue;
    count[src[e] + 1]++;
    count[dst[e] + 1]++;
  }
  for (let u = 0; u < n; u++) count[u + 1] += count[u];
  const cursor = count.slice(0, n);
  const nbr = new Int32Array(count[n]);
  const w = new Float64Array(count[n]);
  for (let e = 0; e < src.length; e++) {
    const s = src[e];
    const t = dst[e];
    if (s === t) continue;
    nbr[cursor[s]] = t;
    w[cursor[s]++] = weight[e];
    nbr[cursor[t]] = s;
    w[cursor[t]++] = weight[e];
  }
  // Merge duplicate neighbours in place, so heavy-edge choices see each pair's total weight.
  const indptr = new Int32Array(n + 1);
  const mark = new Int32Array(n).fill(-1);
  const pos = new Int32Array(n);
  let out = 0;
  for (let u = 0; u < n; u++) {
    const start = out;
    for (let k = count[u]; k < count[u + 1]; k++) {
      const v = nbr[k];
      if (mark[v] === u) {
        w[pos[v]] += w[k];
        continue;
      }
      mark[v] = u;
      pos[v] = out;
      nbr[out] = v;
      w[out++] = w[k];
    }
    indptr[u] = start;
    indptr[u + 1] = out;
  }
  return { indptr, nbr: nbr.slice(0, out), weight: w.slice(0, out) };
}

/**
 * One aggregation pass (heavy-edge matching with absorption of leftovers). Nodes are visited in a
 * seeded random order; an unassigned node pairs with the unassigned neighbour of largest
 * `w_uv / (size_u size_v)` (normalised heavy edge, so big clusters do not swallow everything); a
 * node whose neighbours are all taken joins the neighbouring cluster of largest
 * `w_uv / (size_u size_C)` (plain matching stalls on stars: a hub matches one leaf per pass).
 * Isolated nodes stay alone. Every cluster is therefore connected, and every non-isolated node
 * lands in a cluster of at least two nodes, so the count at least halves unless nodes are isolated.
 * Ties go to the neighbour of higher seeded priority. Cluster ids are numbered by first appearance
 * in node order.
 *
 * @returns the cluster of each node and the number of clusters
 */
export function aggregationPass(
  csr: SymmetricCsr,
  size: Float64Array,
  rng: Rng,
): { assign: Int32Array; numClusters: number } {
  const n = size.length;
  const order = rng.permutation(n);
  const priority = rng.permutation(n);
  const assign = new Int32Array(n).fill(-1);
  const clusterSize = new Float64Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const u = order[i];
    if (assign[u] >= 0) continue;
    let best = -1;
    let bestScore = -Infinity;
    for (let j = csr.indptr[u]; j < csr.indptr[u + 1]; j++) {
      const v = csr.nbr[j];
      if (assign[v] >= 0) continue;
      const score = csr.weight[j] / (size[u] * size[v]);
      if (score > bestScore || (score === bestScore && priority[v] > priority[best])) {
        best = v;
        bestScore = score;
      }
    }
    if (best >= 0) {
      assign[u] = assign[best] = k;
      clusterSize[k++] = size[u] + size[best];
      continue;
    }
    // Every neighbour is taken: join the cluster the node is most strongly tied to.
    let bestCluster = -1;
    for (let j = csr.indptr[u]; j < csr.indptr[u + 1]; j++) {
      const v = csr.nbr[j];
      const c = assign[v];
      const score = csr.weight[j] / (size[u] * clusterSize[c]);
      if (score > bestScore || (score === bestScore && priority[v] > priority[best])) {
        best = v;
        bestCluster = c;
        bestScore = score;
      }
    }
    if (bestCluster >= 0) {
      assign[u] = bestCluster;
      clusterSize[bestCluster] += size[u];
    } else {
      assign[u] = k;
      clusterSize[k++] = size[u];
    }
  }
  return { assign: renumber(assign, k), numClusters: k };
}

/** Renumbers cluster ids `0..k-1` by first appearance in node order (in place). */
function renumber(assign: Int32Array, k: number): Int32Array {
  const map = new Int32Array(k).fill(-1);
  let next = 0;
  for (let u = 0; u < assign.length; u++) {
    const c = assign[u];
    if (map[c] < 0) map[c] = next++;
    assign[u] = map[c];
  }
  return assign;
}

/**
 * The edges between clusters: every edge `u -> v` with `assign[u] != assign[v]` becomes
 * `assign[u] -> assign[v]`, parallel edges summed; edges inside a cluster are dropped. Edges come
 * out grouped by source cluster, targets in first-seen order.
 */
export function aggregateEdges(edges: EdgeList, assign: Int32Array, k: number): EdgeList {
  const { src, dst, weight } = edges;
  const count = new Int32Array(k + 1);
  for (let e = 0; e < src.length; e++) {
    const a = assign[src[e]];
    if (a !== assign[dst[e]]) count[a + 1]++;
  }
  for (let c = 0; c < k; c++) count[c + 1] += count[c];
  const cursor = count.slice(0, k);
  const byTarget = new Int32Array(count[k]);
  const byWeight = new Float64Array(count[k]);
  for (let e = 0; e < src.length; e++) {
    const a = assign[src[e]];
    const b = assign[dst[e]];
    if (a === b) continue;
    byTarget[cursor[a]] = b;
    byWeight[cursor[a]++] = weight[e];
  }
  const mark = new Int32Array(k).fill(-1);
  const pos = new Int32Array(k);
  const outSrc = new Int32Array(count[k]);
  let out = 0;
  for (let a = 0; a < k; a++) {
    for (let j = count[a]; j < count[a + 1]; j++) {
      const b = byTarget[j];
      if (mark[b] === a) {
        byWeight[pos[b]] += byWeight[j];
        continue;
      }
      mark[b] = a;
      pos[b] = out;
      outSrc[out] = a;
      byTarget[out] = b;
      byWeight[out++] = byWeight[j];
    }
  }
  return {
    src: outSrc.slice(0, out),
    dst: byTarget.slice(0, out),
    weight: byWeight.slice(0, out),
  };
}
