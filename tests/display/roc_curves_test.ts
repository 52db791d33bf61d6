import { rocCurves } from "../../lib/display/roc_curves.ts";
import { denseMatrix } from "../../lib/graph/matrix.ts";
import { rocAucOvr, rocCurve } from "../../lib/metrics/roc_auc.ts";
import { assertEquals } from "../_assert.ts";

const yTrue = [0, 1, 2, 1, 0, 2];
const probs = [
  [0.7, 0.2, 0.1],
  [0.2, 0.5, 0.3],
  [0.1, 0.3, 0.6],
  [0.4, 0.35, 0.25],
  [0.3, 0.4, 0.3],
  [0.2, 0.2, 0.6],
];

Deno.test("rocCurves() draws each class against the rest, with its AUC", () => {
  const fig = rocCurves(yTrue, probs, { classNames: ["a", "b", "c"], title: "ROC" });
  const auc = rocAucOvr(yTrue, probs, { average: "none" });
  assertEquals(fig.data.map((t) => t.name), [
    `a (AUC ${auc[0].toFixed(3)})`,
    `b (AUC ${auc[1].toFixed(3)})`,
    `c (AUC ${auc[2].toFixed(3)})`,
    "chance",
  ]);
  // Class 1 against the rest: scored by its probability column.
  const curve = rocCurve(yTrue.map((y) => (y === 1 ? 1 : 0)), probs.map((p) => p[1]));
  const round = (v: number) => Math.round(v * 1e4) / 1e4;
  assertEquals(fig.data[1].x, Array.from(curve.fpr, round));
  assertEquals(fig.data[1].y, Array.from(curve.tpr, round));
  assertEquals([fig.data[3].x, fig.data[3].y], [[0, 1], [0, 1]]);
  assertEquals(fig.layout.title, { text: "ROC" });
  // Class c is ranked perfectly: its curve goes straight up.
  assertEquals(auc[2], 1);
});

Deno.test("rocCurves() reads a probability matrix like rows", () => {
  const matrix = denseMatrix(Float32Array.from(probs.flat()), 6, 3);
  const fromRows = rocCurves(yTrue, probs.map((p) => Float32Array.from(p)));
  assertEquals(rocCurves(yTrue, matrix), fromRows);
  assertEquals(
    rocCurves(yTrue, probs).data[0].name,
    "class 0 (AUC " + rocAucOvr(yTrue, probs, { average: "none" })[0].toFixed(3) + ")",
  );
});
