import { cosineLr, createScheduler, ReduceLrOnPlateau, stepLr } from "../../lib/train/schedule.ts";
import { assertAllClose, assertEquals, assertThrows } from "../_assert.ts";

const metrics = { valLoss: 1, valAcc: 0.5 };

Deno.test("stepLr() matches PyTorch StepLR hand values", () => {
  // StepLR(lr=0.1, step_size=3, gamma=0.1): 0.1 for epochs 0-2, 0.01 for 3-5, 0.001 at 6.
  const got = [0, 1, 2, 3, 4, 5, 6].map((e) => stepLr(0.1, e, 3, 0.1));
  assertAllClose(got, [0.1, 0.1, 0.1, 0.01, 0.01, 0.01, 0.001], { atol: 1e-15 });
});

Deno.test("cosineLr() matches CosineAnnealingLR hand values", () => {
  // eta_t = eta_min + (lr - eta_min)(1 + cos(pi t / T)) / 2 with lr = 1, eta_min = 0.2, T = 4.
  const got = [0, 1, 2, 3, 4].map((e) => cosineLr(1, e, 4, 0.2));
  const c = Math.SQRT1_2; // cos(pi / 4)
  assertAllClose(got, [1, 0.2 + 0.8 * (1 + c) / 2, 0.6, 0.2 + 0.8 * (1 - c) / 2, 0.2], {
    atol: 1e-12,
  });
});

Deno.test("ReduceLrOnPlateau behaviour follows PyTorch (rel threshold, patience, cooldown)", () => {
  // Hand trace of torch ReduceLROnPlateau(mode="min", factor=0.5, patience=1, cooldown=1,
  // threshold=0.1): best starts at inf; an improvement needs value < best * 0.9.
  const s = new ReduceLrOnPlateau(1, { factor: 0.5, patience: 1, cooldown: 1, threshold: 0.1 });
  const values = [10, 9.5, 9.2, 8, 8, 8, 8, 8];
  // 10 best; 9.5 bad1; 9.2 bad2 > 1 -> 0.5, cooldown 1; 8 improves (best 8, bad 0, cooldown->0);
  // 8 bad1; 8 bad2 -> 0.25, cooldown 1; 8 bad1 then cooldown resets to 0; 8 bad1.
  assertEquals(values.map((v) => s.step(v)), [1, 1, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25]);
});

Deno.test("ReduceLrOnPlateau behaviour in max mode and minLr floor", () => {
  const s = new ReduceLrOnPlateau(1, { factor: 0.1, patience: 0, mode: "max", minLr: 0.05 });
  // patience 0: every non-improving step reduces; 1 * 0.1 = 0.1, then max(0.01, 0.05) = 0.05.
  assertAllClose([0.5, 0.6, 0.6, 0.6, 0.7].map((v) => s.step(v)), [1, 1, 0.1, 0.05, 0.05], {
    atol: 1e-12,
  });
});

Deno.test("createScheduler() advances once per step", () => {
  const step = createScheduler({ type: "step", stepSize: 2, gamma: 0.5 }, 0.8, 10);
  const lrs = [step.lr];
  for (let i = 0; i < 4; i++) lrs.push(step.step(metrics));
  assertAllClose(lrs, [0.8, 0.8, 0.4, 0.4, 0.2], { atol: 1e-12 });
  const cosine = createScheduler({ type: "cosine" }, 1, 2); // tMax defaults to epochs
  assertAllClose([cosine.lr, cosine.step(metrics), cosine.step(metrics)], [1, 0.5, 0], {
    atol: 1e-12,
  });
  const constant = createScheduler(undefined, 0.3, 5);
  assertEquals([constant.lr, constant.step(metrics)], [0.3, 0.3]);
  const plateau = createScheduler(
    { type: "plateau", factor: 0.5, patience: 0, monitor: "val_acc" },
    1,
    5,
  );
  assertEquals(plateau.step({ valLoss: 9, valAcc: 0.5 }), 1);
  assertEquals(plateau.step({ valLoss: 0, valAcc: 0.5 }), 0.5); // acc did not improve
});

Deno.test("createScheduler() rejects invalid configs naming the option", () => {
  const cases: [unknown, string][] = [
    [{ type: "linear" }, 'Cannot create schedule: unknown type "linear"'],
    [{ type: "step", stepSize: 0, gamma: 0.5 }, "stepSize must be a positive integer, got 0"],
    [{ type: "step", stepSize: 2, gamma: 0 }, "gamma must be positive, got 0"],
    [{ type: "cosine", tMax: -1 }, "tMax must be positive, got -1"],
    [{ type: "plateau", factor: 1, patience: 1 }, "factor must be in (0, 1), got 1"],
    [{ type: "plateau", factor: 0.5, patience: -1 }, "patience must be a non-negative integer"],
  ];
  for (const [config, message] of cases) {
    assertThrows(
      () => createScheduler(config as never, 0.1, 10),
      (e: Error) => e.message.includes(message),
      message,
    );
  }
});
