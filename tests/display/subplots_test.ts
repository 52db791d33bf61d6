import { subplots } from "../../lib/display/subplots.ts";
import { assertEquals, assertThrows } from "../_assert.ts";

const line = (name: string, y: number[]) => ({ type: "scatter", name, x: [1, 2], y });

Deno.test("subplots() stacks panels over one shared x axis, top to bottom", () => {
  const fig = subplots([
    { title: "loss", traces: [line("a", [3, 2]), line("b", [1, 1])], log: true },
    { title: "accuracy", traces: [line("c", [0.5, 0.6])], range: [0, 1] },
  ], { title: "Run", x: "epoch" });
  assertEquals(fig.data.map((t) => [t.name, t.xaxis, t.yaxis]), [
    ["a", "x", "y"],
    ["b", "x", "y"],
    ["c", "x", "y2"],
  ]);
  // The traces keep their own keys.
  assertEquals(fig.data[2].y, [0.5, 0.6]);
  assertEquals(fig.layout.title, { text: "Run" });
  assertEquals(fig.layout.xaxis, { title: { text: "epoch" }, anchor: "y2" });
  assertEquals(fig.layout.yaxis, {
    title: { text: "loss" },
    type: "log",
    domain: [0.525, 1],
    anchor: "x",
  });
  assertEquals(fig.layout.yaxis2, {
    title: { text: "accuracy" },
    range: [0, 1],
    domain: [0, 0.475],
    anchor: "x",
  });
  assertEquals([fig.layout.height, fig.layout.showlegend], [420, true]);
});

Deno.test("subplots() side by side gives each panel its axes and a title above it", () => {
  const fig = subplots([
    { title: "left", x: "epoch", y: "loss", traces: [line("a", [1, 2])] },
    { title: "right", x: "step", traces: [line("b", [2, 3])], xaxis: { type: "category" } },
  ], { title: "Two", direction: "columns" });
  assertEquals(fig.data.map((t) => [t.xaxis, t.yaxis]), [["x", "y"], ["x2", "y2"]]);
  const width = (1 - 0.07) / 2;
  assertEquals(fig.layout.xaxis, {
    title: { text: "epoch" },
    domain: [0, width],
    anchor: "y",
  });
  assertEquals(fig.layout.xaxis2, {
    title: { text: "step" },
    domain: [width + 0.07, 1],
    anchor: "y2",
    type: "category",
  });
  assertEquals(fig.layout.yaxis, { title: { text: "loss" }, anchor: "x" });
  assertEquals(fig.layout.yaxis2, { title: { text: "" }, anchor: "x2" });
  const annotations = fig.layout.annotations as { text: string; x: number }[];
  assertEquals(annotations.map((a) => [a.text, a.x]), [
    ["left", width / 2],
    ["right", width + 0.07 + width / 2],
  ]);
});

Deno.test("subplots() refuses no panels", () => {
  assertThrows(() => subplots([], { title: "t" }), RangeError, "panels is empty");
});
