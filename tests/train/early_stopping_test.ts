import * as tf from "@tensorflow/tfjs";
import { EarlyStopping } from "../../lib/train/early_stopping.ts";
import { assertEquals, assertThrows } from "../_assert.ts";
import { useCpu } from "./_fixtures.ts";

Deno.test("EarlyStopping behaviour: stops after patience epochs without a lower val_loss", async () => {
  await useCpu();
  const w = tf.variable(tf.scalar(0));
  const es = new EarlyStopping({ patience: 2 });
  const losses = [1.0, 0.8, 0.9, 0.8, 0.7, 0.75, 0.71];
  const decisions = losses.map((valLoss, i) => {
    w.assign(tf.scalar(i + 1));
    return es.update(i + 1, { valLoss, valAcc: 0 }, [w]);
  });
  // 0.8 (epoch 2) then 0.9, 0.8 (not strictly lower): stop at epoch 4 with patience 2.
  assertEquals(decisions.slice(0, 4), ["improved", "improved", "continue", "stop"]);
  assertEquals(es.bestEpoch, 5); // later updates still track the best
  es.restore([w]);
  assertEquals(w.dataSync()[0], 5);
  assertEquals([es.bestValLoss, es.bestValAcc], [0.7, 0]);
  es.dispose();
  w.dispose();
});

Deno.test("EarlyStopping behaviour: val_acc ties are broken by lower val_loss", async () => {
  await useCpu();
  const w = tf.variable(tf.scalar(0));
  const es = new EarlyStopping({ monitor: "val_acc" });
  const epochs = [
    { valAcc: 0.5, valLoss: 1 },
    { valAcc: 0.7, valLoss: 0.9 },
    { valAcc: 0.7, valLoss: 0.8 },
    { valAcc: 0.7, valLoss: 0.85 },
    { valAcc: 0.6, valLoss: 0.1 },
  ];
  const decisions = epochs.map((m, i) => es.update(i + 1, m, [w]));
  assertEquals(decisions, ["improved", "improved", "improved", "continue", "continue"]);
  assertEquals(es.bestEpoch, 3);
  es.dispose();
  w.dispose();
});

Deno.test("EarlyStopping rejects invalid options naming the option", () => {
  assertThrows(() => new EarlyStopping({ patience: -1 }), {
    message: "Cannot create early stopping: patience must be a non-negative integer, got -1",
  });
  assertThrows(() => new EarlyStopping({ monitor: "acc" as never }), {
    message: 'Cannot create early stopping: monitor must be "val_loss" or "val_acc", got "acc"',
  });
});
