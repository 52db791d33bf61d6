import * as tf from "@tensorflow/tfjs";
import { Linear } from "../../lib/nn/linear.ts";
import { assertEquals, assertThrows } from "../_assert.ts";
import {
  assertGradientsFlow,
  assertTensorClose,
  BACKENDS,
  randomizeParameters,
  randomSparse,
  randomTensor,
  useBackend,
} from "./_fixtures.ts";

Deno.test("Linear.forward() computes X W + b for dense and CSR input", () => {
  const lin = new Linear(6, 3);
  randomizeParameters(lin, 1);
  const { csr, dense } = randomSparse(2, 5, 6);
  const expected = tf.add(tf.matMul(dense, lin.weight as tf.Tensor2D), lin.bias!);
  assertTensorClose(lin.forward(dense), expected);
  assertTensorClose(lin.forward(csr), expected);
});

Deno.test("Linear without bias has only a weight, and gradients reach it", () => {
  const lin = new Linear(4, 2, { bias: false });
  assertEquals(lin.namedParameters().map(([n]) => n), ["weight"]);
  const x = randomTensor(3, [5, 4]);
  assertTensorClose(lin.forward(x), tf.matMul(x, lin.weight as tf.Tensor2D));
  assertGradientsFlow(lin, () => lin.forward(x));
});

Deno.test("Linear toString() and errors", () => {
  assertEquals(String(new Linear(16, 32)), "Linear(16, 32)");
  assertThrows(() => new Linear(0, 2), {
    message: "Cannot create Linear: inChannels must be a positive integer, got 0",
  });
  assertThrows(() => new Linear(3, 2).forward(tf.ones([2, 4]) as tf.Tensor2D), {
    message: "Cannot apply Linear: expected x with 3 columns, got 4",
  });
});

for (const backend of BACKENDS) {
  Deno.test(`Linear gradients match tf.matMul + tf.add on ${backend}`, async () => {
    await useBackend(backend);
    const lin = new Linear(6, 4);
    randomizeParameters(lin, 2);
    const x = randomTensor(4, [9, 6]);
    const r = randomTensor(5, [9, 4]);
    const [w, b] = [lin.weight, lin.bias!];
    const ours = tf.variableGrads(() => tf.sum(tf.mul(lin.forward(x), r)) as tf.Scalar, [w, b]);
    const oracle = tf.variableGrads(
      () => tf.sum(tf.mul(tf.add(tf.matMul(x, w as tf.Tensor2D), b), r)) as tf.Scalar,
      [w, b],
    );
    assertTensorClose(ours.grads[w.name], oracle.grads[w.name], 1e-4, "weight: ");
    assertTensorClose(ours.grads[b.name], oracle.grads[b.name], 1e-4, "bias: ");
  });
}
