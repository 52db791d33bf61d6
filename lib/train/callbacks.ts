/**
 * Hooks into the training loop.
 *
 * @module
 */
import type { TrainableModel } from "./trainable_model.ts";

/** One epoch's record (metrics in eval mode, no dropout; test metrics are never logged). */
export interface EpochRecord {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean cross-entropy over the training nodes. */
  trainLoss: number;
  /** Accuracy on the training nodes. */
  trainAcc: number;
  /** Mean cross-entropy over the validation nodes. */
  valLoss: number;
  /** Accuracy on the validation nodes. */
  valAcc: number;
  /** Never present: test accuracy is computed once, after training (`TrainResult.test`). */
  testAcc?: never;
  /** The learning rate used in this epoch. */
  lr: number;
  /** Wall time of this epoch, including evaluation. */
  seconds: number;
  /** Models with `lossTerms` or `beforeEpoch`: each named loss term or graph statistic. */
  terms?: Record<string, number>;
}

/** What callbacks see besides the record. */
export interface TrainContext {
  /** The model being trained. */
  readonly model: TrainableModel;
  /** The planned number of epochs. */
  readonly epochs: number;
  /** The epoch history so far (the current record included). */
  readonly history: readonly EpochRecord[];
}

/**
 * A training hook; every method is optional and may be async. Returning `"stop"` from
 * `onEpochEnd` ends training after that epoch (the best epoch's weights are still restored).
 *
 * @example
 * ```ts
 * import type { Callback } from "./callbacks.ts";
 * const stopAt5: Callback = { onEpochEnd: (record) => record.epoch >= 5 ? "stop" : undefined };
 * if (stopAt5.onEpochEnd === undefined) throw new Error("unexpected");
 * ```
 */
export interface Callback {
  /** Called once before the first epoch. */
  onTrainBegin?(context: TrainContext): void | Promise<void>;
  /** Called after each epoch with its record; `"stop"` ends training. */
  onEpochEnd?(
    record: EpochRecord,
    context: TrainContext,
  ): void | "stop" | Promise<void | "stop">;
  /** Called once at the end, with the best epoch's weights restored and tested. */
  onTrainEnd?(context: TrainContext): void | Promise<void>;
}
