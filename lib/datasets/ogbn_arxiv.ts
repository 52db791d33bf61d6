/**
 * ogbn-arxiv (Open Graph Benchmark): the arXiv CS citation graph with 40 subject classes and
 * OGB's time split, read from OGB's raw file layout.
 *
 * @module
 */
import { join } from "node:path";
import type { GraphDataset } from "./dataset.ts";
import { DATA_FILES, SOURCES } from "./sources.ts";
import { fetchDataFile, type FetchOptions } from "../io/fetch.ts";
import { gunzip, readCsvGz } from "../io/csv_gz.ts";
import { createGraph } from "../graph/graph.ts";
import { denseMatrix } from "../graph/matrix.ts";
import { toUndirected } from "../graph/to_undirected.ts";
import type { NodeSplit } from "../splits/split.ts";
import { timeSplit } from "../splits/time_split.ts";

/** Where {@linkcode loadOgbnArxiv} reads from and how it builds the graph. */
export interface OgbnArxivOptions extends FetchOptions {
  /**
   * A directory in OGB's layout: `<root>/raw/*.csv.gz` and optionally `<root>/split/time/*.csv.gz`
   * and `<root>/mapping/` (the `arxiv/` folder of the official arxiv.zip). Without it, the files
   * the data mirror has (labels, years, sizes, class names) are used and edges/features are
   * missing.
   */
  root?: string;
  /** Add the reverse of every citation (PyG/DGL practice). Default true; false keeps OGB's directed edges. */
  undirected?: boolean;
}

/** Labels, years and the time split of ogbn-arxiv (everything but edges and features). */
export interface OgbnArxivLabels {
  /** Number of papers (169,343). */
  readonly numNodes: number;
  /** Number of subject areas (40). */
  readonly numClasses: number;
  /** The subject area of each paper. */
  readonly labels: Int32Array;
  /** The publication year of each paper. */
  readonly years: Int32Array;
  /** The official time split: train <= 2017, val = 2018, test >= 2019. */
  readonly split: NodeSplit;
  /** arXiv category per class, e.g. `"arxiv cs na"`, when the mapping file is available. */
  readonly classNames?: readonly string[];
}

const DIR = "ogbn_arxiv-gnnguard";
const OFFICIAL_URL = "http://snap.stanford.edu/ogb/data/nodeproppred/arxiv.zip";
const NAME = "ogbn-arxiv";

/** Reads a file relative to the OGB folder: from `root`, or the mirror, or undefined if absent. */
async function readRaw(rel: string, options: OgbnArxivOptions): Promise<Uint8Array | undefined> {
  if (options.root) {
    try {
      return await Deno.readFile(join(options.root, rel));
    } catch (e) {
      if (e instanceof Deno.errors.NotFound) return undefined;
      throw e;
    }
  }
  const entry = DATA_FILES[`${DIR}/${rel}`];
  return entry ? await fetchDataFile(entry, options) : undefined;
}

function fail(detail: string): Error {
  return new Error(`Cannot load ${NAME}: ${detail}`);
}

async function readColumn(rel: string, options: OgbnArxivOptions): Promise<Int32Array | undefined> {
  const bytes = await readRaw(rel, options);
  if (!bytes) return undefined;
  const table = readCsvGz(bytes, rel);
  if (table.cols !== 1) throw fail(`${rel} has ${table.cols} columns, expected 1`);
  return table.data;
}

/**
 * Loads the labels, years, class names and time split of ogbn-arxiv (no edges or features), from
 * `options.root` or the data mirror. The split comes from `split/time/*.csv.gz` when present,
 * otherwise it is rebuilt from the years with OGB's rule (train <= 2017, val 2018, test >= 2019),
 * which gives the official 90,941 / 29,799 / 48,603 nodes.
 *
 * @throws {Error} `Cannot load ogbn-arxiv: ...` when a file is missing or sizes disagree.
 * @example
 * ```ts
 * import { loadOgbnArxivLabels } from "./ogbn_arxiv.ts";
 * if (typeof loadOgbnArxivLabels !== "function") throw new Error("unexpected");
 * ```
 */
export async function loadOgbnArxivLabels(
  options: OgbnArxivOptions = {},
): Promise<OgbnArxivLabels> {
  const where = options.root ? `root ${options.root}` : "the data mirror";
  const labels = await readColumn("raw/node-label.csv.gz", options);
  if (!labels) throw fail(`raw/node-label.csv.gz is missing from ${where}`);
  const numNodes = (await readColumn("raw/num-node-list.csv.gz", options))?.[0] ?? labels.length;
  if (labels.length !== numNodes) {
    throw fail(`raw/node-label.csv.gz has ${labels.length} rows, expected ${numNodes} nodes`);
  }
  const years = await readColumn("raw/node_year.csv.gz", options);
  if (years && years.length !== numNodes) {
    throw fail(`raw/node_year.csv.gz has ${years.length} rows, expected ${numNodes} nodes`);
  }
  let numClasses = 0;
  for (let i = 0; i < numNodes; i++) {
    if (labels[i] < 0) throw fail(`raw/node-label.csv.gz has a negative label at line ${i + 1}`);
    numClasses = Math.max(numClasses, labels[i] + 1);
  }
  const split = await readTimeSplit(numNodes, options) ??
    (years ? timeSplit(years, { trainUntil: 2017, valUntil: 2018 }) : undefined);
  if (!split || !years) {
    throw fail(
      `raw/node_year.csv.gz is missing from ${where} (needed for the years and the time split)`,
    );
  }
  const mapping = await readRaw("mapping/labelidx2arxivcategeory.csv.gz", options);
  const classNames = mapping
    ? parseClassNames(gunzip(mapping, "labelidx2arxivcategeory"))
    : undefined;
  return { numNodes, numClasses, labels, years, split, ...(classNames && { classNames }) };
}

