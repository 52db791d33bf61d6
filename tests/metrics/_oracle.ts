/**
 * The scikit-learn metric oracle, `metrics_oracle.json` beside this file: written by
 * `/usr/bin/python3 tools/oracles/metrics_oracle.py` (scikit-learn 1.2.1), which records its
 * versions and command in the file. Rerun it to regenerate; the tests only read the file.
 *
 * @module
 */

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
  return JSON.parse(await Deno.readTextFile(new URL("./metrics_oracle.json", import.meta.url)));
}

/** The oracle's values are float64; our metrics compute in float64 too. */
export const ORACLE_ATOL = 1e-12;
