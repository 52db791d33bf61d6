/**
 * The parts of a model (lib/models `Model`) the trainer relies on, as a structural type so that
 * any Module with a logits `forward` trains, and what its training forward may return.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { ForwardOptions, NodeFeatures } from "../nn/module.ts";
import type { SparseAdjacency } from "../sparse/adjacency.ts";

/**
 * What a training forward returns: the logits and whatever the model's `lossTerms` needs besides
 * them. In mini-batch training the trainer cuts `logits` and every tensor of `perNode` to the
 * batch's seed rows before `lossTerms` sees them; other fields pass as they are.
 */
export interface TrainingOutput {
  /** Logits `[N, C]`. */
  logits: tf.Tensor2D;
  /** More per-node tensors `[N, ...]`, rows aligned with `logits` (e.g. several samples' logits). */
  perNode?: Record<string, tf.Tensor[]>;
}

/**
 * `output` with `logits` and every `perNode` tensor cut to their first `rows` rows (a
 * mini-batch's seed nodes come first).
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { seedRows } from "./trainable_model.ts";
 * const logits = tf.zeros([5, 2]) as tf.Tensor2D;
 * const cut = seedRows({ logits, perNode: { samples: [logits, tf.ones([5, 2])] } }, 3);
 * if (cut.logits.shape[0] !== 3 || cut.perNode!.samples[1].shape[0] !== 3) {
 *   throw new Error("unexpected");
 * }
 * ```
 */
export function seedRows<T extends TrainingOutput>(output: T, rows: number): T {
  const cut = <U extends tf.Tensor>(t: U): U => tf.slice(t, 0, rows) as U;
  const perNode = output.perNode &&
    Object.fromEntries(Object.entries(output.perNode).map(([k, ts]) => [k, ts.map(cut)]));
  return { ...output, logits: cut(output.logits), ...(perNode && { perNode }) };
}

/** A node classifier the trainer can fit: lib/models' `Model` satisfies it. */
export interface TrainableModel {
  /** Logits `[N, C]` for node features `x` over the raw adjacency `adj`. */
  forward(
    x: NodeFeatures,
    adj: SparseAdjacency,
    options?: ForwardOptions,
  ): tf.Tensor2D;
  /** Trainable weights with stable dotted names. */
  namedParameters(): [string, tf.Variable][];
  /** The weights Kipf & Welling decay (first layer only), when the model defines them. */
  firstLayerParameters?(): tf.Variable[];
  /**
   * The training forward, when the loss needs more than the logits (e.g. several stochastic
   * samples, or a learned graph): called instead of `forward(..., { training: true })`, its output
   * goes to `lossTerms`.
   */
  trainingForward?(
    x: NodeFeatures,
    adj: SparseAdjacency,
    options?: ForwardOptions,
  ): TrainingOutput;
  /**
   * Replaces the default loss of a training step by named terms whose sum is minimised, e.g. a
   * learned graph's regularisers or self-supervised tasks next to the task loss. Called inside
   * the gradient scope right after the training forward, with its output (`trainingForward`'s, or
   * `{ logits }` of `forward(..., { training: true })`; cut to the seed rows in mini-batch mode)
   * and the default loss (mean cross-entropy over the labelled rows). Each term's value is
   * recorded per epoch in `EpochRecord.terms` (mean over the epoch's steps).
   */
  lossTerms?(
    output: TrainingOutput,
    taskLoss: (logits: tf.Tensor2D) => tf.Scalar,
  ): Record<string, tf.Scalar>;
  /**
   * Called before each epoch's training steps, outside the gradient scope (e.g. to rebuild a
   * learned graph from the current representations). Returned numbers are recorded in that
   * epoch's `EpochRecord.terms`.
   */
  beforeEpoch?(
    epoch: number,
    x: NodeFeatures,
    adj: SparseAdjacency,
  ): Record<string, number> | void;
  /** Registry name, e.g. `"gcn"`. */
  readonly name?: string;
  /** The full configuration, stored in checkpoints. */
  readonly config?: unknown;
}
