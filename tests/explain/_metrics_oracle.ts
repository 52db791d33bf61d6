/**
 * The explanation-metric oracle, `explain_metrics_oracle.json` beside this file: written by
 * `/usr/bin/python3 tools/oracles/explain_metrics_oracle.py` (scikit-learn 1.2.1, torch 1.13,
 * numpy), which records its versions and command in the file. Rerun it to regenerate; the tests
 * only read the file.
 *
 * @module
 */

/** One soft mask against ground-truth motif edges, with sklearn's values. */
export interface GroundTruthCase {
  mask: number[];
  ground_truth: number[];
  threshold: number;
  top_k: number;
  roc_auc: number;
  precision_at_threshold: number;
  recall_at_threshold: number;
  precision_at_top_k: number;
  recall_at_top_k: number;
}

/** Inputs and expected outputs of the oracle; see its `conventions` field. */
export interface ExplainMetricsOracle {
  ground_truth: GroundTruthCase[];
  unfaithfulness: { y: number[][]; y_hat: number[][]; expected: number };
  fidelity_curve: {
    fidelity_plus: number[];
    fidelity_minus: number[];
    x: number[];
    auc: number;
    characterization_score: number[];
  };
  prediction_stability: { runs: number[][][]; std_by_class: number[][]; std: number[] };
}

/** Reads the oracle file. */
export async function loadExplainMetricsOracle(): Promise<ExplainMetricsOracle> {
  return JSON.parse(
    await Deno.readTextFile(new URL("./explain_metrics_oracle.json", import.meta.url)),
  );
}
