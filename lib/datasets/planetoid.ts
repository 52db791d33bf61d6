/**
 * The Planetoid citation graphs (Cora, CiteSeer, PubMed) with their public split, assembled
 * exactly like PyTorch Geometric's `Planetoid` (`read_planetoid_data`).
 *
 * @module
 */
import type { GraphDataset } from "./dataset.ts";
import { DATA_FILES, SOURCES } from "./sources.ts";
import { fetchDataFile, type FetchOptions } from "../io/fetch.ts";
import { type PickledArray, readPickle } from "../io/pickle.ts";
import { createGraph } from "../graph/graph.ts";
import type { CsrMatrix } from "../graph/matrix.ts";
import { removeSelfLoops } from "../graph/self_loops.ts";
import { coalesce } from "../graph/to_undirected.ts";

/** The Planetoid data set names. */
export type PlanetoidName = "cora" | "citeseer" | "pubmed";

const DIRS: Record<PlanetoidName, string> = {
  cora: "planetoid",
  citeseer: "planetoid",
  pubmed: "_partial_pubmed",
};

/**
 * Loads Cora, CiteSeer or PubMed from the Planetoid files (Yang et al., ICML 2016), assembled
 * exactly like PyG's `Planetoid`: features are `vstack(allx, tx)` with the test rows put back in
 * node order (`x[test_index] = x[sorted(test_index)]`), labels the argmax of the one-hot
 * `vstack(ally, ty)` permuted the same way, and edges the adjacency lists with self loops removed
 * and duplicates merged (the lists are already symmetric). CiteSeer's 15 isolated test ids that
 * have no `tx` row get an all-zero feature row and label 0 and are in no split. Features stay
 * sparse (CSR): Cora and CiteSeer are binary bag-of-words, PubMed TF-IDF.
 *
 * `splits[0]` is the public split `"public"`: train = the first `len(y)` nodes (20 per class),
 * val = the next 500, test = the 1000 ids of `ind.<name>.test.index`.
 *
 * STATS:
 *
 * | name     | nodes  | edges (directed) | features | classes | train / val / test |
 * |----------|-------:|-----------------:|---------:|--------:|--------------------|
 * | cora     | 2,708  | 10,556           | 1,433    | 7       | 140 / 500 / 1000   |
 * | citeseer | 3,327  | 9,104            | 3,703    | 6       | 120 / 500 / 1000   |
 * | pubmed   | 19,717 | 88,648           | 500      | 3       | 60 / 500 / 1000    |
 *
 * PubMed's `ind.pubmed.allx` is not in the shared mirror (4 MiB or more), so loading PubMed
 * needs a network connection or a cache holding that file.
 *
 * @param name `"cora"`, `"citeseer"` or `"pubmed"`.
 * @param options Where the raw files come from (mirror) and are cached.
 * @returns The data set with its public split.
 * @throws {Error} `Cannot load <name>: ...` for an unknown name, a file that cannot be fetched
 *   (the message names the file) or inconsistent file contents.
 * @example
 * ```ts
 * import { loadPlanetoid } from "./planetoid.ts";
 * let message = "";
 * // deno-lint-ignore no-explicit-any
 * try { await loadPlanetoid("corra" as any); } catch (e) { message = (e as Error).message; }
 * if (!message.startsWith("Cannot load corra: unknown Planetoid data set")) {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export async function loadPlanetoid(
  name: PlanetoidName,
  options: FetchOptions = {},
): Promise<GraphDataset> {
  if (!Object.hasOwn(DIRS, name)) {
    throw new Error(
      `Cannot load ${name}: unknown Planetoid data set (expected one of ${
        Object.keys(DIRS).join(", ")
      })`,
    );
  }
  const dir = DIRS[name];
  const fail = (detail: string): Error => new Error(`Cannot load ${name}: ${detail}`);
  const fetchFile = async (obj: string): Promise<Uint8Array> => {
    const file = `ind.${name}.${obj}`;
    const entry = DATA_FILES[`${dir}/${file}`];
    if (!entry) throw fail(`no source is known for ${file}`);
    try {
      return await fetchDataFile(entry, options);
    } catch (e) {
      throw new Error(`Cannot load ${name}: file ${file} is unavailable: ${(e as Error).message}`, {
        cause: e,
      });
    }
  };
  const objs = ["y", "tx", "ty", "allx", "ally", "graph", "test.index"] as const;
  // allSettled: on a failure, no fetch is still writing to the cache when we return.
  const settled = await Promise.allSettled(objs.map(fetchFile));
  const failed = settled.find((r) => r.status === "rejected");
  if (failed) throw failed.reason;
  const bytes = settled.map((r) => (r as PromiseFulfilledResult<Uint8Array>).value);
  const file = (i: number) => `ind.${name}.${objs[i]}`;
  const y = asArray(readPickle(bytes[0], file(0)), file(0), fail);
  const tx = asCsr(readPickle(bytes[1], file(1)), file(1), fail);
  const ty = asArray(readPickle(bytes[2], file(2)), file(2), fail);
  const allx = asCsr(readPickle(bytes[3], file(3)), file(3), fail);
  const ally = asArray(readPickle(bytes[4], file(4)), file(4), fail);
  const adjacency = readPickle(bytes[5], file(5));
  const testIndex = parseIndex(bytes[6], file(6), fail);

  const numTrain = y.shape[0];
  const numClasses = ally.shape[1];
  const A = allx.rows;
  if (tx.cols !== allx.cols || ally.shape[0] !== A || ty.shape[1] !== numClasses) {
    throw fail(
      `file shapes disagree (allx ${A}x${allx.cols}, tx ${tx.rows}x${tx.cols}, ally ${ally.shape}, ty ${ty.shape})`,
    );
  }
  if (tx.rows !== testIndex.length || ty.shape[0] !== testIndex.length) {
    throw fail(
      `${file(6)} has ${testIndex.length} ids but tx has ${tx.rows} rows and ty ${ty.shape[0]}`,
    );
  }
  const sorted = testIndex.slice().sort();
  const lo = sorted[0];
  const hi = sorted[sorted.length - 1];
  if (lo !== A) throw fail(`${file(6)} starts at ${lo}, expected ${A} (the rows of allx)`);

  // Stacked rows, as in PyG: allx rows, then the test block. The block is `tx` itself, or for
  // CiteSeer (test ids with gaps) a zero block of max-min+1 rows with row sorted[i]-min = tx[i].
  const N = A + hi - lo + 1;
  const stackMat = new Uint8Array(N); // 0: zero row, 1: allx, 2: tx
  const stackRow = new Int32Array(N);
  for (let r = 0; r < A; r++) [stackMat[r], stackRow[r]] = [1, r];
  const gaps = hi - lo + 1 !== testIndex.length;
  for (let i = 0; i < tx.rows; i++) {
    const s = gaps ? A + sorted[i] - lo : A + i;
    [stackMat[s], stackRow[s]] = [2, i];
  }
  // x[test_index] = x[sorted_test_index]
  const perm = new Int32Array(N).map((_, r) => r);
  for (let j = 0; j < testIndex.length; j++) perm[testIndex[j]] = sorted[j];

  const x = assembleRows(perm, stackMat, stackRow, allx, tx);
  const yAll = new Int32Array(N);
  for (let r = 0; r < N; r++) {
    const s = perm[r];
    const m = stackMat[s];
    if (m !== 0) yAll[r] = argmax(m === 1 ? ally : ty, stackRow[s], numClasses);
  }

  const edges = adjacencyToEdges(adjacency, file(5), fail);
  const raw = createGraph({ numNodes: N, edgeIndex: edges, x, y: yAll }, name);
  const graph = coalesce(removeSelfLoops(raw));

  const range = (start: number, end: number) =>
    Int32Array.from({ length: end - start }, (_, i) => start + i);
  return {
    name,
    graph: graph as GraphDataset["graph"],
    numClasses,
    splits: [{
      name: "public",
      train: range(0, numTrain),
      val: range(numTrain, numTrain + 500),
      test: sorted,
    }],
    source: SOURCES[dir],
    ...(CLASS_NAMES[name] && { classNames: CLASS_NAMES[name] }),
  };
}

// Planetoid's files hold class indices only. The names follow from the class sizes McCallum et
// al. (Cora) and Giles et al. (CiteSeer) published; every size differs, so the match is unique
// (CiteSeer's 15 unlabelled isolated nodes count in class 0, as in PyG). tests/datasets checks it.
const CLASS_NAMES: Partial<Record<PlanetoidName, readonly string[]>> = {
  cora: [
    "Theory",
    "Reinforcement learning",
    "Genetic algorithms",
    "Neural networks",
    "Probabilistic methods",
    "Case based",
    "Rule learning",
  ],
  citeseer: ["AI", "ML", "IR", "DB", "Agents", "HCI"],
};

function asArray(value: unknown, file: string, fail: (d: string) => Error): PickledArray {
  const a = value as PickledArray;
  if (!a || !Array.isArray(a.shape) || a.shape.length !== 2 || !(a.data instanceof Int32Array)) {
    throw fail(`${file} is not a 2-D int32 array`);
  }
  return a;
}

function asCsr(value: unknown, file: string, fail: (d: string) => Error): CsrMatrix {
  const m = value as CsrMatrix;
  if (!m || m.kind !== "csr") throw fail(`${file} is not a sparse CSR matrix`);
  return m;
}

function parseIndex(bytes: Uint8Array, file: string, fail: (d: string) => Error): Int32Array {
  const lines = new TextDecoder().decode(bytes).split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  return Int32Array.from(lines, (line, i) => {
    if (!/^\s*\d+\s*$/.test(line)) throw fail(`${file} line ${i + 1} is not an integer`);
    return Number(line);
  });
}

/** Position of the first maximum of row `r` (0 for an all-zero row, like `argmax`). */
function argmax(a: PickledArray, r: number, cols: number): number {
  const d = a.data as Int32Array;
  let best = 0;
  for (let c = 1; c < cols; c++) if (d[r * cols + c] > d[r * cols + best]) best = c;
  return best;
}

