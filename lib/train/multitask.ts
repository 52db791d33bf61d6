/**
 * Multi-task loss weighting (paper chapter 4.3), sorted by increasing complexity: fixed weights,
 * uncertainty weighting (learned log-variances) and GradNorm (weights adapted so that every task
 * back-propagates gradients of a similar size into the shared layer).
 *
 * All three implement {@linkcode TaskWeighting}: `combine(losses)` turns the unweighted task
 * losses into the objective, `terms(losses)` gives its per-task summands (so a model's `lossTerms`
 * can return them by name and the trainer logs each), `parameters()` lists what the model's
 * optimiser must also update, and `afterStep` adapts weights that are not learned by gradient
 * descent on the objective (GradNorm).
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";

/** What a weighting sees after each optimisation step. */
export interface TaskStepInfo {
  /** Each task's unweighted loss `L_i` at this step (before the parameter update). */
  losses: readonly number[];
  /**
   * `||∇_W L_i||`: the norm of each unweighted task loss's gradient on the shared layer's weight
   * `W` at this step (see {@linkcode sharedGradientNorms}). Only GradNorm needs it.
   */
  gradNorms?: readonly number[];
}

/**
 * A rule that combines `T` task losses into one objective.
 *
 * With fixed or uncertainty weighting, a model's `lossTerms` (see `TrainableModel`) can return
 * `terms(losses)` under the task names and list `parameters()` among its own, and `train()`
 * minimises the sum. GradNorm also needs each task's gradient on the shared layer after every
 * step, which `train()` does not compute: run it with `trainMultiTask`, or call
 * {@linkcode sharedGradientNorms} and `afterStep` from your own loop.
 */
export interface TaskWeighting {
  /** `"fixed"`, `"uncertainty"` or `"gradnorm"`. */
  readonly kind: string;
  /** Number of tasks `T`. */
  readonly numTasks: number;
  /** True when `afterStep` needs `gradNorms`. */
  readonly needsGradNorms: boolean;
  /** The objective's summand of each task; their sum is {@linkcode TaskWeighting.combine}. */
  terms(losses: readonly tf.Scalar[]): tf.Scalar[];
  /** The objective to minimise, differentiable w.r.t. the losses and `parameters()`. */
  combine(losses: readonly tf.Scalar[]): tf.Scalar;
  /** The current effective weight of each task (what multiplies `L_i`). */
  weights(): number[];
  /** Variables the optimiser must update together with the model (none for fixed and GradNorm). */
  parameters(): tf.Variable[];
  /** Adapts the weights after an optimisation step (GradNorm). */
  afterStep?(info: TaskStepInfo): void;
  /** Frees the weighting's tensors. */
  dispose(): void;
}

function checkLosses(kind: string, numTasks: number, losses: readonly tf.Scalar[]): void {
  if (losses.length !== numTasks) {
    throw new RangeError(
      `Cannot combine losses with ${kind} weighting: expected ${numTasks} task losses, got ${losses.length}`,
    );
  }
  losses.forEach((l, i) => {
    if (l.rank !== 0) {
      throw new RangeError(
        `Cannot combine losses with ${kind} weighting: losses[${i}] must be a scalar, got shape [${l.shape}]`,
      );
    }
  });
}

function checkWeights(action: string, name: string, weights: readonly number[]): void {
  if (weights.length === 0) throw new RangeError(`Cannot create ${action}: ${name} is empty`);
  weights.forEach((w, i) => {
    if (!(w >= 0 && Number.isFinite(w))) {
      throw new RangeError(
        `Cannot create ${action}: ${name}[${i}] must be a non-negative number, got ${w}`,
      );
    }
  });
}

function constantTerms(weights: readonly number[], losses: readonly tf.Scalar[]): tf.Scalar[] {
  return losses.map((l, i) => tf.mul(l, weights[i]));
}

