/**
 * Learning-rate schedules with PyTorch's formulas: constant, step decay (`StepLR`), cosine
 * annealing (`CosineAnnealingLR`) and reduce-on-plateau (`ReduceLROnPlateau`).
 *
 * @module
 */

/** Which value a plateau schedule or early stopping watches. */
export type Monitor = "val_loss" | "val_acc";

/** A learning-rate schedule, as given in `TrainOptions.schedule`. */
export type ScheduleConfig =
  | { type: "constant" }
  | { type: "step"; stepSize: number; gamma: number }
  | { type: "cosine"; tMax?: number; etaMin?: number }
  | {
    type: "plateau";
    factor: number;
    patience: number;
    minLr?: number;
    monitor?: Monitor;
    threshold?: number;
    cooldown?: number;
  };

/** The schedule type names. */
export const SCHEDULE_TYPES: readonly ScheduleConfig["type"][] = [
  "constant",
  "step",
  "cosine",
  "plateau",
];

/**
 * PyTorch's `StepLR`: the rate after `epoch` scheduler steps, `lr0 * gamma^floor(epoch / stepSize)`.
 *
 * @example
 * ```ts
 * import { stepLr } from "./schedule.ts";
 * if (stepLr(0.1, 5, 2, 0.5) !== 0.025) throw new Error("unexpected");
 * ```
 */
export function stepLr(baseLr: number, epoch: number, stepSize: number, gamma: number): number {
  return baseLr * gamma ** Math.floor(epoch / stepSize);
}

/**
 * PyTorch's `CosineAnnealingLR` (closed form): `etaMin + (lr0 - etaMin) (1 + cos(pi epoch / tMax)) / 2`.
 *
 * @example
 * ```ts
 * import { cosineLr } from "./schedule.ts";
 * if (Math.abs(cosineLr(1, 5, 10, 0) - 0.5) > 1e-12) throw new Error("unexpected");
 * ```
 */
export function cosineLr(baseLr: number, epoch: number, tMax: number, etaMin = 0): number {
  return etaMin + (baseLr - etaMin) * (1 + Math.cos(Math.PI * epoch / tMax)) / 2;
}

/** Options of {@linkcode ReduceLrOnPlateau} (PyTorch's defaults, `threshold_mode="rel"`). */
export interface PlateauOptions {
  /** Multiplier applied on a plateau, in (0, 1). */
  factor: number;
  /** Epochs without improvement tolerated before reducing. */
  patience: number;
  /** Lower bound on the rate (default 0). */
  minLr?: number;
  /** `"min"` for losses, `"max"` for accuracies (default `"min"`). */
  mode?: "min" | "max";
  /** Relative improvement needed to count (default 1e-4). */
  threshold?: number;
  /** Epochs to wait after a reduction before counting again (default 0). */
  cooldown?: number;
}

/**
 * PyTorch's `ReduceLROnPlateau`: multiplies the rate by `factor` once the watched value has not
 * improved for more than `patience` steps.
 *
 * @example
 * ```ts
 * import { ReduceLrOnPlateau } from "./schedule.ts";
 * const s = new ReduceLrOnPlateau(1, { factor: 0.5, patience: 1 });
 * const lrs = [1, 1, 1, 1].map((loss) => s.step(loss));
 * if (lrs.join() !== "1,1,0.5,0.5") throw new Error("unexpected");
 * ```
 */
export class ReduceLrOnPlateau {
  /** The current rate. */
  lr: number;
  #best: number;
  #bad = 0;
  #cooldownLeft = 0;
  readonly #o: Required<PlateauOptions>;

  /** Starts at `baseLr`. */
  constructor(baseLr: number, options: PlateauOptions) {
    this.lr = baseLr;
    this.#o = { minLr: 0, mode: "min", threshold: 1e-4, cooldown: 0, ...options };
    this.#best = this.#o.mode === "min" ? Infinity : -Infinity;
  }

