/**
 * The input type of the metrics that score class probabilities (ROC AUC, log loss).
 *
 * @module
 */
import type { DenseMatrix } from "../graph/matrix.ts";

/** Class probabilities, one row per sample: rows (`number[][]`, `Float32Array[]`) or a matrix. */
export type ProbabilityRows = ArrayLike<ArrayLike<number>> | DenseMatrix;