/**
 * The base of weightings whose weights are plain numbers on the host, so no gradient flows into
 * them: {@linkcode FixedWeighting} keeps them, {@linkcode GradNorm} adapts them after each step.
 */
export abstract class HostWeighting implements TaskWeighting {
  /** The weighting's name, e.g. `"fixed"`. */
  abstract readonly kind: string;
  /** True when `afterStep` needs `gradNorms`. */
  abstract readonly needsGradNorms: boolean;
  /** The current weight of each task. */
  protected current: number[];

  /**
   * @param numTasks the number of tasks `T`
   * @param weights the initial weight of each task, `T` numbers
   */
  /** Starts from `weights`, one per task. */
  constructor(readonly numTasks: number, weights: readonly number[]) {
    this.current = [...weights];
  }

  /** `w_i L_i` for each task. */
  terms(losses: readonly tf.Scalar[]): tf.Scalar[] {
    checkLosses(this.kind, this.numTasks, losses);
    return constantTerms(this.current, losses);
  }

  /** `Σ_i w_i L_i`. */
  combine(losses: readonly tf.Scalar[]): tf.Scalar {
    return tf.tidy(() => tf.addN(this.terms(losses)) as tf.Scalar);
  }

  /** A copy of the current weights. */
  weights(): number[] {
    return [...this.current];
  }

  /** None: host weights are not trained by the optimiser. */
  parameters(): tf.Variable[] {
    return [];
  }

  /** Nothing to free. */
  dispose(): void {}
}

/**
 * Fixed weights: `L = Σ_i w_i L_i`. Simple, but a task whose loss or gradients are larger
 * dominates unless the weights are tuned by hand.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { FixedWeighting } from "./multitask.ts";
 * const w = new FixedWeighting([1, 0.5]);
 * const total = w.combine([tf.scalar(2), tf.scalar(4)]);
 * if (total.dataSync()[0] !== 4) throw new Error("unexpected"); // 1 * 2 + 0.5 * 4
 * ```
 */
export class FixedWeighting extends HostWeighting {
  /** The weighting's name. */
  readonly kind = "fixed";
  /** Fixed weights need no gradient norms. */
  readonly needsGradNorms = false;

  /** `weights[i]` multiplies task `i`'s loss; each must be a non-negative number. */
  constructor(weights: readonly number[]) {
    checkWeights("FixedWeighting", "weights", weights);
    super(weights.length, weights);
  }
}

/** Options of {@linkcode UncertaintyWeighting}. */
export interface UncertaintyWeightingOptions {
  /** Initial log-variance `s_i`, one number for all tasks or one per task (default 0). */
  initLogVariance?: number | readonly number[];
}

/**
 * Uncertainty weighting (Kendall, Gal & Cipolla, "Multi-Task Learning Using Uncertainty to Weigh
 * Losses", CVPR 2018, https://arxiv.org/abs/1705.07115) with a learned log-variance `s_i` per
 * task:
 *
 * ```text
 * L = Σ_i exp(-s_i) L_i + s_i
 * ```
 *
 * Convention: Kendall et al. write a regression task as `1/(2σ²) L_i + log σ`, i.e.
 * `½ exp(-s_i) L_i + ½ s_i` with `s_i = log σ_i²`. This class uses twice that (no ½ on either
 * term), the form of the authors' later code and most reimplementations: the minimiser in the
 * network weights and in `s` is the same (for fixed `L_i` the optimum is `s_i = log L_i`, weight
 * `1 / L_i`), only the gradient scale differs. The effective weight reported by `weights()` is
 * `exp(-s_i)`; the `s_i` term keeps the weights from collapsing to zero. `s` is returned by
 * `parameters()`: the optimiser must update it with the model (without weight decay).
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { UncertaintyWeighting } from "./multitask.ts";
 * const w = new UncertaintyWeighting(2, { initLogVariance: [0, Math.log(2)] });
 * const total = w.combine([tf.scalar(1), tf.scalar(4)]).dataSync()[0];
 * // exp(0) * 1 + 0 + exp(-log 2) * 4 + log 2 = 3 + log 2
 * if (Math.abs(total - (3 + Math.log(2))) > 1e-6) throw new Error(String(total));
 * ```
 */
