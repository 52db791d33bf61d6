import { splitFigure, splitTable } from "../../lib/display/split_figures.ts";
import { splitSummary } from "../../lib/splits/split_summary.ts";
import { assertEquals } from "../_assert.ts";

// Six nodes: classes 0, 0, 0, 1, 1, 2; node 5 is in no part.
const y = new Int32Array([0, 0, 0, 1, 1, 2]);
const split = {
  name: "toy",
  train: new Int32Array([0, 3]),
  val: new Int32Array([1, 4]),
  test: new Int32Array([2]),
};
const summary = splitSummary(split, y, 3);

Deno.test("splitFigure() draws all nodes' class shares, then each part's", () => {
  const fig = splitFigure(summary, { classNames: ["a", "b", "c"], title: "Toy" });
  assertEquals(fig.data.map((t) => t.name), ["all (6)", "train (2)", "val (2)", "test (1)"]);
  assertEquals(fig.data[0].y, [3 / 6, 2 / 6, 1 / 6]);
  assertEquals(fig.data[1].y, [0.5, 0.5, 0]);
  assertEquals(fig.data[3].y, [1, 0, 0]);
  assertEquals(fig.data[0].x, ["a", "b", "c"]);
  assertEquals(fig.layout.title, { text: "Toy" });
  assertEquals((fig.layout.yaxis as { title: unknown }).title, {
    text: "share of the part's nodes",
  });
  assertEquals(splitFigure(summary).layout.title, {
    text: "Split toy: class proportions per part",
  });
});

Deno.test("splitTable() gives every class's nodes and share in each part", () => {
  const t = splitTable(summary);
  assertEquals(t.columns, [
    "class",
    "all share",
    "train nodes",
    "train share",
    "val nodes",
    "val share",
    "test nodes",
    "test share",
  ]);
  assertEquals(t.cells, [
    ["0", "0.500", "1", "0.500", "1", "0.500", "1", "1"],
    ["1", "0.333", "1", "0.500", "1", "0.500", "0", "0"],
    ["2", "0.167", "0", "0", "0", "0", "0", "0"],
  ]);
  assertEquals(t.title, "Split toy: nodes and share per class and part");
});
