import { glorotUniform, zeros } from "../../lib/nn/init.ts";
import { createRng } from "../../lib/random/rng.ts";
import { assert, assertAllClose, assertEquals } from "../_assert.ts";

Deno.test("glorotUniform() draws from U(-limit, limit) with limit sqrt(6 / (fanIn + fanOut))", () => {
  const w = glorotUniform([200, 100], createRng(3));
  assertEquals(w.shape, [200, 100]);
  const values = w.dataSync();
  const limit = Math.sqrt(6 / 300);
  let sum = 0;
  let sumSq = 0;
  let max = 0;
  for (const v of values) {
    sum += v;
    sumSq += v * v;
    max = Math.max(max, Math.abs(v));
  }
  assert(max <= limit, `value ${max} beyond the limit ${limit}`);
  assert(max > 0.99 * limit, `values do not reach the limit: max ${max}`);
  // U(-l, l) has mean 0 and variance l^2 / 3; 20000 samples pin both down to ~1%.
  assertAllClose([sum / values.length], [0], { atol: 0.01 * limit });
  assertAllClose([sumSq / values.length], [limit * limit / 3], { atol: 0.03 * limit * limit / 3 });
  assert(w.trainable, "weights must be trainable");
});

Deno.test("glorotUniform() is reproducible from the seed", () => {
  const a = glorotUniform([4, 3], createRng(7)).dataSync();
  const b = glorotUniform([4, 3], createRng(7)).dataSync();
  const c = glorotUniform([4, 3], createRng(8)).dataSync();
  assertEquals(Array.from(a), Array.from(b));
  assert(Array.from(a).join() !== Array.from(c).join(), "different seeds gave the same weights");
});

Deno.test("zeros() makes a trainable zero variable", () => {
  const b = zeros([2, 3]);
  assertEquals(Array.from(b.dataSync()), [0, 0, 0, 0, 0, 0]);
  assert(b.trainable);
});
