/**
 * The data set type `loadDataset` returns.
 *
 * @module
 */
import type { Graph } from "../graph/graph.ts";
import type { NodeSplit } from "../splits/split.ts";

/** Where a data set comes from and under which licence. */
export interface DatasetSource {
  /** Public repository or page the files come from. */
  readonly url: string;
  /** The licence of the files, e.g. `"MIT"` or `"CC BY 4.0"`. */
  readonly license: string;
  /** Paper or original publisher to cite. */
  readonly citation?: string;
}

/** A node-classification data set: one graph, its classes and its named splits. */
export interface GraphDataset {
  /** Registry name, e.g. `"cora"`. */
  readonly name: string;
  /** The graph with features `x` and labels `y`. */
  readonly graph: Graph & { readonly x: NonNullable<Graph["x"]>; readonly y: Int32Array };
  /** Number of classes `C`; labels are `0..C-1`. */
  readonly numClasses: number;
  /** Human-readable class names when the source has them. */
  readonly classNames?: readonly string[];
  /** Splits; `splits[0]` is the default (public or standard) split. */
  readonly splits: readonly NodeSplit[];
  /** Where the files come from, and their licence. */
  readonly source?: DatasetSource;
  /** Extra per-node arrays from the source (e.g. ogbn-arxiv's `year`). */
  readonly nodeAttributes?: Readonly<Record<string, Int32Array | Float32Array | string[]>>;
  /** The planted explanation of a synthetic explainer benchmark (BA-Shapes, Tree-Cycles). */
  readonly groundTruth?: ExplanationGroundTruth;
}

/**
 * The planted motifs of an explainer benchmark, PyG's `node_mask` / `edge_mask` of
 * `ExplainerDataset` plus which motif each node and edge belongs to, so that an explainer's edge
 * mask can be scored against the motif edges of one node (ROC-AUC over its computation subgraph).
 */
export interface ExplanationGroundTruth {
  /** Per node: 1 when the node belongs to a motif, else 0 (PyG's `node_mask`). */
  readonly nodeMask: Uint8Array;
  /**
   * Per directed edge of `graph.edgeIndex`: 1 when the edge is one of a motif's own edges, else 0
   * (PyG's `edge_mask`). Edges joining a motif to the base graph and random edges are 0.
   */
  readonly edgeMask: Uint8Array;
  /** Per node: the index of its motif, or -1 for a base-graph node. */
  readonly nodeMotif: Int32Array;
  /** Per directed edge of `graph.edgeIndex`: the index of the motif it belongs to, or -1. */
  readonly edgeMotif: Int32Array;
  /** Number of motifs planted. */
  readonly numMotifs: number;
}
