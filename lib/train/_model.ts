/**
 * The parts of a model (lib/models `Model`) the trainer relies on, as a structural type so that
 * any Module with a logits `forward` trains.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";
import type { CsrMatrix } from "../graph/matrix.ts";
import type { Rng } from "../random/rng.ts";
import type { SparseAdjacency } from "../sparse/adjacency.ts";

/** What a model's `forward` takes besides inputs: training mode and the dropout stream. */
export interface TrainForwardOptions {
  training?: boolean;
  rng?: Rng;
}

/** A node classifier the trainer can fit: lib/models' `Model` satisfies it. */
export interface TrainableModel {
  /** Logits `[N, C]` for node features `x` over the raw adjacency `adj`. */
  forward(
    x: tf.Tensor2D | CsrMatrix,
    adj: SparseAdjacency,
    options?: TrainForwardOptions,
  ): tf.Tensor2D;
  /** Trainable weights with stable dotted names. */
  namedParameters(): [string, tf.Variable][];
  /** The weights Kipf & Welling decay (first layer only), when the model defines them. */
  firstLayerParameters?(): tf.Variable[];
  /** Registry name, e.g. `"gcn"`. */
  readonly name?: string;
  /** The full configuration, stored in checkpoints. */
  readonly config?: unknown;
}
