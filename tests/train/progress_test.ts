import { formatProgress, Progress, progressTarget } from "../../lib/train/progress.ts";
import type { EpochRecord } from "../../lib/train/callbacks.ts";
import { assertEquals } from "../_assert.ts";

const record = (epoch: number): EpochRecord => ({
  epoch,
  trainLoss: 1 / epoch,
  trainAcc: 0.5,
  valLoss: 1,
  valAcc: 0.25,
  lr: 0.005,
  seconds: 0.1,
});

Deno.test("formatProgress() shows epoch, loss, val acc, lr, speed and ETA", () => {
  assertEquals(
    formatProgress(record(4), 100, 2),
    "epoch 4/100 | loss 0.2500 | val acc 0.2500 | lr 0.005 | 2.0 it/s | ETA 48s",
  );
  assertEquals(formatProgress(record(1), 601, 1).endsWith("ETA 10m00s"), true);
});

Deno.test("Progress behaviour in a terminal: one carriage-return line and a final newline", () => {
  let out = "";
  let t = 0;
  const p = new Progress(3, { target: { kind: "terminal", write: (s) => out += s }, now: () => t });
  for (let e = 1; e <= 3; e++) {
    t = e * 500; // 2 epochs per second
    p.update(record(e));
  }
  p.done();
  const parts = out.split("\r").slice(1);
  assertEquals(parts.length, 3);
  assertEquals(parts[0], `${formatProgress(record(1), 3, 2)}\x1b[K`);
  assertEquals(parts[2], `${formatProgress(record(3), 3, 2)}\x1b[K\n`);
  assertEquals(out.split("\n").length, 2);
});

Deno.test("Progress behaviour in a notebook: one display, updated, throttled", () => {
  const calls: { text: string; update: boolean }[] = [];
  let t = 0;
  const p = new Progress(11, {
    target: {
      kind: "jupyter",
      display: (bundle, { update }) => calls.push({ text: bundle["text/plain"], update }),
    },
    now: () => t,
  });
  for (let e = 1; e <= 11; e++) {
    t = e * 100; // 10 epochs a second: with 250 ms throttling every third epoch is drawn
    p.update(record(e));
  }
  p.done();
  // The last epoch fell inside the throttle window, so done() draws it.
  assertEquals(calls.map((c) => c.update), [false, true, true, true, true]);
  assertEquals(calls.map((c) => c.text.split(" ")[1]), ["1/11", "4/11", "7/11", "10/11", "11/11"]);
});

Deno.test("progressTarget() draws nothing when disabled or without a terminal", () => {
  assertEquals(progressTarget(false).kind, "none");
  // Under `deno test` stderr may be a terminal (interactive run) or not (CI): "auto" follows it.
  assertEquals(progressTarget("auto").kind, Deno.stderr.isTerminal() ? "terminal" : "none");
  assertEquals(progressTarget(true).kind, "terminal");
});