export class UncertaintyWeighting implements TaskWeighting {
  readonly kind = "uncertainty";
  readonly numTasks: number;
  readonly needsGradNorms = false;
  /** The log-variances `s` `[T]`. */
  readonly logVariance: tf.Variable;

  /**
   * Creates `numTasks` log-variances, initialised from the options.
   * @throws {RangeError} naming the first invalid argument
   */
  constructor(numTasks: number, options: UncertaintyWeightingOptions = {}) {
    if (!(Number.isInteger(numTasks) && numTasks > 0)) {
      throw new RangeError(
        `Cannot create UncertaintyWeighting: numTasks must be a positive integer, got ${numTasks}`,
      );
    }
    const init = options.initLogVariance ?? 0;
    const values = typeof init === "number" ? new Array<number>(numTasks).fill(init) : [...init];
    if (values.length !== numTasks) {
      throw new RangeError(
        `Cannot create UncertaintyWeighting: initLogVariance has ${values.length} values for ${numTasks} tasks`,
      );
    }
    values.forEach((v, i) => {
      if (!Number.isFinite(v)) {
        throw new RangeError(
          `Cannot create UncertaintyWeighting: initLogVariance[${i}] must be finite, got ${v}`,
        );
      }
    });
    this.numTasks = numTasks;
    const initial = tf.tensor1d(values);
    this.logVariance = tf.variable(initial);
    initial.dispose();
  }

  terms(losses: readonly tf.Scalar[]): tf.Scalar[] {
    checkLosses(this.kind, this.numTasks, losses);
    return tf.tidy(() => {
      const s = this.logVariance as tf.Tensor1D;
      const weighted = tf.add(tf.mul(tf.exp(tf.neg(s)), tf.stack(losses as tf.Scalar[])), s);
      return tf.unstack(weighted) as tf.Scalar[];
    });
  }

  combine(losses: readonly tf.Scalar[]): tf.Scalar {
    return tf.tidy(() => tf.addN(this.terms(losses)) as tf.Scalar);
  }

  /** `exp(-s_i)` per task. */
  weights(): number[] {
    return Array.from(this.logVariance.dataSync(), (s) => Math.exp(-s));
  }

  /** The current `s_i`. */
  logVariances(): number[] {
    return Array.from(this.logVariance.dataSync());
  }

  parameters(): tf.Variable[] {
    return [this.logVariance];
  }

  dispose(): void {
    this.logVariance.dispose();
  }
}

/** Options of {@linkcode GradNorm}. */
export interface GradNormOptions {
  /**
   * Restoring force `α`: how strongly tasks that train slower (higher loss ratio) get larger
   * gradients (default 0.15, the paper's sketch; Chen et al. use 0.12 to 3).
   */
  alpha?: number;
  /** Learning rate of the weight update (default 0.01). */
  lr?: number;
  /** `"adam"` (default; steps of about `lr` whatever the gradient scale) or plain `"sgd"`. */
  optimizer?: "adam" | "sgd";
  /** Initial weights (default all 1); rescaled to sum to `T`. */
  initialWeights?: readonly number[];
  /** Floor applied to each weight before renormalising, so none reaches 0 (default 1e-3). */
  minWeight?: number;
}

/** The quantities of GradNorm's last weight update (for logging and tests). */
export interface GradNormUpdate {
  /** The weights used in that step, `w_i`. */
  weights: number[];
  /** `G_i = w_i ||∇_W L_i||`. */
  gradNorms: number[];
  /** `G_avg`, the mean of `G_i`. */
  meanGradNorm: number;
  /** Inverse training rates `r_i = (L_i / L_i(0)) / mean_j (L_j / L_j(0))`. */
  inverseRates: number[];
  /** `G_avg r_i^α`, held constant. */
  targets: number[];
  /** `L_grad = Σ_i |G_i - target_i|`. */
  gradLoss: number;
  /** `∂L_grad / ∂w_i`. */
  gradient: number[];
  /** The weights after the step, the floor and renormalisation to `Σ w_i = T`. */
  newWeights: number[];
}

