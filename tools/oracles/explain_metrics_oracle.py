#!/usr/bin/python3
"""Write the oracle the explanation-metric tests compare against.

Draws fixed, seeded inputs and computes with scikit-learn, numpy and torch (the operations PyG's
torch_geometric.explain.metric uses): ROC-AUC, precision and recall of soft edge masks against
ground-truth motif edges (sklearn), unfaithfulness 1 - exp(-kl_div(y.log(), y_hat, "batchmean"))
and the fidelity-curve AUC by torch.trapezoid (torch), the characterization score, and the
population standard deviation of repeated predictions (numpy). Writes inputs, expected values,
versions and this command to tests/explain/explain_metrics_oracle.json; the tests read only that.

Usage (from the repository root, with Debian's python3-sklearn and python3-torch):
    /usr/bin/python3 tools/oracles/explain_metrics_oracle.py [--out tests/explain/explain_metrics_oracle.json]
"""

import argparse
import json
import sys

import numpy as np
import sklearn
import torch
import torch.nn.functional as F
from scipy.special import softmax
from sklearn.metrics import precision_score, recall_score, roc_auc_score

SEED = 20240612
COMMAND = "/usr/bin/python3 tools/oracles/explain_metrics_oracle.py"


def draw_masks(rng):
    """Soft edge masks (float32, rounded to 2 decimals so ties occur) and 0/1 motif edges."""
    cases = []
    for num_edges, num_true in [(12, 4), (60, 6), (200, 25)]:
        truth = np.zeros(num_edges, dtype=np.int64)
        truth[rng.choice(num_edges, num_true, replace=False)] = 1
        mask = np.round(rng.uniform(size=num_edges) * 0.7 + 0.3 * truth, 2).astype(np.float32)
        cases.append((mask, truth))
    return cases


def ground_truth_case(mask, truth, threshold, top_k):
    order = sorted(range(len(mask)), key=lambda i: (-float(mask[i]), i))
    topk_selected = np.zeros(len(mask), dtype=np.int64)
    topk_selected[order[:top_k]] = 1
    hard_selected = (mask > np.float32(threshold)).astype(np.int64)
    return {
        "mask": [float(v) for v in mask],
        "ground_truth": truth.tolist(),
        "threshold": threshold,
        "top_k": top_k,
        "roc_auc": float(roc_auc_score(truth, mask)),
        "precision_at_threshold": float(precision_score(truth, hard_selected, zero_division=0)),
        "recall_at_threshold": float(recall_score(truth, hard_selected, zero_division=0)),
        "precision_at_top_k": float(precision_score(truth, topk_selected, zero_division=0)),
        "recall_at_top_k": float(recall_score(truth, topk_selected, zero_division=0)),
    }


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="tests/explain/explain_metrics_oracle.json")
    args = parser.parse_args(argv)
    rng = np.random.default_rng(SEED)

    ground_truth = [
        ground_truth_case(mask, truth, threshold, top_k)
        for (mask, truth), threshold, top_k in zip(draw_masks(rng), [0.5, 0.625, 0.375], [4, 6, 25])
    ]

    # Unfaithfulness: 5 explained nodes, 4 classes, float64 probabilities.
    y = softmax(rng.normal(size=(5, 4)), axis=1)
    y_hat = softmax(rng.normal(size=(5, 4)), axis=1)
    kl = F.kl_div(torch.tensor(y).log(), torch.tensor(y_hat), reduction="batchmean")
    unfaithfulness = 1 - float(torch.exp(-kl))

    # Fidelity curve and characterization score.
    fid_plus = np.round(rng.uniform(size=7), 3)
    fid_minus = np.round(rng.uniform(high=0.9, size=7), 3)
    x = np.sort(np.round(rng.uniform(high=10, size=7), 2))
    curve_auc = float(torch.trapezoid(torch.tensor(fid_plus / (1 - fid_minus)), torch.tensor(x)))
    charact = [float(1 / (0.5 / p + 0.5 / (1 - m))) for p, m in zip(fid_plus, fid_minus)]

    # Prediction stability: 6 runs x 3 nodes x 3 classes.
    runs = softmax(rng.normal(size=(1, 3, 3)) + 0.1 * rng.normal(size=(6, 3, 3)), axis=2)
    std_by_class = runs.std(axis=0)  # numpy's default ddof=0

    oracle = {
        "description": "reference values of explanation metrics (sklearn, torch, numpy) on fixed, "
        "seeded inputs; inputs and expected outputs",
        "command": COMMAND,
        "versions": {"sklearn": sklearn.__version__, "numpy": np.__version__,
                     "torch": torch.__version__},
        "generator": f"numpy.random.default_rng({SEED}); see this script",
        "conventions": {
            "mask": "float32 values written exactly as float64",
            "selection": "threshold: mask > threshold; top_k: the k largest, ties to the lower index",
            "unfaithfulness": "1 - exp(-F.kl_div(y.log(), y_hat, reduction='batchmean')), y and "
            "y_hat 2-D (a list of explained nodes), as PyG's unfaithfulness computes it",
            "std": "numpy std over runs, ddof=0",
        },
        "ground_truth": ground_truth,
        "unfaithfulness": {"y": y.tolist(), "y_hat": y_hat.tolist(), "expected": unfaithfulness},
        "fidelity_curve": {
            "fidelity_plus": fid_plus.tolist(),
            "fidelity_minus": fid_minus.tolist(),
            "x": x.tolist(),
            "auc": curve_auc,
            "characterization_score": charact,
        },
        "prediction_stability": {
            "runs": runs.tolist(),
            "std_by_class": std_by_class.tolist(),
            "std": std_by_class.max(axis=1).tolist(),
        },
    }
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(oracle, f, indent=2)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
