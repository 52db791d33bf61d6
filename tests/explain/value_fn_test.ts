import { assertAllClose, assertEquals, assertRejects, assertThrows } from "../_assert.ts";
import { featureValueFn } from "../../lib/explain/value_fn.ts";

const predict = (rows: Float64Array[]) => rows.map((r) => r[0] * 10 + r[1]);

Deno.test("featureValueFn() fills missing players from a number, a row or the mean over rows", async () => {
  const coalitions = [[0, 0], [1, 0], [0, 1], [1, 1]].map((c) => Uint8Array.from(c));
  const cases: [number | number[] | number[][], number[]][] = [
    [0, [0, 30, 4, 34]],
    [[1, 2], [12, 32, 14, 34]],
    [[[1, 2], [5, 0]], [(12 + 50) / 2, (32 + 30) / 2, (14 + 54) / 2, 34]],
  ];
  for (const [background, expected] of cases) {
    const values = await featureValueFn(predict, [3, 4], background)(coalitions);
    assertAllClose(values, expected, { atol: 1e-12, message: `${JSON.stringify(background)}: ` });
  }
});

Deno.test("featureValueFn() makes one predict call per batch, with every background row", async () => {
  const calls: number[] = [];
  const valueFn = featureValueFn((rows) => (calls.push(rows.length), predict(rows)), [3, 4], [
    [0, 0],
    [1, 1],
    [2, 2],
  ]);
  await valueFn([new Uint8Array(2), new Uint8Array(2)]);
  assertEquals(calls, [6]);
});

Deno.test("featureValueFn() rejects bad input with the argument named", async () => {
  const cases: [() => unknown, string][] = [
    [() => featureValueFn(predict, [1, NaN], 0), "x[1] must be a finite number, got NaN"],
    [
      () => featureValueFn(predict, [1, 2], [0, 0, 0]),
      "background must have length 2 (the length of x), got 3",
    ],
    [() => featureValueFn(predict, [1, 2], [[0, 0], [0]]), "background[1] must have length 2"],
    [() => featureValueFn(predict, [1, 2], []), "background must hold at least one row, got none"],
    [
      () => featureValueFn(predict, [1, 2], Infinity),
      "background must be a finite number, got Infinity",
    ],
  ];
  for (const [run, message] of cases) assertThrows(run, Error, `Cannot explain: ${message}`);
  const short = featureValueFn(() => [1], [1, 2], 0);
  await assertRejects(
    async () => await short([new Uint8Array(2), new Uint8Array(2)]),
    Error,
    "Cannot explain: predict returned 1 outputs for 2 rows, expected one per row",
  );
});