/**
 * GradNorm (Chen, Badrinarayanan, Lee & Rabinovich, "GradNorm: Gradient Normalization for
 * Adaptive Loss Balancing in Deep Multitask Networks", ICML 2018,
 * https://arxiv.org/abs/1711.02257). The objective is `Σ_i w_i L_i` with the weights `w_i` held
 * constant; after each step they move to balance the tasks' gradient norms on the shared layer
 * `W` (the last layer all tasks share):
 *
 * ```text
 * G_i      = ||∇_W (w_i L_i)|| = w_i ||∇_W L_i||,     G_avg = mean_i G_i
 * r_i      = (L_i / L_i(0)) / mean_j (L_j / L_j(0))     (inverse training rate; L_i(0): first step)
 * target_i = G_avg r_i^α                                (constant: no gradient)
 * L_grad   = Σ_i |G_i - target_i|
 * w_i     <- w_i - lr ∂L_grad/∂w_i,   ∂L_grad/∂w_i = sign(G_i - target_i) ||∇_W L_i||
 * w_i     <- T max(w_i, minWeight) / Σ_j max(w_j, minWeight)
 * ```
 *
 * `afterStep` needs `gradNorms` = `||∇_W L_i||` of the unweighted losses at the step's
 * parameters ({@linkcode sharedGradientNorms}). With `optimizer: "adam"` (the default) the update
 * is Adam's on `∂L_grad/∂w` instead of the plain step.
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { GradNorm } from "./multitask.ts";
 * const g = new GradNorm(2, { optimizer: "sgd", lr: 0.01 });
 * // Task 0's gradient on W is larger, so its weight goes down.
 * g.afterStep({ losses: [1, 1], gradNorms: [15, 10] });
 * const [w0, w1] = g.weights();
 * if (!(w0 < 1 && w1 > 1 && Math.abs(w0 + w1 - 2) < 1e-12)) throw new Error("unexpected");
 * const total = g.combine([tf.scalar(1), tf.scalar(3)]).dataSync()[0]; // w0 * 1 + w1 * 3
 * if (Math.abs(total - (w0 + 3 * w1)) > 1e-5) throw new Error("unexpected");
 * ```
 */
export class GradNorm extends HostWeighting {
  /** The weighting's name. */
  readonly kind = "gradnorm";
  /** GradNorm needs each task's gradient norm after every step. */
  readonly needsGradNorms = true;
  /** The asymmetry `alpha`: how strongly slow tasks are pushed (default 0.15). */
  readonly alpha: number;
  /** The learning rate of the weights (default 0.01). */
  readonly lr: number;
  /** How the weights are updated: `"adam"` (default) or `"sgd"`. */
  readonly optimizer: "adam" | "sgd";
  /** The smallest weight a task keeps (default 1e-3). */
  readonly minWeight: number;
  #initialLosses?: number[];
  #last?: GradNormUpdate;
  // Adam's moments for the weights (float64, on the host: there are only T of them).
  #m: number[];
  #v: number[];
  #t = 0;

