/**
 * Node degrees, like PyTorch Geometric's `torch_geometric.utils.degree`.
 *
 * @module
 */
import { type Graph, numEdges } from "./graph.ts";

/** Options for {@linkcode degree}. */
export interface DegreeOptions {
  /**
   * `"in"` counts edges arriving at a node (`degree(edge_index[1])` in PyG, the degree message
   * passing and GCN normalise by), `"out"` edges leaving it (`degree(edge_index[0])`). Default `"in"`.
   */
  direction?: "in" | "out";
}

/**
 * Number of edges per node (duplicates and self loops counted as they appear).
 *
 * @example
 * ```ts
 * import { createGraph } from "./graph.ts";
 * import { degree } from "./degree.ts";
 * const g = createGraph({ numNodes: 3, edgeIndex: [[0, 0, 1], [1, 2, 2]] });
 * if (degree(g).join() !== "0,1,2") throw new Error("unexpected in-degree");
 * if (degree(g, { direction: "out" }).join() !== "2,1,0") throw new Error("unexpected out-degree");
 * ```
 */
export function degree(graph: Graph, options: DegreeOptions = {}): Int32Array {
  const { direction = "in" } = options;
  if (direction !== "in" && direction !== "out") {
    throw new RangeError(
      `Cannot compute degree: direction must be "in" or "out", got ${direction}`,
    );
  }
  const E = numEdges(graph);
  const offset = direction === "in" ? E : 0;
  const deg = new Int32Array(graph.numNodes);
  for (let e = 0; e < E; e++) deg[graph.edgeIndex[offset + e]]++;
  return deg;
}
