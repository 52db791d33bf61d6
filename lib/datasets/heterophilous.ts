/**
 * The heterophilous node-classification benchmarks as re-published by Platonov et al.
 * ("A critical look at the evaluation of GNNs under heterophily", ICLR 2023), with their 10 fixed
 * splits: the WebKB pages (Texas, Cornell, Wisconsin), the Wikipedia networks (Chameleon,
 * Squirrel), Actor, and the new Minesweeper and Tolokers sets.
 *
 * @module
 */
import type { GraphDataset } from "./dataset.ts";
import { DATA_FILES, SOURCES } from "./sources.ts";
import { fetchDataFile, type FetchOptions } from "../io/fetch.ts";
import { type NpyArray, readNpz, toInt32 } from "../io/npy.ts";
import { createGraph } from "../graph/graph.ts";
import { denseMatrix } from "../graph/matrix.ts";
import { toUndirected } from "../graph/to_undirected.ts";
import { maskToIndex, type NodeSplit } from "../splits/split.ts";

/** The heterophilous data set names {@linkcode loadHeterophilous} accepts. */
export type HeterophilousName =
  | "texas"
  | "cornell"
  | "wisconsin"
  | "chameleon"
  | "squirrel"
  | "actor"
  | "minesweeper"
  | "tolokers";

/** The names {@linkcode loadHeterophilous} accepts, in the order of its STATS table. */
export const HETEROPHILOUS_NAMES: readonly HeterophilousName[] = Object.freeze([
  "texas",
  "cornell",
  "wisconsin",
  "chameleon",
  "squirrel",
  "actor",
  "minesweeper",
  "tolokers",
]);

/**
 * Loads a heterophilous benchmark from the yandex-research/heterophilous-graphs `.npz` files.
 * The files store each undirected edge once; like PyG's `HeterophilousGraphDataset` the loader
 * adds the reverse edges (`to_undirected`, sorted and duplicate-free). Features are dense
 * float32 (binary bag-of-words except Tolokers and Minesweeper). `splits` holds the 10 fixed
 * splits `"split-0"` ... `"split-9"` (`splits[0]` is the default; Texas, Cornell, Wisconsin,
 * Chameleon, Squirrel and Actor use the Geom-GCN 48/32/20 % splits, Minesweeper and Tolokers
 * 50/25/25 %).
 *
 * STATS:
 *
 * | name        | nodes  | edges (directed) | features | classes | split-0 train / val / test |
 * |-------------|-------:|-----------------:|---------:|--------:|----------------------------|
 * | texas       | 183    | 558              | 1,703    | 5       | 87 / 59 / 37               |
 * | cornell     | 183    | 554              | 1,703    | 5       | 87 / 59 / 37               |
 * | wisconsin   | 251    | 900              | 1,703    | 5       | 120 / 80 / 51              |
 * | chameleon   | 2,277  | 62,742           | 2,325    | 5       | 1,092 / 729 / 456          |
 * | squirrel    | 5,201  | 396,706          | 2,089    | 5       | 2,496 / 1,664 / 1,041      |
 * | actor       | 7,600  | 53,318           | 932      | 5       | 3,648 / 2,432 / 1,520      |
 * | minesweeper | 10,000 | 78,804           | 7        | 2       | 5,000 / 2,500 / 2,500      |
 * | tolokers    | 11,758 | 1,038,000        | 10       | 2       | 5,879 / 2,939 / 2,940      |
 *
 * Yandex's Cornell differs from the Geom-GCN copy that PyG's `WebKB` downloads (whose Cornell
 * features and labels are a byte copy of Texas's); see the data manifest.
 *
 * @param name One of {@linkcode HETEROPHILOUS_NAMES}.
 * @param options Where the raw file comes from (mirror) and is cached.
 * @throws {Error} `Cannot load <name>: ...` for an unknown name or a malformed file.
 * @example
 * ```ts
 * import { loadHeterophilous } from "./heterophilous.ts";
 * let message = "";
 * // deno-lint-ignore no-explicit-any
 * try { await loadHeterophilous("texsa" as any); } catch (e) { message = (e as Error).message; }
 * if (!message.startsWith("Cannot load texsa: unknown heterophilous data set")) {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export async function loadHeterophilous(
  name: HeterophilousName,
  options: FetchOptions = {},
): Promise<GraphDataset> {
  if (!HETEROPHILOUS_NAMES.includes(name)) {
    throw new Error(
      `Cannot load ${name}: unknown heterophilous data set (expected one of ${
        HETEROPHILOUS_NAMES.join(", ")
      })`,
    );
  }
  const path = `heterophilous-yandex/${name}.npz`;
  const arrays = readNpz(await fetchDataFile(DATA_FILES[path], options), path);
  const fail = (detail: string): Error => new Error(`Cannot load ${name}: ${path} ${detail}`);
  const get = (key: string, rank: number): NpyArray => {
    const a = arrays[key];
    if (!a) throw fail(`has no array ${key}`);
    if (a.shape.length !== rank) {
      throw fail(`array ${key} has shape (${a.shape}), expected ${rank} dimensions`);
    }
    return a;
  };
  const features = get("node_features", 2);
  if (!(features.data instanceof Float32Array)) {
    throw fail(`array node_features has dtype ${features.dtype}, expected <f4`);
  }
  const [numNodes, numFeatures] = features.shape;
  const y = toInt32(get("node_labels", 1), `${path}:node_labels`);
  const edges = get("edges", 2);
  if (edges.shape[1] !== 2) throw fail(`array edges has shape (${edges.shape}), expected (E, 2)`);
  const pairs = toInt32(edges, `${path}:edges`);
  const E = edges.shape[0];
  const edgeIndex = new Int32Array(2 * E);
  for (let e = 0; e < E; e++) {
    edgeIndex[e] = pairs[2 * e];
    edgeIndex[E + e] = pairs[2 * e + 1];
  }
  const graph = toUndirected(
    createGraph(
      { numNodes, edgeIndex, x: denseMatrix(features.data, numNodes, numFeatures), y },
      name,
    ),
  );
  const masks = ["train_masks", "val_masks", "test_masks"].map((key) => {
    const m = get(key, 2);
    if (m.shape[1] !== numNodes) {
      throw fail(`array ${key} has ${m.shape[1]} columns, expected ${numNodes}`);
    }
    return m;
  });
  const numSplits = masks[0].shape[0];
  const splits: NodeSplit[] = [];
  for (let s = 0; s < numSplits; s++) {
    const [train, val, test] = masks.map((m) =>
      maskToIndex((m.data as Uint8Array).subarray(s * numNodes, (s + 1) * numNodes))
    );
    splits.push({ name: `split-${s}`, train, val, test });
  }
  let numClasses = 0;
  for (const label of y) numClasses = Math.max(numClasses, label + 1);
  return {
    name,
    graph: graph as GraphDataset["graph"],
    numClasses,
    splits,
    source: SOURCES["heterophilous-yandex"],
  };
}