/** Builds the CSR matrix whose row r is stacked row perm[r] (allx row, tx row or zeros). */
function assembleRows(
  perm: Int32Array,
  stackMat: Uint8Array,
  stackRow: Int32Array,
  allx: CsrMatrix,
  tx: CsrMatrix,
): CsrMatrix {
  const N = perm.length;
  const pick = (s: number) => (stackMat[s] === 1 ? allx : tx);
  const indptr = new Int32Array(N + 1);
  for (let r = 0; r < N; r++) {
    const s = perm[r];
    const m = pick(s);
    const len = stackMat[s] === 0 ? 0 : m.indptr[stackRow[s] + 1] - m.indptr[stackRow[s]];
    indptr[r + 1] = indptr[r] + len;
  }
  const indices = new Int32Array(indptr[N]);
  const data = new Float32Array(indptr[N]);
  for (let r = 0; r < N; r++) {
    const s = perm[r];
    if (stackMat[s] === 0) continue;
    const m = pick(s);
    const start = m.indptr[stackRow[s]];
    const end = m.indptr[stackRow[s] + 1];
    indices.set(m.indices.subarray(start, end), indptr[r]);
    data.set(m.data.subarray(start, end), indptr[r]);
  }
  return { kind: "csr", rows: N, cols: allx.cols, indptr, indices, data };
}

/** PyG's `edge_index_from_dict`: one edge key -> v for every v in the list of key. */
function adjacencyToEdges(
  adjacency: unknown,
  file: string,
  fail: (d: string) => Error,
): [Int32Array, Int32Array] {
  if (!(adjacency instanceof Map)) throw fail(`${file} is not a dict of adjacency lists`);
  let E = 0;
  for (const list of adjacency.values()) {
    if (!Array.isArray(list)) throw fail(`${file} holds a value that is not a list`);
    E += list.length;
  }
  const src = new Int32Array(E);
  const dst = new Int32Array(E);
  let e = 0;
  for (const [key, list] of adjacency as Map<number, number[]>) {
    for (const v of list) {
      if (!Number.isInteger(key) || !Number.isInteger(v)) {
        throw fail(`${file} holds a non-integer id`);
      }
      src[e] = key;
      dst[e++] = v;
    }
  }
  return [src, dst];
}