  /**
   * Starts from the options' initial weights (default all 1).
   * @throws {RangeError} naming the first invalid option
   */
  constructor(numTasks: number, options: GradNormOptions = {}) {
    super(numTasks, gradNormInitialWeights(numTasks, options));
    const fail = (what: string): never => {
      throw new RangeError(`Cannot create GradNorm: ${what}`);
    };
    const { alpha = 0.15, lr = 0.01, optimizer = "adam", minWeight = 1e-3 } = options;
    if (!(alpha >= 0 && Number.isFinite(alpha))) {
      fail(`alpha must be a non-negative number, got ${alpha}`);
    }
    if (!(lr > 0 && Number.isFinite(lr))) fail(`lr must be a positive number, got ${lr}`);
    if (optimizer !== "adam" && optimizer !== "sgd") {
      fail(`optimizer must be "adam" or "sgd", got ${JSON.stringify(optimizer)}`);
    }
    if (!(minWeight > 0 && minWeight < 1)) fail(`minWeight must be in (0, 1), got ${minWeight}`);
    this.alpha = alpha;
    this.lr = lr;
    this.optimizer = optimizer;
    this.minWeight = minWeight;
    this.#m = new Array<number>(numTasks).fill(0);
    this.#v = new Array<number>(numTasks).fill(0);
  }

  /** The first step's losses `L_i(0)`, once a step has been seen. */
  initialLosses(): number[] | undefined {
    return this.#initialLosses && [...this.#initialLosses];
  }

  /** What the last `afterStep` computed. */
  lastUpdate(): GradNormUpdate | undefined {
    return this.#last && structuredClone(this.#last);
  }

  /** One GradNorm weight update from this step's losses and unweighted gradient norms. */
  afterStep(info: TaskStepInfo): void {
    const T = this.numTasks;
    const { losses, gradNorms } = info;
    if (!gradNorms) {
      throw new RangeError(
        "Cannot update GradNorm weights: afterStep needs gradNorms (||∇_W L_i|| on the shared layer); " +
          "use trainMultiTask or sharedGradientNorms()",
      );
    }
    for (const [name, values] of [["losses", losses], ["gradNorms", gradNorms]] as const) {
      if (values.length !== T) {
        throw new RangeError(
          `Cannot update GradNorm weights: ${name} has ${values.length} values for ${T} tasks`,
        );
      }
      values.forEach((v, i) => {
        if (!(v >= 0 && Number.isFinite(v))) {
          throw new RangeError(
            `Cannot update GradNorm weights: ${name}[${i}] must be a finite non-negative number, got ${v}`,
          );
        }
      });
    }
    if (!this.#initialLosses) {
      const zero = losses.findIndex((l) => l === 0);
      if (zero >= 0) {
        throw new RangeError(
          `Cannot update GradNorm weights: the first loss of task ${zero} is 0, so its training rate L_i / L_i(0) is undefined`,
        );
      }
      this.#initialLosses = [...losses];
    }
    const w = this.current;
    const G = w.map((wi, i) => wi * gradNorms[i]);
    const meanG = G.reduce((a, b) => a + b, 0) / T;
    const ratios = losses.map((l, i) => l / this.#initialLosses![i]);
    const meanRatio = ratios.reduce((a, b) => a + b, 0) / T;
    // All losses at 0 leave no rate to compare: keep every task at the mean.
    const r = ratios.map((q) => (meanRatio > 0 ? q / meanRatio : 1));
    const targets = r.map((ri) => meanG * ri ** this.alpha);
    const gradLoss = G.reduce((s, g, i) => s + Math.abs(g - targets[i]), 0);
    // G_i = w_i n_i is linear in w_i and the targets are constants, so the gradient is exact.
    const gradient = G.map((g, i) => Math.sign(g - targets[i]) * gradNorms[i]);
    const stepped = this.optimizer === "sgd"
      ? w.map((wi, i) => wi - this.lr * gradient[i])
      : this.#adamStep(w, gradient);
    const floored = stepped.map((wi) => Math.max(wi, this.minWeight));
    const sum = floored.reduce((a, b) => a + b, 0);
    const newWeights = floored.map((wi) => (wi * T) / sum);
    this.#last = {
      weights: [...w],
      gradNorms: G,
      meanGradNorm: meanG,
      inverseRates: r,
      targets,
      gradLoss,
      gradient,
      newWeights,
    };
    this.current = newWeights;
  }

