/**
 * Builds a model by name, for configs and the command line.
 *
 * @module
 */
import { AdaptiveGNN } from "./adaptive_gnn.ts";
import { ADAPTIVE_GNN_RANGES, type AdaptiveGNNOptions } from "./adaptive_gnn_options.ts";
import { GAT } from "./gat.ts";
import { GCN } from "./gcn.ts";
import { GraphSAGE } from "./graph_sage.ts";
import { MLP } from "./mlp.ts";
import {
  canonicalModelName,
  type Model,
  MODEL_ALIASES,
  MODEL_NAMES,
  type ModelConfig,
  type ModelName,
} from "./model.ts";

const CONSTRUCTORS: Record<ModelName, new (config: ModelConfig & AdaptiveGNNOptions) => Model> = {
  mlp: MLP,
  gcn: GCN,
  gat: GAT,
  sage: GraphSAGE,
  adaptive: AdaptiveGNN,
};

const ADAPTIVE_ONLY = Object.keys(ADAPTIVE_GNN_RANGES);

/**
 * Creates the model `name` (one of {@linkcode MODEL_NAMES}: `"mlp"`, `"gcn"`, `"gat"`,
 * `"sage"`, `"adaptive"`; or an alias of {@linkcode MODEL_ALIASES}, `"ours"` for `"adaptive"`)
 * with `config`, its defaults filled in and every value checked.
 *
 * @param name the model's registry name or an alias
 * @param config hyperparameters (see {@linkcode ModelConfig}, and {@linkcode AdaptiveGNNOptions}
 * for `"adaptive"`)
 * @returns a freshly initialised model (same `seed`, same weights)
 * @throws {RangeError} on an unknown name or an invalid config value (naming the key)
 *
 * @example
 * ```ts
 * import { createModel } from "./create_model.ts";
 * const model = createModel("gcn", { inChannels: 4, hiddenChannels: 8, outChannels: 2 });
 * if (model.name !== "gcn" || model.config.numLayers !== 2) throw new Error("unexpected");
 * // "ours", the paper's name, is an alias of "adaptive".
 * const adaptive = createModel("ours", { inChannels: 4, hiddenChannels: 8, outChannels: 2 });
 * if (adaptive.name !== "adaptive") throw new Error("unexpected");
 * ```
 */
export function createModel(
  name: ModelName | string,
  config: ModelConfig & AdaptiveGNNOptions,
): Model {
  const canonical = canonicalModelName(name);
  if (!(MODEL_NAMES as readonly string[]).includes(canonical)) {
    const aliases = Object.entries(MODEL_ALIASES).map(([a, n]) => `"${a}" for ${n}`).join(", ");
    throw new RangeError(
      `Cannot create model "${name}": unknown name; expected one of ${
        MODEL_NAMES.join(", ")
      } (or ${aliases})`,
    );
  }
  const misplaced = canonical === "adaptive" ? undefined : ADAPTIVE_ONLY.find((k) => k in config);
  if (misplaced) {
    throw new RangeError(`Cannot create model "${name}": ${misplaced} applies to adaptive only`);
  }
  return new CONSTRUCTORS[canonical as ModelName](config);
}
