/**
 * The scikit-learn 1.2.1 metric oracle in the shared folder (`shared/oracles/metrics.json`).
 *
 * @module
 */

import { SHARED_DATASETS } from "../_assert.ts";

/** Inputs and expected outputs of the oracle; see its `conventions` field. */
export interface MetricsOracle {
  inputs: {
    y_true: number[];
    y_pred: number[];
    probs: number[][];
    y_true_reg: number[];
    y_pred_reg: number[];
  };
  expected: {
    accuracy: number;
    f1_macro: number;
    f1_micro: number;
    f1_weighted: number;
    f1_per_class: number[];
    precision_macro: number;
    recall_macro: number;
    roc_auc_ovr_macro: number;
    roc_auc_ovr_weighted: number;
    roc_auc_ovr_per_class: number[];
    roc_auc_ovo_macro: number;
    log_loss: number;
    mse: number;
    mae: number;
    r2: number;
    rmse: number;
    confusion_matrix: number[][];
    class_counts_true: number[];
    class_counts_pred: number[];
  };
}

/** Reads the oracle file. */
export async function loadMetricsOracle(): Promise<MetricsOracle> {
  const path = `${SHARED_DATASETS}../oracles/metrics.json`;
  return JSON.parse(await Deno.readTextFile(path));
}

/** The oracle's values are float64; our metrics compute in float64 too. */
export const ORACLE_ATOL = 1e-12;
