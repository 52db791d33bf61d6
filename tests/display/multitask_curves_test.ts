import { multiTaskCurves } from "../../lib/display/multitask_curves.ts";
import { assertEquals, assertThrows } from "../_assert.ts";

const epoch = (e: number, loss: number, weight: number) => ({
  epoch: e,
  losses: { classification: loss, link: 2 * loss },
  weights: { classification: weight, link: 1 },
});
const runs = [
  { label: "fixed", history: [epoch(1, 1.23456, 1), epoch(2, 0.5, 1)] },
  { label: "GradNorm", history: [epoch(1, 1, 0.987654), epoch(2, 0.25, 0.5)] },
];

Deno.test("multiTaskCurves() draws one panel per task, one line per run", () => {
  const fig = multiTaskCurves(runs, { of: "losses", title: "Losses" });
  assertEquals(fig.data.map((t) => [t.name, t.xaxis, t.showlegend]), [
    ["fixed", "x", true],
    ["GradNorm", "x", true],
    ["fixed", "x2", false],
    ["GradNorm", "x2", false],
  ]);
  // Four significant digits.
  assertEquals(fig.data[0].y, [1.235, 0.5]);
  assertEquals(fig.data[2].y, [2.469, 1]);
  assertEquals(fig.data[3].x, [1, 2]);
  const annotations = fig.layout.annotations as { text: string }[];
  assertEquals(annotations.map((a) => a.text), ["classification", "link"]);
  assertEquals((fig.layout.yaxis as Record<string, unknown>).type, "log");
});

Deno.test("multiTaskCurves() plots weights of the tasks asked for, linear when asked", () => {
  const fig = multiTaskCurves(runs, { of: "weights", tasks: ["classification"], log: false });
  assertEquals(fig.data.map((t) => t.y), [[1, 1], [0.9877, 0.5]]);
  assertEquals(fig.layout.yaxis, { title: { text: "weight" }, anchor: "x" });
  assertThrows(() => multiTaskCurves([], { of: "losses" }), RangeError, "runs is empty");
  assertThrows(
    () => multiTaskCurves([{ label: "empty", history: [] }], { of: "losses" }),
    RangeError,
    "run empty has no history",
  );
});
