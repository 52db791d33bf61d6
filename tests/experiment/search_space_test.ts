import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { parseConfig } from "../../lib/config/experiment_config.ts";
import {
  applyParams,
  parseSearchSpace,
  randomSampler,
  type SearchSpace,
} from "../../lib/experiment/search_space.ts";

const SPACE: SearchSpace = {
  "train.lr": { type: "float", low: 0.001, high: 0.1, log: true },
  "model.dropout": { type: "float", low: 0, high: 0.8, step: 0.1 },
  "train.weightDecay": { type: "float", low: 0, high: 0.01 },
  "model.hiddenChannels": { type: "categorical", choices: [16, 32, 64, 128] },
  "model.learnedGraph": { type: "categorical", choices: [null, { k: 5, mix: 0.9 }] },
};

Deno.test("randomSampler() gives the same trials for the same seed, and trial t alone", () => {
  const trials = (seed: number) =>
    Array.from({ length: 20 }, (_, t) => randomSampler(seed).sample(SPACE, t));
  assertEquals(trials(3), trials(3));
  assert(JSON.stringify(trials(3)) !== JSON.stringify(trials(4)), "another seed, other trials");
  // Trial 7 does not depend on the trials drawn before it (a resumed study draws the same).
  const fresh = randomSampler(3);
  const used = randomSampler(3);
  for (let t = 0; t < 7; t++) used.sample(SPACE, t);
  assertEquals(used.sample(SPACE, 7), fresh.sample(SPACE, 7));
  assertEquals(randomSampler(3).description, { type: "random", seed: 3 });
  // Keys in the space's order, each drawn once.
  assertEquals(Object.keys(trials(3)[5]), Object.keys(SPACE));
});

Deno.test("randomSampler() covers the space: every choice, the grid, both ends of the ranges", () => {
  const sampler = randomSampler(0);
  const draws = Array.from({ length: 400 }, (_, t) => sampler.sample(SPACE, t));
  const values = (key: string) => draws.map((d) => d[key]);
  const lr = values("train.lr") as number[];
  assert(lr.every((v) => v >= 0.001 && v <= 0.1), "lr within [low, high]");
  // Log-uniform: about half the draws below the geometric middle 0.01, some in each decade end.
  const below = lr.filter((v) => v < 0.01).length / lr.length;
  assert(below > 0.4 && below < 0.6, `log-uniform: ${below} of the draws below 0.01`);
  assert(lr.some((v) => v < 0.002) && lr.some((v) => v > 0.05), "both ends reached");
  const grid = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8];
  assertEquals([...new Set(values("model.dropout"))].sort(), grid, "every grid point, only those");
  const wd = values("train.weightDecay") as number[];
  assert(wd.every((v) => v >= 0 && v <= 0.01), "linear range within [low, high]");
  const upper = wd.filter((v) => v > 0.005).length / wd.length;
  assert(upper > 0.4 && upper < 0.6, `uniform: ${upper} of the draws in the upper half`);
  assertEquals(
    [...new Set(values("model.hiddenChannels"))].sort((a, b) => Number(a) - Number(b)),
    [16, 32, 64, 128],
  );
  const graphs = values("model.learnedGraph");
  assert(graphs.includes(null) && graphs.some((g) => g !== null), "both categorical objects");
  // Floats keep four significant digits, so written configs stay readable.
  assert(lr.every((v) => Number(v.toPrecision(4)) === v), "rounded to 4 significant digits");
});

Deno.test("randomSampler() and sample() reject a bad seed or trial number", () => {
  assertThrows(() => randomSampler(-1), {
    message: "Cannot create randomSampler: seed must be a non-negative integer, got -1",
  });
  assertThrows(() => randomSampler(0).sample(SPACE, 1.5), {
    message: "Cannot sample: trial must be a non-negative integer, got 1.5",
  });
});

Deno.test("parseSearchSpace() rejects bad spaces naming the key", () => {
  const cases: [unknown, string][] = [
    [[], "expected a mapping of config keys to distributions, got []"],
    [{}, "it has no keys"],
    [{ lr: { type: "float", low: 0, high: 1 } }, "key lr must be a dotted model.* or train.*"],
    [{ "dataset.x": { type: "float", low: 0, high: 1 } }, "key dataset.x must be a dotted"],
    [{ "train.epochs": { type: "categorical", choices: [100] } }, "key train.epochs is fixed"],
    [{ "model.name": { type: "categorical", choices: ["gcn"] } }, "key model.name is fixed"],
    [{ "train.lr": 0.01 }, "train.lr must be a mapping with a type, got 0.01"],
    [
      { "train.lr": { type: "int", low: 1, high: 2 } },
      'train.lr.type must be categorical or float, got "int"',
    ],
    [
      { "train.lr": { type: "categorical", choices: [] } },
      "train.lr.choices must be a non-empty list",
    ],
    [
      { "train.lr": { type: "float", low: 1, high: 0.1 } },
      "train.lr.low must be below train.lr.high",
    ],
    [
      { "train.lr": { type: "float", low: "a", high: 1 } },
      'train.lr.low must be a number, got "a"',
    ],
    [
      { "train.lr": { type: "float", low: 0, high: 1, log: true } },
      "train.lr.low must be > 0 with log",
    ],
    [
      { "train.lr": { type: "float", low: 0, high: 1, step: 0 } },
      "train.lr.step must be a positive",
    ],
    [{ "train.lr": { type: "float", low: 0, high: 1, lg: true } }, "unknown key train.lr.lg"],
  ];
  for (const [space, message] of cases) {
    assertThrows(() => parseSearchSpace(space, "s.yaml"), (e: Error) => {
      assert(e.message.startsWith("Invalid search space s.yaml: "), e.message);
      assert(e.message.includes(message), `${e.message}\n  should include: ${message}`);
      return true;
    });
  }
});

Deno.test("applyParams() sets dotted keys, removes a key for null, checks values, copies", () => {
  const base = parseConfig({
    dataset: "texas",
    model: { name: "ours", learnedGraph: { k: 5 } },
  });
  const config = applyParams(base, {
    "train.lr": 0.002,
    "model.learnedGraph": null,
    "model.regularization.smoothness": 0.5,
  });
  assertEquals(config.train.lr, 0.002);
  assertEquals("learnedGraph" in config.model, false);
  assertEquals(config.model.regularization, { smoothness: 0.5 });
  assertEquals(base.model.learnedGraph, { k: 5 }, "the base config is not changed");
  assertEquals(base.train.lr, 0.01);
  assertThrows(() => applyParams(base, { "model.dropout": 1.5 }), (e: Error) => {
    assert(e.message.includes("model.dropout must be <= 0.999, got 1.5"), e.message);
    return true;
  });
  assertThrows(() => applyParams(base, { "model.hidenChannels": 3 }), (e: Error) => {
    assert(e.message.includes("unknown key model.hidenChannels"), e.message);
    return true;
  });
});
