/**
 * Builds a model by name, for configs and the command line.
 *
 * @module
 */
import { GAT } from "./gat.ts";
import { GCN } from "./gcn.ts";
import { GraphSAGE } from "./graph_sage.ts";
import { MLP } from "./mlp.ts";
import { type Model, MODEL_NAMES, type ModelConfig, type ModelName } from "./model.ts";
import { Ours, OURS_OPTION_KEYS, type OursOptions } from "./ours.ts";

const CONSTRUCTORS: Record<ModelName, new (config: ModelConfig & OursOptions) => Model> = {
  mlp: MLP,
  gcn: GCN,
  gat: GAT,
  sage: GraphSAGE,
  ours: Ours,
};

/**
 * Creates the model `name` (one of {@linkcode MODEL_NAMES}: `"mlp"`, `"gcn"`, `"gat"`,
 * `"sage"`, `"ours"`) with `config`, its defaults filled in and every value checked.
 *
 * @param name the model's registry name
 * @param config hyperparameters (see {@linkcode ModelConfig})
 * @returns a freshly initialised model (same `seed`, same weights)
 * @throws {RangeError} on an unknown name or an invalid config value (naming the key)
 *
 * @example
 * ```ts
 * import { createModel } from "./create_model.ts";
 * const model = createModel("gcn", { inChannels: 4, hiddenChannels: 8, outChannels: 2 });
 * if (model.name !== "gcn" || model.config.numLayers !== 2) throw new Error("unexpected");
 * ```
 */
export function createModel(
  name: ModelName | string,
  config: ModelConfig & OursOptions,
): Model {
  if (!(MODEL_NAMES as readonly string[]).includes(name)) {
    throw new RangeError(
      `Cannot create model "${name}": unknown name; expected one of ${MODEL_NAMES.join(", ")}`,
    );
  }
  const misplaced = name === "ours" ? undefined : OURS_OPTION_KEYS.find((k) => k in config);
  if (misplaced) {
    throw new RangeError(`Cannot create model "${name}": ${misplaced} applies to ours only`);
  }
  return new CONSTRUCTORS[name as ModelName](config);
}
