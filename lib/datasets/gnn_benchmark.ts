/**
 * The Amazon co-purchase and Coauthor graphs of Shchur et al.'s GNN benchmark, assembled like
 * PyTorch Geometric's `Amazon` and `Coauthor` data sets.
 *
 * @module
 */
import type { GraphDataset } from "./dataset.ts";
import { DATA_FILES, SOURCES } from "./sources.ts";
import { fetchDataFile, type FetchOptions } from "../io/fetch.ts";
import { parseNpy, readZip } from "../io/npy.ts";
import { type PickledArray, readPickle } from "../io/pickle.ts";
import { createGraph } from "../graph/graph.ts";
import type { CsrMatrix } from "../graph/matrix.ts";
import { removeSelfLoops } from "../graph/self_loops.ts";
import { toUndirected } from "../graph/to_undirected.ts";
import { randomNodeSplit } from "../splits/random_node_split.ts";

/** The GNN-benchmark data set names. */
export type GnnBenchmarkName =
  | "amazon-photo"
  | "amazon-computers"
  | "coauthor-cs"
  | "coauthor-physics";

/** Options for {@linkcode loadGnnBenchmark}. */
export interface GnnBenchmarkOptions extends FetchOptions {
  /** Seed of the default random split (default 0). */
  seed?: number;
}

const FILES: Record<GnnBenchmarkName, string> = {
  "amazon-photo": "gnn-benchmark-graphdata/amazon_photo.npz",
  "amazon-computers": "gnn-benchmark-graphdata/amazon_cs.npz",
  "coauthor-cs": "gnn-benchmark-graphdata/coauthor_cs.npz",
  "coauthor-physics": "gnn-benchmark-graphdata/coauthor_phy.npz",
};

