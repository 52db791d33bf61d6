/**
 * Argument checks shared by the layers, so every layer words its errors the same way.
 *
 * @module
 */
import * as tf from "@tensorflow/tfjs";
import type { SparseAdjacency } from "../sparse/adjacency.ts";
import type { NodeFeatures } from "./module.ts";
import { createRng, type Rng } from "../random/rng.ts";
import type { InitOptions } from "./init.ts";

/** Throws unless `value` is a positive integer: `Cannot create GCNConv: inChannels must be ...`. */
export function checkPositiveInt(what: string, key: string, value: number): void {
  if (!(Number.isInteger(value) && value > 0)) {
    throw new RangeError(`Cannot create ${what}: ${key} must be a positive integer, got ${value}`);
  }
}

/** Throws unless `value` is a probability in `[0, 1)`. */
export function checkRate(what: string, key: string, value: number): void {
  if (!(value >= 0 && value < 1)) {
    throw new RangeError(`Cannot create ${what}: ${key} must be in [0, 1), got ${value}`);
  }
}

/** `[rows, cols]` of dense or CSR features. */
export function featureShape(x: NodeFeatures): [number, number] {
  return x instanceof tf.Tensor ? [x.shape[0], x.shape[1]] : [x.rows, x.cols];
}

/** Checks `x` is 2-D with `inChannels` columns and, when `adj` is given, one row per node. */
export function checkFeatures(
  layer: string,
  x: NodeFeatures,
  inChannels: number,
  adj?: SparseAdjacency,
): void {
  if (x instanceof tf.Tensor && x.rank !== 2) {
    throw new RangeError(`Cannot apply ${layer}: expected 2-D x [N, F], got shape [${x.shape}]`);
  }
  const [rows, cols] = featureShape(x);
  if (cols !== inChannels) {
    throw new RangeError(
      `Cannot apply ${layer}: expected x with ${inChannels} columns, got ${cols}`,
    );
  }
  if (adj && rows !== adj.numNodes) {
    throw new RangeError(
      `Cannot apply ${layer}: expected x with ${adj.numNodes} rows (one per node), got ${rows}`,
    );
  }
}

/** The generator `options` asks for. */
export function initRng(options: InitOptions): Rng {
  return options.rng ?? createRng(options.seed ?? 0);
}
