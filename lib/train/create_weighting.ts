/**
 * Builds a multi-task loss weighting by name, the way `trainMultiTask({ weighting })` does.
 *
 * @module
 */
import {
  FixedWeighting,
  GradNorm,
  type GradNormOptions,
  type TaskWeighting,
  UncertaintyWeighting,
  type UncertaintyWeightingOptions,
} from "./multitask.ts";

/** The weightings {@linkcode createWeighting} builds by name, simple to complex. */
export const WEIGHTING_NAMES = ["fixed", "uncertainty", "gradnorm"] as const;

/** One of {@linkcode WEIGHTING_NAMES}. */
export type WeightingName = typeof WEIGHTING_NAMES[number];

/** The options of each weighting {@linkcode createWeighting} builds. */
export interface WeightingOptions {
  /** Weights of `"fixed"`, one per task (default all 1). */
  fixedWeights?: readonly number[];
  /** Options of `"uncertainty"`. */
  uncertainty?: UncertaintyWeightingOptions;
  /** Options of `"gradnorm"` (`alpha` 0.15 by default). */
  gradNorm?: GradNormOptions;
}

/**
 * Creates the weighting `name` for `numTasks` tasks: {@linkcode FixedWeighting} (`fixedWeights`,
 * default all 1), {@linkcode UncertaintyWeighting} (Kendall et al., CVPR 2018) or
 * {@linkcode GradNorm} (Chen et al., ICML 2018). The caller disposes it.
 *
 * @param name one of {@linkcode WEIGHTING_NAMES}
 * @param numTasks the number of task losses it combines
 * @param options each weighting's own options
 * @throws {RangeError} `Cannot create weighting "<name>": ...` for an unknown name or a
 *   `fixedWeights` of the wrong length; the weightings' own errors for their options
 * @example
 * ```ts
 * import { createWeighting } from "./create_weighting.ts";
 * const fixed = createWeighting("fixed", 2, { fixedWeights: [1, 0.5] });
 * if (fixed.weights().join() !== "1,0.5") throw new Error("unexpected");
 * fixed.dispose();
 * let message = "";
 * try { createWeighting("gradnrom" as "gradnorm", 2); } catch (e) { message = (e as Error).message; }
 * if (!message.includes("expected one of fixed, uncertainty, gradnorm")) throw new Error(message);
 * ```
 */
export function createWeighting(
  name: WeightingName,
  numTasks: number,
  options: WeightingOptions = {},
): TaskWeighting {
  const fail = (detail: string): never => {
    throw new RangeError(`Cannot create weighting ${JSON.stringify(name)}: ${detail}`);
  };
  switch (name) {
    case "fixed": {
      const weights = options.fixedWeights ?? Array.from({ length: numTasks }, () => 1);
      if (weights.length !== numTasks) {
        fail(`fixedWeights has ${weights.length} values for ${numTasks} tasks`);
      }
      return new FixedWeighting(weights);
    }
    case "uncertainty":
      return new UncertaintyWeighting(numTasks, options.uncertainty);
    case "gradnorm":
      return new GradNorm(numTasks, options.gradNorm);
    default:
      return fail(`unknown name; expected one of ${WEIGHTING_NAMES.join(", ")}`);
  }
}