/**
 * Loads Amazon Photo / Computers (co-purchase graphs, product-review bag-of-words features) or
 * Coauthor CS / Physics (co-authorship graphs, paper-keyword features) from Shchur et al.,
 * "Pitfalls of Graph Neural Network Evaluation" (https://arxiv.org/abs/1811.05868), in
 * GraphData's re-saved `.npz` form. Like PyG's `Amazon`/`Coauthor` (`read_npz`): self loops are
 * removed, the adjacency is made undirected (reverse edges added, duplicates merged), and the
 * features are binarised (`x[x > 0] = 1`; Coauthor's raw values are keyword counts). Features
 * stay sparse (CSR).
 *
 * The data has no split; `splits[0]` is the usual random one, `"random-20-30"`: 20 nodes per
 * class for training, 30 per class for validation, the rest for testing, drawn with `seed`.
 *
 * STATS:
 *
 * | name             | nodes  | edges (directed) | features | classes |
 * |------------------|-------:|-----------------:|---------:|--------:|
 * | amazon-photo     | 7,650  | 238,162          | 745      | 8       |
 * | amazon-computers | 13,752 | 491,722          | 767      | 10      |
 * | coauthor-cs      | 18,333 | 163,788          | 6,805    | 15      |
 * | coauthor-physics | 34,493 | 495,924          | 8,415    | 5       |
 *
 * @param name One of the four names above.
 * @param options Mirror and cache locations, and the split seed.
 * @returns The data set with class names and its random split.
 * @throws {Error} `Cannot load <name>: ...` for an unknown name, a file that cannot be fetched,
 *   or a file whose contents do not fit.
 * @example
 * ```ts
 * import { loadGnnBenchmark } from "./gnn_benchmark.ts";
 * let message = "";
 * // deno-lint-ignore no-explicit-any
 * try { await loadGnnBenchmark("amazon" as any); } catch (e) { message = (e as Error).message; }
 * if (!message.startsWith("Cannot load amazon: unknown GNN-benchmark data set")) {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export async function loadGnnBenchmark(
  name: GnnBenchmarkName,
  options: GnnBenchmarkOptions = {},
): Promise<GraphDataset> {
  if (!Object.hasOwn(FILES, name)) {
    throw new Error(
      `Cannot load ${name}: unknown GNN-benchmark data set (expected one of ${
        Object.keys(FILES).join(", ")
      })`,
    );
  }
  const { seed = 0, ...fetchOptions } = options;
  const path = FILES[name];
  const file = path.slice(path.lastIndexOf("/") + 1);
  const fail = (detail: string): Error => new Error(`Cannot load ${name}: ${detail}`);
  let bytes: Uint8Array;
  try {
    bytes = await fetchDataFile(DATA_FILES[path], fetchOptions);
  } catch (e) {
    throw new Error(`Cannot load ${name}: file ${file} is unavailable: ${(e as Error).message}`, {
      cause: e,
    });
  }
  const members = readZip(bytes, file);
  const member = (key: string) => {
    const data = members[`${key}.npy`];
    if (!data) throw fail(`${file} has no member ${key}.npy`);
    return parseNpy(data, `${file}/${key}.npy`);
  };
  /** An `|O` member holds one pickled object in a 0-d object array. */
  const object = (key: string): unknown => {
    const npy = member(key);
    if (npy.dtype !== "|O" || !(npy.data instanceof Uint8Array)) {
      throw fail(`${file}/${key}.npy is not an object array`);
    }
    const array = readPickle(npy.data, `${file}/${key}.npy`) as PickledArray;
    if (array?.dtype !== "|O" || array.data.length !== 1) {
      throw fail(`${file}/${key}.npy does not hold a single object`);
    }
    return array.data[0];
  };

  const adj = object("adj_matrix") as CsrMatrix;
  const attr = object("node_attr") as CsrMatrix;
  if (adj?.kind !== "csr" || attr?.kind !== "csr") {
    throw fail(`${file} adj_matrix and node_attr must be sparse CSR matrices`);
  }
  const labels = member("node_label");
  if (labels.dtype !== "<i4" || !(labels.data instanceof Int32Array)) {
    throw fail(`${file}/node_label.npy must be int32, got ${labels.dtype}`);
  }
  const y = labels.data;
  const N = y.length;
  if (adj.rows !== N || adj.cols !== N || attr.rows !== N) {
    throw fail(
      `${file} shapes disagree (adj_matrix ${adj.rows}x${adj.cols}, node_attr ${attr.rows}x${attr.cols}, ${N} labels)`,
    );
  }
  const classNames = readClassNames(object("metadata"), file, fail);

  // COO of every stored entry, as scipy's tocoo() gives PyG.
  const E = adj.indices.length;
  const edgeIndex = new Int32Array(2 * E);
  for (let r = 0; r < N; r++) edgeIndex.fill(r, adj.indptr[r], adj.indptr[r + 1]);
  edgeIndex.set(adj.indices, E);
  const data = attr.data.map((v) => (v > 0 ? 1 : v));
  const x: CsrMatrix = { ...attr, data };
  const graph = toUndirected(removeSelfLoops(createGraph({ numNodes: N, edgeIndex, x, y }, name)));

  let numClasses = 0;
  for (const c of y) numClasses = Math.max(numClasses, c + 1);
  const split = randomNodeSplit(y, {
    numTrainPerClass: 20,
    numValPerClass: 30,
    numTest: "rest",
    seed,
  });
  return {
    name,
    graph: graph as GraphDataset["graph"],
    numClasses,
    ...(classNames && { classNames }),
    splits: [{ ...split, name: "random-20-30" }],
    source: SOURCES["gnn-benchmark-graphdata"],
  };
}

function readClassNames(
  metadata: unknown,
  file: string,
  fail: (d: string) => Error,
): string[] | undefined {
  if (!(metadata instanceof Map)) throw fail(`${file}/metadata.npy is not a dict`);
  const names = metadata.get("class_names") as PickledArray | undefined;
  if (!names) return undefined;
  if (!Array.isArray(names.data) || names.data.some((s) => typeof s !== "string")) {
    throw fail(`${file} metadata class_names is not an array of strings`);
  }
  return names.data as string[];
}
