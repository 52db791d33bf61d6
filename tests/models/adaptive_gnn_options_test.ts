import { parseConfig } from "../../lib/config/experiment_config.ts";
import { createModel } from "../../lib/models/create_model.ts";
import {
  ADAPTIVE_GNN_RANGES,
  describeRange,
  type OptionRange,
  rangeViolation,
  resolveAdaptiveGNNConfig,
} from "../../lib/models/adaptive_gnn_options.ts";
import { assertEquals, assertThrows } from "../_assert.ts";

const CHANNELS = { inChannels: 4, hiddenChannels: 4, outChannels: 2 };

/** A value just outside `range` (or of the wrong type for a boolean). */
function badValue(range: OptionRange): unknown {
  if (range.type === "boolean") return "yes";
  if (range.type === "integer") return range.min - 1;
  if (range.min !== undefined) return range.exclusiveMin ? range.min : range.min - 0.5;
  return range.max !== undefined ? range.max + 0.5 : "a string";
}

/** Every option of the table as `[path, value]`, nested options as `{ part: { key: value } }`. */
function everyOption(): [string, Record<string, unknown>, OptionRange][] {
  const out: [string, Record<string, unknown>, OptionRange][] = [];
  for (const [key, range] of Object.entries(ADAPTIVE_GNN_RANGES)) {
    if ("type" in range) {
      out.push([key, { [key]: badValue(range) }, range]);
      continue;
    }
    for (const [field, fieldRange] of Object.entries(range as Record<string, OptionRange>)) {
      out.push([`${key}.${field}`, { [key]: { [field]: badValue(fieldRange) } }, fieldRange]);
    }
  }
  return out;
}

function message(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected an error");
}

Deno.test("a bad AdaptiveGNN option gives the same key-naming error via the model and a config", () => {
  const options = everyOption();
  // The table covers every option, nested ones included.
  assertEquals(options.length, 7 + 9 + 3 + 3);
  for (const [path, patch, range] of options) {
    const fromModel = message(() => createModel("adaptive", { ...CHANNELS, ...patch }));
    const fromConfig = message(() =>
      parseConfig({ dataset: "cora", model: { name: "adaptive", ...patch } }, "x.yaml")
    );
    const detail = `${path} must be ${describeRange(range)}, got `;
    assertEquals(
      fromModel.startsWith(`Cannot create model "adaptive": ${detail}`),
      true,
      fromModel,
    );
    assertEquals(fromConfig, `Invalid config x.yaml: model.${fromModel.split(": ")[1]}`, path);
  }
});

Deno.test("rangeViolation() states each kind of range", () => {
  const cases: [OptionRange, unknown, string | undefined][] = [
    [ADAPTIVE_GNN_RANGES.samples, 0, "samples must be a positive integer, got 0"],
    [ADAPTIVE_GNN_RANGES.samples, 2.5, "samples must be a positive integer, got 2.5"],
    [ADAPTIVE_GNN_RANGES.samples, 3, undefined],
    [ADAPTIVE_GNN_RANGES.dropNode, 1, "samples must be in [0, 1), got 1"],
    [ADAPTIVE_GNN_RANGES.dropNode, 0, undefined],
    [ADAPTIVE_GNN_RANGES.teleport, 0, "samples must be in (0, 1], got 0"],
    [ADAPTIVE_GNN_RANGES.teleport, 1, undefined],
    [ADAPTIVE_GNN_RANGES.learnedGraph.mix, 1, "samples must be in (0, 1), got 1"],
    [ADAPTIVE_GNN_RANGES.consistency, -1, "samples must be a finite number >= 0, got -1"],
    [
      ADAPTIVE_GNN_RANGES.consistency,
      Infinity,
      "samples must be a finite number >= 0, got Infinity",
    ],
    [ADAPTIVE_GNN_RANGES.temperature, 0, "samples must be a finite number > 0, got 0"],
    [ADAPTIVE_GNN_RANGES.learnedGraph.learnMix, "no", 'samples must be true or false, got "no"'],
    [ADAPTIVE_GNN_RANGES.learnedGraph.learnMix, false, undefined],
    [ADAPTIVE_GNN_RANGES.steps, "3", 'samples must be a positive integer, got "3"'],
    [ADAPTIVE_GNN_RANGES.steps, [3], "samples must be a positive integer, got a list"],
  ];
  for (const [range, value, expected] of cases) {
    assertEquals(rangeViolation("samples", value, range), expected, String(value));
  }
});

Deno.test("resolveAdaptiveGNNConfig() fills the defaults and checks what ranges cannot", () => {
  const c = resolveAdaptiveGNNConfig({ ...CHANNELS, samples: 2 });
  assertEquals(
    [c.inputDropout, c.dropout, c.dropNode, c.samples, c.steps, c.consistency, c.temperature],
    [0.5, 0.5, 0.5, 2, 8, 1, 0.5],
  );
  assertEquals(c.learnedGraph, undefined);
  assertThrows(
    () => resolveAdaptiveGNNConfig({ ...CHANNELS, learnedGraph: { anchors: 4, k: 5 } }),
    RangeError,
    'Cannot create model "adaptive": learnedGraph.k must be at most learnedGraph.anchors (4), got 5',
  );
  assertThrows(
    () => resolveAdaptiveGNNConfig({ ...CHANNELS, learnedGraph: 3 as never }),
    RangeError,
    "learnedGraph must be an object, got 3",
  );
  assertThrows(
    () => resolveAdaptiveGNNConfig({ ...CHANNELS, hiddenChannels: 0 }),
    RangeError,
    "hiddenChannels must be a positive integer, got 0",
  );
});
