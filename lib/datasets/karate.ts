/**
 * Zachary's karate club (1977): 34 members of a university karate club and the two factions it
 * split into.
 *
 * @module
 */
import type { GraphDataset } from "./dataset.ts";
import { DATA_FILES, SOURCES } from "./sources.ts";
import { fetchDataFile, type FetchOptions } from "../io/fetch.ts";
import { parseGml } from "../io/gml.ts";
import { createGraph } from "../graph/graph.ts";
import { denseMatrix } from "../graph/matrix.ts";
import { toUndirected } from "../graph/to_undirected.ts";
import { stratifiedSplit } from "../splits/stratified_split.ts";

const PATH = "karate/karate_with_attributes.gml";
const CLUBS = ["Mr. Hi", "Officer"] as const;

/**
 * Loads Zachary's karate club from a NetworkX GML file. Labels are the two factions (`club`
 * attribute: "Mr. Hi" = 0, "Officer" = 1; NetworkX's `karate_club_graph()` labelling, 17/17),
 * not the 4 modularity communities PyG's `KarateClub` uses. Like PyG's `KarateClub`, features
 * are the 34 x 34 identity matrix and edges are undirected (each of the 78 edges both ways);
 * the file's edge weights are not used. `splits[0]` is a stratified 70/15/15 split, seed 0.
 *
 * STATS:
 *
 * | name   | nodes | edges (directed) | features | classes |
 * |--------|------:|-----------------:|---------:|--------:|
 * | karate | 34    | 156              | 34       | 2       |
 *
 * @param options Where the raw file comes from (mirror) and is cached.
 * @throws {Error} `Cannot load karate: ...` when the file is malformed.
 * @example
 * ```ts
 * import { loadKarate } from "./karate.ts";
 * if (typeof loadKarate !== "function") throw new Error("unexpected");
 * ```
 */
export async function loadKarate(options: FetchOptions = {}): Promise<GraphDataset> {
  const bytes = await fetchDataFile(DATA_FILES[PATH], options);
  const gml = parseGml(new TextDecoder().decode(bytes), PATH);
  const fail = (detail: string): Error => new Error(`Cannot load karate: ${PATH} ${detail}`);
  const numNodes = gml.nodes.length;
  const ids = new Map<number, number>(); // GML id -> node index (file order)
  const y = new Int32Array(numNodes);
  gml.nodes.forEach((node, i) => {
    if (typeof node.id !== "number") throw fail(`node ${i} has no numeric id`);
    ids.set(node.id, i);
    const label = CLUBS.indexOf(node.club as typeof CLUBS[number]);
    if (label < 0) throw fail(`node ${node.id} has club ${JSON.stringify(node.club)}`);
    y[i] = label;
  });
  const E = gml.edges.length;
  const edgeIndex = new Int32Array(2 * E);
  gml.edges.forEach((edge, e) => {
    const s = ids.get(edge.source as number);
    const t = ids.get(edge.target as number);
    if (s === undefined || t === undefined) {
      throw fail(`edge ${e} joins unknown nodes ${edge.source} and ${edge.target}`);
    }
    edgeIndex[e] = s;
    edgeIndex[E + e] = t;
  });
  const identity = new Float32Array(numNodes * numNodes);
  for (let i = 0; i < numNodes; i++) identity[i * numNodes + i] = 1;
  const graph = toUndirected(
    createGraph({ numNodes, edgeIndex, x: denseMatrix(identity, numNodes, numNodes), y }, "karate"),
  );
  return {
    name: "karate",
    graph: graph as GraphDataset["graph"],
    numClasses: 2,
    classNames: CLUBS,
    splits: [stratifiedSplit(y, { seed: 0 })],
    source: SOURCES["karate"],
  };
}
