/**
 * Input checks shared by the metrics; each throws with the metric's action first, e.g.
 * `Cannot compute accuracy: yTrue has 3 values but yPred has 4`.
 *
 * @module
 */

/** Checks that two per-sample arrays are non-empty and equally long. */
export function checkPair(
  action: string,
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  names: [string, string] = ["yTrue", "yPred"],
): void {
  if (a.length !== b.length) {
    throw new RangeError(
      `${action}: ${names[0]} has ${a.length} values but ${names[1]} has ${b.length}`,
    );
  }
  if (a.length === 0) throw new RangeError(`${action}: ${names[0]} and ${names[1]} are empty`);
}

/** Checks that every value is an integer class label (rejects NaN, Inf and fractions). */
export function checkLabels(action: string, name: string, y: ArrayLike<number>): void {
  for (let i = 0; i < y.length; i++) {
    if (!Number.isInteger(y[i])) {
      throw new TypeError(`${action}: ${name}[${i}] is ${y[i]} (expected an integer class label)`);
    }
  }
}

/** Checks that every value is a finite number. */
export function checkFinite(action: string, name: string, x: ArrayLike<number>): void {
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i])) {
      throw new TypeError(`${action}: ${name}[${i}] is ${x[i]} (expected a finite number)`);
    }
  }
}
