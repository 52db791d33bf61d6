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
  /**
   * Replaces the default loss of a training step by named terms whose sum is minimised, e.g. a
   * learned graph's regularisers or self-supervised tasks next to the task loss. Called inside
   * the gradient scope right after `forward(..., { training: true })`, with that call's logits and
   * the default loss (mean cross-entropy over the labelled rows). Each term's value is recorded
   * per epoch in `EpochRecord.terms` (mean over the epoch's steps).
   */
  lossTerms?(
    logits: tf.Tensor2D,
    taskLoss: (logits: tf.Tensor2D) => tf.Scalar,
  ): Record<string, tf.Scalar>;
  /**
   * Called before each epoch's training steps, outside the gradient scope (e.g. to rebuild a
   * learned graph from the current representations). Returned numbers are recorded in that
   * epoch's `EpochRecord.terms`.
   */
  beforeEpoch?(
    epoch: number,
    x: tf.Tensor2D | CsrMatrix,
    adj: SparseAdjacency,
  ): Record<string, number> | void;
  /** Registry name, e.g. `"gcn"`. */
  readonly name?: string;
  /** The full configuration, stored in checkpoints. */
  readonly config?: unknown;
}
