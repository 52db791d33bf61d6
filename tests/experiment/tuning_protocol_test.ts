import { assert, assertEquals, assertThrows } from "../_assert.ts";
import { parse } from "yaml";
import { parseConfig } from "../../lib/config/experiment_config.ts";
import { createModel } from "../../lib/models/create_model.ts";
import { csbm } from "../../lib/datasets/synthetic.ts";
import { applyParams, type Distribution, type Params } from "../../lib/experiment/search_space.ts";
import {
  DEFAULT_TUNING_PROTOCOL,
  loadTuningProtocol,
  parseTuningProtocol,
  trialZeroConfig,
} from "../../lib/experiment/tuning_protocol.ts";

const SHARED = ["train.lr", "train.weightDecay", "model.hiddenChannels", "model.dropout"];

// The values at one end of every distribution: the lows and first choices, or highs and lasts.
function extreme(space: Record<string, Distribution>, end: "low" | "high"): Params {
  return Object.fromEntries(
    Object.entries(space).map(([key, d]) => [
      key,
      d.type === "categorical" ? d.choices[end === "low" ? 0 : d.choices.length - 1] : d[end],
    ]),
  );
}

Deno.test("the committed protocol: one budget, one training rule, the shared keys in every space", async () => {
  const protocol = await loadTuningProtocol();
  assertEquals(protocol.source, "configs/search/comparison.yaml");
  assertEquals(protocol.budget, { trials: 10, selectionSeeds: 2, seeds: 10, samplerSeed: 0 });
  assertEquals(protocol.train.monitor, "val_acc");
  assert(protocol.train.patience! > 0 && protocol.train.epochs >= protocol.train.patience!);
  assertEquals(Object.keys(protocol.spaces).sort(), ["adaptive", "gat", "gcn", "mlp", "sage"]);
  for (const [model, space] of Object.entries(protocol.spaces)) {
    for (const key of SHARED) assert(key in space, `${model} does not search ${key}`);
    // Comparable sizes: each model adds at most 6 keys of its own to the 4 shared ones.
    const own = Object.keys(space).length - SHARED.length;
    assert(own >= 1 && own <= 6, `${model} has ${own} keys of its own`);
  }
  for (const [name, table] of Object.entries(protocol.tables)) {
    for (const model of table.models) assert(model in protocol.spaces, `${name}: ${model}`);
  }
  assertEquals(protocol.tables.planetoid.datasets, ["cora", "citeseer"]);
  assertEquals(protocol.tables.heterophilous.datasets.length, 5);
  // The honesty note about the adaptive model's space stays in the file.
  const text = await Deno.readTextFile(DEFAULT_TUNING_PROTOCOL);
  assert(/HONESTY NOTE: this file was written after test results/.test(text));
});

Deno.test("every value of every committed space builds its model: trial 0 and the extremes", async () => {
  const protocol = await loadTuningProtocol();
  // Several stored splits (like the Geom-GCN sets) give the per-seed split.
  const multi = csbm({ numNodes: 60, seed: 0 });
  const data = { ...multi, splits: [multi.splits[0], multi.splits[0]] };
  for (const [model, space] of Object.entries(protocol.spaces)) {
    const zero = trialZeroConfig(protocol, data, model);
    assertEquals(zero.split, { type: "per-seed" });
    const defaults = parseConfig({ dataset: "any", model: { name: model as "gcn" } }).model;
    assertEquals(zero.model, defaults, "the model's library defaults, nothing else");
    assertEquals(
      { epochs: zero.train.epochs, patience: zero.train.patience, monitor: zero.train.monitor },
      protocol.train,
    );
    const trials: Params[] = [{}, extreme(space, "low"), extreme(space, "high")];
    // And every categorical choice on its own.
    for (const [key, d] of Object.entries(space)) {
      if (d.type === "categorical") {
        for (const choice of d.choices) trials.push({ [key]: choice });
      }
    }
    for (const params of trials) {
      const { name, ...hyper } = applyParams(zero, params).model;
      const built = createModel(name, { ...hyper, inChannels: 12, outChannels: 3 });
      built.dispose();
    }
  }
  assertEquals(trialZeroConfig(protocol, csbm({ numNodes: 60, seed: 0 }), "gcn").split, {
    type: "default",
  });
});

Deno.test("parseTuningProtocol() rejects bad protocols naming the key", async () => {
  const good = parse(await Deno.readTextFile(DEFAULT_TUNING_PROTOCOL)) as Record<string, unknown>;
  const cases: [Record<string, unknown>, string][] = [
    [{ ...good, extra: 1 }, "unknown key extra"],
    [
      { ...good, budget: { ...good.budget as object, trials: 0 } },
      "budget.trials must be an integer >= 1, got 0",
    ],
    [
      { ...good, train: { epochs: 100, monitor: "val_acc" } },
      "train must set epochs, patience and monitor",
    ],
    [
      { ...good, train: { epochs: 100, patience: 10, monitor: "val_acc", lr: 0.1 } },
      "unknown key train.lr",
    ],
    [
      { ...good, train: { epochs: 0, patience: 10, monitor: "val_acc" } },
      "train.epochs must be >= 1",
    ],
    [
      {
        ...good,
        models: {
          ...good.models as object,
          gcn: { "train.patience": { type: "categorical", choices: [5] } },
        },
      },
      "key train.patience is fixed by the comparison",
    ],
    [
      { ...good, tables: { t: { datasets: ["cora"], models: ["gin"] } } },
      "tables.t.models names gin, which has no search space in models",
    ],
    [
      { ...good, tables: { t: { datasets: [], models: ["gcn"] } } },
      "tables.t.datasets must be a non-empty list",
    ],
  ];
  for (const [value, message] of cases) {
    assertThrows(() => parseTuningProtocol(value, "p.yaml"), (e: Error) => {
      assert(e.message.startsWith("Invalid "), e.message);
      assert(e.message.includes("p.yaml"), e.message);
      assert(e.message.includes(message), `${e.message}\n  should include: ${message}`);
      return true;
    });
  }
});
