import type { GraphDataset } from "../../lib/datasets/dataset.ts";
import { csbm } from "../../lib/datasets/synthetic.ts";
import { validateDataset } from "../../lib/datasets/validate_dataset.ts";
import { denseMatrix } from "../../lib/graph/matrix.ts";
import { assertThrows } from "../_assert.ts";

const data = csbm({ numNodes: 30, numClasses: 3, avgDegree: 4, seed: 2 });

Deno.test("validateDataset() names the field and the first bad position", () => {
  const F = data.graph.x.cols;
  const x = Float32Array.from(data.graph.x.data);
  x[7 * F + 1] = NaN;
  const y = data.graph.y.slice();
  y[4] = 3;
  const negative = data.graph.y.slice();
  negative[2] = -1;
  const split = data.splits[0];
  const cases: [GraphDataset, string][] = [
    [
      { ...data, graph: { ...data.graph, x: denseMatrix(x, 30, F) } },
      "x[7, 1] is NaN; features must be finite",
    ],
    [
      { ...data, graph: { ...data.graph, y } },
      "y[4] is 3; labels must be integers in [0, 3) (numClasses)",
    ],
    [
      { ...data, graph: { ...data.graph, y: negative } },
      "y[2] is -1; labels must be integers in [0, 3) (numClasses)",
    ],
    [{ ...data, numClasses: 1.5 }, "numClasses must be a positive integer, got 1.5"],
    [
      { ...data, graph: { ...data.graph, y: new Int32Array(29) } },
      "y has 29 labels but the graph has 30 nodes",
    ],
    [{ ...data, graph: undefined as never }, "the data set has no graph, got undefined"],
    [
      { ...data, splits: [{ ...split, val: Int32Array.of(split.train[0]) }] },
      `split ${split.name}: val[0] is ${
        split.train[0]
      }, which is also in train; parts must be disjoint`,
    ],
  ];
  for (const [bad, message] of cases) {
    assertThrows(() => validateDataset(bad), RangeError, `Invalid dataset csbm: ${message}`);
  }
});
