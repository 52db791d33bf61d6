import { assertEquals, assertRejects, assertThrows } from "../_assert.ts";
import { loadConfig, parseConfig } from "../../lib/config/experiment_config.ts";
import { createModel } from "../../lib/models/create_model.ts";
import { withTempDir } from "../_temp.ts";
import { TRAIN_DEFAULTS } from "../../lib/train/train_options.ts";

const BASE = { dataset: "cora", model: { name: "gcn" } };

Deno.test("parseConfig() rejects bad configs naming the key", () => {
  const cases: [unknown, string][] = [
    [{ ...BASE, epoch: 3 }, "unknown key epoch (expected one of dataset, split, model"],
    [{ ...BASE, model: { name: "gnc" } }, "model.name must be one of mlp, gcn, gat, sage"],
    [{ ...BASE, train: { lr: -1 } }, "train.lr must be > 0, got -1"],
    [{ ...BASE, train: { epochs: 2.5 } }, "train.epochs must be an integer, got 2.5"],
    [{ ...BASE, model: { name: "gcn", dropout: 1 } }, "model.dropout must be <= 0.999, got 1"],
    [{ ...BASE, train: { schedule: { type: "warp" } } }, "train.schedule.type must be one of"],
    [
      { ...BASE, train: { schedule: { type: "step", stepSize: 10 } } },
      "missing key train.schedule.gamma",
    ],
    [{ ...BASE, train: { fanouts: [] } }, "train.fanouts must be a non-empty list"],
    [{ ...BASE, train: { fanouts: [10, 0] } }, "train.fanouts[1] must be >= 1, got 0"],
    [{ ...BASE, split: { type: "index", index: "0" } }, 'split.index must be a number, got "0"'],
    [{ model: { name: "gcn" } }, "missing key dataset"],
    [["cora"], "the file must be a mapping, got a list"],
  ];
  for (const [value, message] of cases) {
    assertThrows(() => parseConfig(value, "x.yaml"), (e: Error) => {
      assertEquals(e.message.startsWith("Invalid config x.yaml: "), true, e.message);
      assertEquals(e.message.includes(message), true, `${e.message}\n  should include ${message}`);
      return true;
    });
  }
});

Deno.test("parseConfig() reads the alias ours as the registry name adaptive", () => {
  const config = parseConfig({ dataset: "texas", model: { name: "ours", samples: 2 } });
  assertEquals(config.model.name, "adaptive");
  assertEquals(config.model.samples, 2);
  assertThrows(
    () => parseConfig({ dataset: "texas", model: { name: "Ours" } }, "x.yaml"),
    Error,
    'model.name must be one of mlp, gcn, gat, sage, adaptive, ours, got "Ours"',
  );
});

Deno.test("parseConfig() fills defaults and keeps given values", () => {
  const config = parseConfig({ ...BASE, train: { lr: 0.005 }, seed: 3 });
  assertEquals(config.train.lr, 0.005);
  assertEquals(config.train.epochs, 200);
  assertEquals(config.seed, 3);
  assertEquals(config.split, { type: "default" });
});

Deno.test("loadConfig() reads every shipped config and names a broken file", async () => {
  const root = new URL("../../configs/", import.meta.url);
  for (const dir of ["", "paper/", "tuned/"]) {
    // configs/tuned/ exists once `deno task compare` has run.
    const entries = await Array.fromAsync(Deno.readDir(new URL(dir, root))).catch((e) => {
      if (e instanceof Deno.errors.NotFound && dir === "tuned/") return [];
      throw e;
    });
    for (const entry of entries) {
      if (!entry.name.endsWith(".yaml")) continue;
      const config = await loadConfig(new URL(dir + entry.name, root).pathname);
      assertEquals(entry.name.startsWith(config.dataset), true, entry.name);
      assertEquals(entry.name.includes(config.model.name), true, entry.name);
    }
  }
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(`${dir}/bad.yaml`, "dataset: [cora\n");
    await assertRejects(() => loadConfig(`${dir}/bad.yaml`), /Cannot parse config .*bad\.yaml/);
    await assertRejects(() => loadConfig(`${dir}/missing.yaml`), /Cannot read config .*missing/);
  });
});

Deno.test("parseConfig() takes its training defaults from TRAIN_DEFAULTS, as train() does", () => {
  const config = parseConfig(BASE);
  const { normalizeFeatures, seed, ...trainDefaults } = TRAIN_DEFAULTS;
  assertEquals(config.train, trainDefaults);
  assertEquals([config.normalizeFeatures, config.seed], [normalizeFeatures, seed]);
  // The values a PyG user expects for the Planetoid examples (lib/train/train_options.ts says why).
  assertEquals(trainDefaults, {
    epochs: 200,
    lr: 0.01,
    weightDecay: 5e-4,
    weightDecayOn: "all",
    monitor: "val_acc",
    schedule: { type: "constant" },
  });
  assertEquals(normalizeFeatures, true);
});

Deno.test("the PubMed and ogbn-arxiv configs build their models at the data sets' sizes", async () => {
  // The mirror lacks their features (MANIFEST.md), so these configs cannot train here; they must
  // at least be right for a user who has the files: PubMed 500 features and 3 classes,
  // ogbn-arxiv 128 features and 40 classes (the sizes the loaders' docs and OGB give).
  const sizes = { pubmed: [500, 3], "ogbn-arxiv": [128, 40] } as const;
  const root = new URL("../../configs/", import.meta.url).pathname;
  const expected = {
    "": ["adaptive", "gat", "gcn", "sage"],
    "paper/": ["gat", "gcn", "sage"],
  };
  for (const [dir, models] of Object.entries(expected)) {
    for (const [dataset, [inChannels, outChannels]] of Object.entries(sizes)) {
      for (const model of models) {
        const config = await loadConfig(`${root}${dir}${dataset}-${model}.yaml`);
        assertEquals([config.dataset, config.model.name], [dataset, model]);
        assertEquals(config.split, { type: "default" });
        const { name, ...hyper } = config.model;
        createModel(name, { ...hyper, inChannels, outChannels }).dispose();
      }
    }
  }
});