  /** Records one epoch's value and returns the rate for the next epoch. */
  step(value: number): number {
    const { mode, threshold, patience, factor, minLr, cooldown } = this.#o;
    const better = mode === "min"
      ? value < this.#best * (1 - threshold)
      : value > this.#best * (1 + threshold);
    if (better) {
      this.#best = value;
      this.#bad = 0;
    } else this.#bad++;
    if (this.#cooldownLeft > 0) {
      this.#cooldownLeft--;
      this.#bad = 0;
    }
    if (this.#bad > patience) {
      const reduced = Math.max(this.lr * factor, minLr);
      if (this.lr - reduced > 1e-8) this.lr = reduced;
      this.#cooldownLeft = cooldown;
      this.#bad = 0;
    }
    return this.lr;
  }
}

/** What the trainer drives: the rate for the current epoch, advanced once per epoch. */
export interface Scheduler {
  /** The rate to use now. */
  readonly lr: number;
  /** Advances one epoch given its validation metrics; returns the rate for the next epoch. */
  step(metrics: { valLoss: number; valAcc: number }): number;
}

/**
 * Builds a {@linkcode Scheduler} from a config, validating it (errors name the option).
 *
 * @param config the schedule (default constant)
 * @param baseLr the initial rate
 * @param epochs the training length (default `tMax` of the cosine schedule)
 * @example
 * ```ts
 * import { createScheduler } from "./schedule.ts";
 * const s = createScheduler({ type: "step", stepSize: 1, gamma: 0.1 }, 1, 10);
 * const next = s.step({ valLoss: 1, valAcc: 0 });
 * if (Math.abs(next - 0.1) > 1e-12 || s.lr !== next) throw new Error("unexpected");
 * ```
 */
export function createScheduler(
  config: ScheduleConfig = { type: "constant" },
  baseLr: number,
  epochs: number,
): Scheduler {
  const bad = (what: string): never => {
    throw new RangeError(`Cannot create schedule ${config.type}: ${what}`);
  };
  let epoch = 0;
  switch (config.type) {
    case "constant":
      return { lr: baseLr, step: () => baseLr };
    case "step": {
      const { stepSize, gamma } = config;
      if (!Number.isInteger(stepSize) || stepSize < 1) {
        bad(`stepSize must be a positive integer, got ${stepSize}`);
      }
      if (!(gamma > 0)) bad(`gamma must be positive, got ${gamma}`);
      const s = {
        lr: baseLr,
        step: () => (s.lr = stepLr(baseLr, ++epoch, stepSize, gamma)),
      };
      return s;
    }
    case "cosine": {
      const { tMax = epochs, etaMin = 0 } = config;
      if (!(tMax > 0)) bad(`tMax must be positive, got ${tMax}`);
      if (!(etaMin >= 0)) bad(`etaMin must be non-negative, got ${etaMin}`);
      const s = { lr: baseLr, step: () => (s.lr = cosineLr(baseLr, ++epoch, tMax, etaMin)) };
      return s;
    }
    case "plateau": {
      const { factor, patience, minLr = 0, monitor = "val_loss" } = config;
      if (!(factor > 0 && factor < 1)) bad(`factor must be in (0, 1), got ${factor}`);
      if (!Number.isInteger(patience) || patience < 0) {
        bad(`patience must be a non-negative integer, got ${patience}`);
      }
      if (monitor !== "val_loss" && monitor !== "val_acc") {
        bad(`monitor must be "val_loss" or "val_acc", got ${JSON.stringify(monitor)}`);
      }
      const plateau = new ReduceLrOnPlateau(baseLr, {
        ...config,
        minLr,
        mode: monitor === "val_loss" ? "min" : "max",
      });
      return {
        get lr() {
          return plateau.lr;
        },
        step: (m) => plateau.step(monitor === "val_loss" ? m.valLoss : m.valAcc),
      };
    }
    default:
      throw new RangeError(
        `Cannot create schedule: unknown type ${
          JSON.stringify((config as { type: unknown }).type)
        } (expected one of ${SCHEDULE_TYPES.join(", ")})`,
      );
  }
}
