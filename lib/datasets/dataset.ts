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
}
