/**
 * Early stopping on a validation metric, keeping the best epoch's weights in memory.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { Monitor } from "./schedule.ts";

/** Options of {@linkcode EarlyStopping}. */
export interface EarlyStoppingOptions {
  /** Epochs without improvement before stopping (default: never stop, only track the best). */
  patience?: number;
  /** The watched value (default `"val_loss"`). */
  monitor?: Monitor;
}

/** What {@linkcode EarlyStopping.update} decided for one epoch. */
export type StopDecision = "improved" | "continue" | "stop";

/**
 * Tracks the best epoch by `monitor` (lower `val_loss`, or higher `val_acc` with ties broken by
 * lower `val_loss`), snapshots its weights on the device (no host sync) and says when `patience`
 * epochs have passed without improvement.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { EarlyStopping } from "./early_stopping.ts";
 * const w = tf.variable(tf.scalar(1));
 * const es = new EarlyStopping({ patience: 1 });
 * es.update(1, { valLoss: 0.5, valAcc: 0 }, [w]);
 * w.assign(tf.scalar(2));
 * es.update(2, { valLoss: 0.7, valAcc: 0 }, [w]);
 * if (es.update(3, { valLoss: 0.6, valAcc: 0 }, [w]) !== "stop") throw new Error("unexpected");
 * es.restore([w]);
 * if (w.dataSync()[0] !== 1 || es.bestEpoch !== 1) throw new Error("unexpected");
 * es.dispose();
 * ```
 */
export class EarlyStopping {
  /** Epochs without improvement before stopping. */
  readonly patience: number;
  /** What counts as improvement: lower `val_loss` or higher `val_acc`. */
  readonly monitor: Monitor;
  /** The best epoch so far (0 before any update). */
  bestEpoch = 0;
  /** Validation loss of the best epoch (`Infinity` before any update). */
  bestValLoss: number = Infinity;
  /** Validation accuracy of the best epoch (`-Infinity` before any update). */
  bestValAcc: number = -Infinity;
  #wait = 0;
  #snapshot: tf.Tensor[] = [];

  /** Validates the options; errors name the option. */
  constructor(options: EarlyStoppingOptions = {}) {
    const { patience, monitor = "val_loss" } = options;
    if (patience !== undefined && !(Number.isInteger(patience) && patience >= 0)) {
      throw new RangeError(
        `Cannot create early stopping: patience must be a non-negative integer, got ${patience}`,
      );
    }
    if (monitor !== "val_loss" && monitor !== "val_acc") {
      throw new RangeError(
        `Cannot create early stopping: monitor must be "val_loss" or "val_acc", got ${
          JSON.stringify(monitor)
        }`,
      );
    }
    this.patience = patience ?? Infinity;
    this.monitor = monitor;
  }

  /** Records an epoch; snapshots `params` when it is the best so far. */
  update(
    epoch: number,
    metrics: { valLoss: number; valAcc: number },
    params: readonly tf.Variable[],
  ): StopDecision {
    const { valLoss, valAcc } = metrics;
    const improved = this.monitor === "val_loss"
      ? valLoss < this.bestValLoss
      : valAcc > this.bestValAcc || (valAcc === this.bestValAcc && valLoss < this.bestValLoss);
    if (improved || this.bestEpoch === 0) {
      this.bestEpoch = epoch;
      this.bestValLoss = valLoss;
      this.bestValAcc = valAcc;
      this.#wait = 0;
      tf.dispose(this.#snapshot);
      this.#snapshot = params.map((p) => tf.keep(p.clone()));
      return "improved";
    }
    return ++this.#wait >= this.patience ? "stop" : "continue";
  }

  /** Copies the best weights back into `params` (same order as given to `update`). */
  restore(params: readonly tf.Variable[]): void {
    if (this.#snapshot.length !== params.length) {
      throw new RangeError(
        `Cannot restore best weights: saved ${this.#snapshot.length} parameters, got ${params.length}`,
      );
    }
    params.forEach((p, i) => p.assign(this.#snapshot[i]));
  }

  /** Frees the snapshot. */
  dispose(): void {
    tf.dispose(this.#snapshot);
    this.#snapshot = [];
  }
}