async function readTimeSplit(
  numNodes: number,
  options: OgbnArxivOptions,
): Promise<NodeSplit | undefined> {
  const parts: Int32Array[] = [];
  for (const part of ["train", "valid", "test"]) {
    const rel = `split/time/${part}.csv.gz`;
    const ids = await readColumn(rel, options);
    if (!ids) return undefined;
    const sorted = ids.slice().sort(); // NodeSplit indices are ascending
    if (sorted[0] < 0 || sorted[sorted.length - 1] >= numNodes) {
      throw fail(`${rel} has a node id outside [0, ${numNodes})`);
    }
    parts.push(sorted);
  }
  return { name: "time", train: parts[0], val: parts[1], test: parts[2] };
}

function parseClassNames(bytes: Uint8Array): string[] {
  const lines = new TextDecoder().decode(bytes).split("\n").slice(1).filter((l) => l.trim());
  const names: string[] = [];
  for (const line of lines) {
    const comma = line.indexOf(",");
    names[Number(line.slice(0, comma))] = line.slice(comma + 1).trim();
  }
  return names;
}

/**
 * Loads ogbn-arxiv (Hu et al., "Open Graph Benchmark", NeurIPS 2020) from OGB's raw layout:
 * `raw/edge.csv.gz` (citing -> cited), `raw/node-feat.csv.gz` (128-dimensional averaged word
 * embeddings), `raw/node-label.csv.gz`, `raw/node_year.csv.gz`, and the time split. The raw edges
 * are directed; by default they are symmetrised (`undirected: true`, as PyG and DGL examples do,
 * giving 2,315,598 directed edges); pass `undirected: false` for OGB's 1,166,243 citations.
 * `nodeAttributes.year` holds the publication years and `splits[0]` the official time split.
 *
 * STATS:
 *
 * | name       | nodes   | edges (raw, directed) | edges (undirected default) | features | classes | train / val / test       |
 * |------------|--------:|----------------------:|---------------------------:|---------:|--------:|--------------------------|
 * | ogbn-arxiv | 169,343 | 1,166,243             | 2,315,598                  | 128      | 40      | 90,941 / 29,799 / 48,603 |
 *
 * The shared data mirror has no `edge.csv.gz` (4 MiB or more) or `node-feat.csv.gz`: download
 * the official arxiv.zip, unzip it and pass `root` (the folder holding `raw/`).
 *
 * @throws {Error} `Cannot load ogbn-arxiv: ...` naming any missing file, the official source and
 *   how to provide it, or a file whose size disagrees with the others.
 * @example
 * ```ts
 * import { loadOgbnArxiv } from "./ogbn_arxiv.ts";
 * let message = "";
 * try {
 *   await loadOgbnArxiv({ root: "/nonexistent-ogbn-root" });
 * } catch (e) {
 *   message = (e as Error).message;
 * }
 * if (!message.includes("raw/edge.csv.gz")) throw new Error("unexpected");
 * ```
 */
export async function loadOgbnArxiv(options: OgbnArxivOptions = {}): Promise<GraphDataset> {
  const where = options.root ? `root ${options.root}` : "the data mirror";
  const edgesBytes = await readRaw("raw/edge.csv.gz", options);
  const featBytes = await readRaw("raw/node-feat.csv.gz", options);
  const missing = [!edgesBytes && "raw/edge.csv.gz", !featBytes && "raw/node-feat.csv.gz"]
    .filter(Boolean);
  if (!edgesBytes || !featBytes) {
    throw fail(
      `${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} missing from ${where}; ` +
        `download ${OFFICIAL_URL}, unzip it and pass { root: "<dir>/arxiv" } ` +
        `(the folder holding raw/ and split/)`,
    );
  }
  const meta = await loadOgbnArxivLabels(options);
  const { numNodes } = meta;
  const edges = readCsvGz(edgesBytes, "raw/edge.csv.gz");
  if (edges.cols !== 2) throw fail(`raw/edge.csv.gz has ${edges.cols} columns, expected 2`);
  const numEdgeList = await readColumn("raw/num-edge-list.csv.gz", options);
  if (numEdgeList && numEdgeList[0] !== edges.rows) {
    throw fail(
      `raw/edge.csv.gz has ${edges.rows} rows but raw/num-edge-list.csv.gz says ${numEdgeList[0]}`,
    );
  }
  const E = edges.rows;
  const edgeIndex = new Int32Array(2 * E);
  for (let e = 0; e < E; e++) {
    edgeIndex[e] = edges.data[2 * e];
    edgeIndex[E + e] = edges.data[2 * e + 1];
  }
  const feat = readCsvGz(featBytes, "raw/node-feat.csv.gz", { type: "float32" });
  if (feat.rows !== numNodes) {
    throw fail(`raw/node-feat.csv.gz has ${feat.rows} rows, expected ${numNodes} nodes`);
  }
  const directed = createGraph(
    { numNodes, edgeIndex, x: denseMatrix(feat.data, numNodes, feat.cols), y: meta.labels },
    NAME,
  );
  const graph = options.undirected === false ? directed : toUndirected(directed);
  return {
    name: NAME,
    graph: graph as GraphDataset["graph"],
    numClasses: meta.numClasses,
    ...(meta.classNames && { classNames: meta.classNames }),
    splits: [meta.split],
    source: SOURCES[DIR],
    nodeAttributes: { year: meta.years },
  };
}
