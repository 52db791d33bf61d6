/**
 * The value function the model-agnostic explainers ({@linkcode kernelShap}, {@linkcode lime},
 * {@linkcode exactShapley}) work over, and a ready-made one for a dense feature vector whose
 * missing entries come from a reference value or a background set (shap's `KernelExplainer`
 * masking). The graph layer plugs in its own players (node features, subgraph edges or nodes).
 *
 * @module
 */

/**
 * The model's output for a batch of coalitions: one 0/1 row of length M per coalition (1 = the
 * player is present), one output per row. Batched so that the caller evaluates the model on many
 * perturbed inputs at once; it may return a promise (a tfjs model reading back its output).
 */
export type ValueFn = (
  coalitions: Uint8Array[],
) => Float64Array | number[] | Promise<Float64Array | number[]>;

/** A model over dense rows: one output per row. */
export type DensePredict = (
  rows: Float64Array[],
) => ArrayLike<number> | Promise<ArrayLike<number>>;

const ACTION = "Cannot explain";

/**
 * A {@linkcode ValueFn} whose players are the entries of `x`: a present player keeps `x[i]`, a
 * missing one takes the background's value. `background` is a single reference (one number for
 * every feature, or one row) or a set of rows; with a set, the value of a coalition is the mean
 * output over the rows, `v(S) = mean_b f(x_S, b_{not S})` (shap's interventional expectation, so
 * `v(empty) = E[f(background)]`). Each call to the value function makes one call to `predict`
 * with `coalitions.length * background rows` rows.
 *
 * @param predict The model: one output per row (a class probability, a logit, a regression value).
 * @param x The explained input, length M.
 * @param background A number, a row of length M, or rows of length M.
 * @returns The value function over the M entries of `x`.
 *
 * @example
 * ```ts
 * import { featureValueFn } from "./value_fn.ts";
 * const predict = (rows: Float64Array[]) => rows.map((r) => 2 * r[0] + r[1]);
 * const v = featureValueFn(predict, [1, 1], [[0, 0], [2, 0]]); // E[x] = (1, 0)
 * const out = await v([new Uint8Array([0, 0]), new Uint8Array([1, 0]), new Uint8Array([1, 1])]);
 * if (out.join() !== "2,2,3") throw new Error(`got ${out.join()}`);
 * ```
 */
export function featureValueFn(
  predict: DensePredict,
  x: ArrayLike<number>,
  background: number | ArrayLike<number> | ArrayLike<number>[],
): ValueFn {
  const m = x.length;
  checkFiniteRow(x, "x", m);
  const rows = backgroundRows(background, m);
  return async (coalitions) => {
    const batch: Float64Array[] = [];
    for (const coalition of coalitions) {
      for (const b of rows) {
        const row = Float64Array.from(b);
        for (let i = 0; i < m; i++) if (coalition[i]) row[i] = x[i];
        batch.push(row);
      }
    }
    const out = await predict(batch);
    if (out.length !== batch.length) {
      throw new Error(
        `${ACTION}: predict returned ${out.length} outputs for ${batch.length} rows, expected one per row`,
      );
    }
    const values = new Float64Array(coalitions.length);
    for (let c = 0; c < coalitions.length; c++) {
      let sum = 0;
      for (let k = 0; k < rows.length; k++) sum += out[c * rows.length + k];
      values[c] = sum / rows.length;
    }
    return values;
  };
}

function backgroundRows(
  background: number | ArrayLike<number> | ArrayLike<number>[],
  m: number,
): Float64Array[] {
  if (typeof background === "number") {
    if (!Number.isFinite(background)) {
      throw new Error(`${ACTION}: background must be a finite number, got ${background}`);
    }
    return [new Float64Array(m).fill(background)];
  }
  if (background.length === 0) {
    throw new Error(`${ACTION}: background must hold at least one row, got none`);
  }
  if (typeof background[0] === "number") {
    checkFiniteRow(background as ArrayLike<number>, "background", m);
    return [Float64Array.from(background as ArrayLike<number>)];
  }
  return Array.from(background as ArrayLike<number>[], (row, i) => {
    checkFiniteRow(row, `background[${i}]`, m);
    return Float64Array.from(row);
  });
}

function checkFiniteRow(row: ArrayLike<number>, name: string, m: number): void {
  if (row?.length !== m) {
    throw new Error(
      `${ACTION}: ${name} must have length ${m} (the length of x), got ${row?.length}`,
    );
  }
  for (let i = 0; i < m; i++) {
    if (!Number.isFinite(row[i])) {
      throw new Error(`${ACTION}: ${name}[${i}] must be a finite number, got ${row[i]}`);
    }
  }
}