  #adamStep(w: readonly number[], g: readonly number[]): number[] {
    const b1 = 0.9, b2 = 0.999, eps = 1e-8;
    this.#t++;
    return w.map((wi, i) => {
      this.#m[i] = b1 * this.#m[i] + (1 - b1) * g[i];
      this.#v[i] = b2 * this.#v[i] + (1 - b2) * g[i] * g[i];
      const mHat = this.#m[i] / (1 - b1 ** this.#t);
      const vHat = this.#v[i] / (1 - b2 ** this.#t);
      return wi - (this.lr * mHat) / (Math.sqrt(vHat) + eps);
    });
  }
}

/** What {@linkcode sharedGradientNorms} returns. */
export interface SharedGradientNorms {
  /** Each task's loss value. */
  losses: number[];
  /** `||∇_W L_i||` per task (Frobenius norm; 0 when the loss does not depend on `W`). */
  gradNorms: number[];
}

/**
 * Each task loss's value and the norm of its gradient w.r.t. the shared weight `W`, one backward
 * pass per task (GradNorm's `||∇_W L_i||`). Cheapest when each function recomputes only what
 * follows `W` from a precomputed input (as `trainMultiTask` does).
 *
 * @param losses one function per task returning its unweighted loss
 * @param shared the shared layer's weight `W`
 * @returns the losses and gradient norms, in task order
 *
 * @example
 * ```ts
 * import * as tf from "@tensorflow/tfjs";
 * import { sharedGradientNorms } from "./multitask.ts";
 * const W = tf.variable(tf.tensor2d([[1], [0]]));
 * const x = tf.tensor2d([[3, 4]]);
 * const h = () => tf.matMul(x, W).reshape([]) as tf.Scalar; // h = x W = 3
 * const { losses, gradNorms } = sharedGradientNorms(
 *   [() => h().square().div(2), () => h().mul(2)], // ∇_W = h x^T (norm 15) and 2 x^T (norm 10)
 *   W,
 * );
 * if (losses.join() !== "4.5,6" || gradNorms.join() !== "15,10") throw new Error("unexpected");
 * ```
 */
export function sharedGradientNorms(
  losses: readonly (() => tf.Scalar)[],
  shared: tf.Variable,
): SharedGradientNorms {
  const out: SharedGradientNorms = { losses: [], gradNorms: [] };
  for (const [i, f] of losses.entries()) {
    const [value, norm] = tf.tidy(() => {
      // The engine's gradients() (under tf.variableGrads) allows a loss without a path to W.
      const { value, grads } = tf.engine().gradients(
        () => {
          const l = f();
          if (l.rank !== 0) {
            throw new RangeError(
              `Cannot compute shared gradient norms: losses[${i}] must return a scalar, got shape [${l.shape}]`,
            );
          }
          return l;
        },
        [shared],
        undefined,
        true,
      );
      const g = grads[0];
      return [value, g ? tf.norm(g) : tf.scalar(0)];
    });
    out.losses.push(value.dataSync()[0]);
    out.gradNorms.push(norm.dataSync()[0]);
    tf.dispose([value, norm]);
  }
  return out;
}

/** GradNorm's starting weights, renormalised to sum to the number of tasks. */
function gradNormInitialWeights(numTasks: number, options: GradNormOptions): number[] {
  const fail = (what: string): never => {
    throw new RangeError(`Cannot create GradNorm: ${what}`);
  };
  if (!(Number.isInteger(numTasks) && numTasks > 0)) {
    fail(`numTasks must be a positive integer, got ${numTasks}`);
  }
  const initial = options.initialWeights ?? new Array<number>(numTasks).fill(1);
  checkWeights("GradNorm", "initialWeights", initial);
  if (initial.length !== numTasks) {
    fail(`initialWeights has ${initial.length} values for ${numTasks} tasks`);
  }
  const sum = initial.reduce((a, b) => a + b, 0);
  if (!(sum > 0)) fail("initialWeights must not all be 0");
  return initial.map((w) => (w * numTasks) / sum);
}
