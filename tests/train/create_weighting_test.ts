import { createWeighting, WEIGHTING_NAMES } from "../../lib/train/create_weighting.ts";
import { FixedWeighting, GradNorm, UncertaintyWeighting } from "../../lib/train/multitask.ts";
import { assert, assertEquals, assertThrows } from "../_assert.ts";

Deno.test("createWeighting() builds each weighting by name with its options", () => {
  assertEquals([...WEIGHTING_NAMES], ["fixed", "uncertainty", "gradnorm"]);
  const fixed = createWeighting("fixed", 3);
  assert(fixed instanceof FixedWeighting);
  assertEquals(fixed.weights(), [1, 1, 1]);
  assertEquals(createWeighting("fixed", 2, { fixedWeights: [2, 0.5] }).weights(), [2, 0.5]);
  const uncertainty = createWeighting("uncertainty", 2, {
    uncertainty: { initLogVariance: [0, 1] },
  });
  assert(uncertainty instanceof UncertaintyWeighting);
  assertEquals(uncertainty.weights().map((w) => w.toFixed(6)), [
    "1.000000",
    Math.exp(-1).toFixed(6),
  ]);
  uncertainty.dispose();
  const gradNorm = createWeighting("gradnorm", 3, { gradNorm: { alpha: 0.5 } });
  assert(gradNorm instanceof GradNorm && gradNorm.needsGradNorms);
  assertEquals(gradNorm.numTasks, 3);
});

Deno.test("createWeighting() rejects an unknown name and a wrong number of fixed weights", () => {
  assertThrows(
    () => createWeighting("equal" as "fixed", 2),
    RangeError,
    'Cannot create weighting "equal": unknown name; expected one of fixed, uncertainty, gradnorm',
  );
  assertThrows(
    () => createWeighting("fixed", 3, { fixedWeights: [1, 2] }),
    RangeError,
    'Cannot create weighting "fixed": fixedWeights has 2 values for 3 tasks',
  );
});
