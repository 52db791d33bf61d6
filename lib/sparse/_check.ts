/**
 * Input checks shared by the sparse ops; messages name the op, the argument and what was expected.
 *
 * @module
 */
import type * as tf from "@tensorflow/tfjs";

/** Throws unless `t` is a float32 tensor of rank in `ranks` whose first dimension is `rows`. */
export function checkRows(
  op: string,
  name: string,
  t: tf.Tensor,
  rows: number,
  ranks: readonly number[],
  what = "rows",
): void {
  if (!ranks.includes(t.rank)) {
    const want = ranks.map((r) => `${r}D`).join(" or ");
    throw new RangeError(
      `Cannot apply ${op}: expected ${name} to be ${want}, got shape [${t.shape.join(", ")}]`,
    );
  }
  if (t.dtype !== "float32") {
    throw new TypeError(`Cannot apply ${op}: expected ${name} of dtype float32, got ${t.dtype}`);
  }
  if (t.shape[0] !== rows) {
    throw new RangeError(
      `Cannot apply ${op}: expected ${name} with ${rows} ${what}, got ${t.shape[0]}`,
    );
  }
}

/** Throws unless two tensors have the same shape after the first dimension. */
export function checkSameColumns(op: string, a: [string, tf.Tensor], b: [string, tf.Tensor]): void {
  const [na, ta] = a;
  const [nb, tb] = b;
  if (ta.shape.slice(1).join() !== tb.shape.slice(1).join() || ta.rank !== tb.rank) {
    throw new RangeError(
      `Cannot apply ${op}: expected ${na} and ${nb} with the same columns, got shapes [${
        ta.shape.join(", ")
      }] and [${tb.shape.join(", ")}]`,
    );
  }
}
