import { createGraph, type GraphInit, validateGraph } from "../../lib/graph/graph.ts";
import { type CsrMatrix, denseMatrix } from "../../lib/graph/matrix.ts";
import { assertEquals, assertThrows } from "../_assert.ts";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);

Deno.test("createGraph() takes a flat [2, E] edge index or a [sources, targets] pair", () => {
  const pair = createGraph({ numNodes: 3, edgeIndex: [[0, 1, 2], [1, 2, 0]] });
  const flat = createGraph({ numNodes: 3, edgeIndex: Int32Array.from([0, 1, 2, 1, 2, 0]) });
  assertEquals(pair.edgeIndex, Int32Array.from([0, 1, 2, 1, 2, 0]));
  assertEquals(pair, flat);
  // numNodes defaults to the rows of x, then to the labels.
  const x = denseMatrix(new Float32Array(8), 4, 2);
  assertEquals(createGraph({ edgeIndex: [[0], [3]], x }).numNodes, 4);
  assertEquals(createGraph({ edgeIndex: [[0], [1]], y: new Int32Array(5) }).numNodes, 5);
});

Deno.test("createGraph() rejects bad input, naming the field and the first bad position", () => {
  const src = range(60).map((i) => i % 10);
  const dst = range(60).map((i) => (i + 1) % 10);
  const fractional = dst.slice();
  fractional[57] = 1.5;
  const dense = Float32Array.from(range(40), (i) => i);
  dense[12 * 2 + 1] = NaN;
  const csr: CsrMatrix = {
    kind: "csr",
    rows: 3,
    cols: 4,
    indptr: Int32Array.from([0, 1, 1, 3]),
    indices: Int32Array.from([2, 0, 3]),
    data: Float32Array.from([1, 1, Infinity]),
  };
  const cases: [GraphInit, string][] = [
    // A fractional index used to be truncated silently (1.5 became 1).
    [
      { numNodes: 10, edgeIndex: [src, fractional] },
      "edgeIndex[1][57] is 1.5; node indices must be integers",
    ],
    [
      { numNodes: 10, edgeIndex: [[0, NaN], [1, 2]] },
      "edgeIndex[0][1] is NaN; node indices must be integers",
    ],
    [{ numNodes: 10, edgeIndex: [[0, 10], [1, 2]] }, "edgeIndex[0][1] is 10, out of range [0, 10)"],
    [
      { numNodes: 3, edgeIndex: Int32Array.from([0, 1, 2, -1]) },
      "edgeIndex[1][1] is -1, out of range [0, 3)",
    ],
    [
      { numNodes: 3, edgeIndex: [[0, 1], [1]] },
      "edgeIndex rows differ in length (2 sources, 1 targets)",
    ],
    [
      { numNodes: 3, edgeIndex: [0, 1, 1, 2] as never },
      "edgeIndex must be an Int32Array of shape [2, E] or a pair [sources, targets] of arrays",
    ],
    [
      { numNodes: 3, edgeIndex: Int32Array.from([0, 1, 2]) },
      "edgeIndex must be an Int32Array of shape [2, E], got Int32Array of length 3",
    ],
    [{ numNodes: 0, edgeIndex: [[], []] }, "numNodes must be a positive integer, got 0"],
    [{ numNodes: 2.5, edgeIndex: [[], []] }, "numNodes must be a positive integer, got 2.5"],
    [{ edgeIndex: [[0], [1]] }, "give numNodes, x or y"],
    [
      { numNodes: 20, edgeIndex: [[0], [1]], x: denseMatrix(dense, 20, 2) },
      "x[12, 1] is NaN; features must be finite",
    ],
    [{ edgeIndex: [[0], [1]], x: csr }, "x[2, 3] is Infinity; features must be finite"],
    [
      { edgeIndex: [[0], [1]], x: new Float32Array(4) as never },
      "x must be a dense or CSR Matrix (e.g. denseMatrix(data, rows, cols)), got Float32Array of length 4",
    ],
    [
      { numNodes: 4, edgeIndex: [[0], [1]], x: denseMatrix(new Float32Array(6), 3, 2) },
      "x has 3 rows but the graph has 4 nodes",
    ],
    [
      { edgeIndex: [[0], [1]], x: { ...csr, indices: Int32Array.from([2, 0, 4]) } },
      "x[2, 4] is out of range: x has 4 columns",
    ],
    [
      { numNodes: 3, edgeIndex: [[0, 1], [1, 2]], edgeWeight: Float32Array.from([1, NaN]) },
      "edgeWeight[1] is NaN; edge weights must be finite",
    ],
    [
      { numNodes: 3, edgeIndex: [[0, 1], [1, 2]], edgeWeight: Float32Array.from([1]) },
      "edgeWeight has 1 values for 2 edges",
    ],
    [
      { numNodes: 3, edgeIndex: [[0], [1]], y: Int32Array.from([0, 1]) },
      "y has 2 labels but the graph has 3 nodes",
    ],
    [
      { numNodes: 2, edgeIndex: [[0], [1]], y: [0, 0.5] as never },
      "y[1] is 0.5; labels must be integers",
    ],
  ];
  for (const [init, message] of cases) {
    assertThrows(() => createGraph(init), RangeError, `Cannot create graph: ${message}`);
  }
  // The name given is the one in the message (the loaders pass the data set's).
  assertThrows(
    () => createGraph({ numNodes: 10, edgeIndex: [src, fractional] }, "cora"),
    RangeError,
    "Cannot create cora: edgeIndex[1][57] is 1.5",
  );
});

Deno.test("validateGraph() finds what was broken after creation", () => {
  const graph = createGraph({
    edgeIndex: [[0, 1], [1, 2]],
    x: denseMatrix(Float32Array.from([1, 2, 3, 4, 5, 6]), 3, 2),
  });
  validateGraph(graph); // valid: returns without throwing
  graph.x!.data[5] = NaN; // an in-place edit, as a notebook user might make
  assertThrows(
    () => validateGraph(graph, "my graph"),
    RangeError,
    "Invalid my graph: x[2, 1] is NaN; features must be finite",
  );
});
