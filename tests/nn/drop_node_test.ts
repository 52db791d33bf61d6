import * as tf from "@tensorflow/tfjs";
import { dropNode } from "../../lib/nn/drop_node.ts";
import { createRng } from "../../lib/random/rng.ts";
import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { randomTensor } from "./_fixtures.ts";

Deno.test("dropNode() zeroes whole rows or scales them by 1 / (1 - rate), as the seed draws", () => {
  const h = randomTensor(1, [50, 3]);
  const rate = 0.4;
  const out = dropNode(h, rate, { training: true, rng: createRng(7) }).arraySync();
  const input = h.arraySync();
  // The same seed draws the same row mask: one draw per row, in row order.
  const rng = createRng(7);
  const dropped = input.map(() => rng.next() < rate);
  input.forEach((row, i) => {
    // A dropped row is multiplied by 0, so negative entries become -0 (strict equality tells them apart).
    const scale = dropped[i] ? 0 : Math.fround(1 / (1 - rate));
    const expected = row.map((v) => Math.fround(v * scale));
    assertEquals(out[i], expected, `row ${i}`);
  });
  // 50 Bernoulli(0.4) draws: both outcomes occur.
  const count = dropped.filter(Boolean).length;
  assert(count > 0 && count < 50, `dropped ${count} of 50 rows`);
});

Deno.test("dropNode() gives the same rows for the same seed and others for another", () => {
  const h = tf.ones([30, 2]) as tf.Tensor2D;
  const mask = (seed: number) =>
    Array.from(dropNode(h, 0.5, { training: true, rng: createRng(seed) }).dataSync()).join();
  assertEquals(mask(3), mask(3));
  assert(mask(3) !== mask(4), "seeds 3 and 4 dropped the same rows");
});

Deno.test("dropNode() is the identity in evaluation and at rate 0, and needs no rng there", () => {
  const h = tf.ones([3, 2]) as tf.Tensor2D;
  assert(dropNode(h, 0.5) === h);
  assert(dropNode(h, 0.5, { training: false, rng: createRng(0) }) === h);
  assert(dropNode(h, 0, { training: true }) === h);
});

Deno.test("dropNode() rejects a bad rate and training without rng, naming them", () => {
  const h = tf.ones([3, 2]) as tf.Tensor2D;
  for (const rate of [1, -0.1, NaN]) {
    assertThrows(
      () => dropNode(h, rate, { training: true, rng: createRng(0) }),
      RangeError,
      `Cannot apply DropNode: rate must be in [0, 1), got ${rate}`,
    );
  }
  assertThrows(
    () => dropNode(h, 0.5, { training: true }),
    RangeError,
    "Cannot apply DropNode: training needs options.rng",
  );
});
