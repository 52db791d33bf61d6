#!/usr/bin/python3
"""Write the scikit-learn oracle the metric tests compare against.

Draws a fixed, seeded prediction set (200 samples, 4 classes, and a regression pair), computes the
classification and regression metrics with scikit-learn, and writes inputs, expected values,
versions and this command to tests/metrics/metrics_oracle.json. The tests read only that file.

Usage (from the repository root, with Debian's python3-sklearn):
    /usr/bin/python3 tools/oracles/metrics_oracle.py [--out tests/metrics/metrics_oracle.json]
"""

import argparse
import json
import sys

import numpy as np
import sklearn
from scipy.special import softmax
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    f1_score,
    log_loss,
    mean_absolute_error,
    mean_squared_error,
    precision_score,
    r2_score,
    recall_score,
    roc_auc_score,
)

SEED = 20240607
N_SAMPLES = 200
N_CLASSES = 4
COMMAND = "/usr/bin/python3 tools/oracles/metrics_oracle.py"


def draw_inputs():
    """The prediction set: labels, softmax probabilities with the true class favoured, a regression."""
    rng = np.random.default_rng(SEED)
    y_true = rng.integers(0, N_CLASSES, N_SAMPLES)
    logits = rng.normal(size=(N_SAMPLES, N_CLASSES))
    logits[np.arange(N_SAMPLES), y_true] += 1.0
    probs = softmax(logits, axis=1)
    y_pred = probs.argmax(axis=1)
    y_true_reg = rng.normal(size=N_SAMPLES)
    y_pred_reg = 0.8 * y_true_reg + rng.normal(scale=0.5, size=N_SAMPLES)
    return y_true, probs, y_pred, y_true_reg, y_pred_reg


def expected_values(y_true, probs, y_pred, y_true_reg, y_pred_reg):
    """Every metric the tests check, computed by scikit-learn."""
    classes = np.arange(N_CLASSES)
    mse = mean_squared_error(y_true_reg, y_pred_reg)
    return {
        "accuracy": accuracy_score(y_true, y_pred),
        "f1_macro": f1_score(y_true, y_pred, average="macro"),
        "f1_micro": f1_score(y_true, y_pred, average="micro"),
        "f1_weighted": f1_score(y_true, y_pred, average="weighted"),
        "f1_per_class": f1_score(y_true, y_pred, average=None).tolist(),
        "precision_macro": precision_score(y_true, y_pred, average="macro"),
        "recall_macro": recall_score(y_true, y_pred, average="macro"),
        "roc_auc_ovr_macro": roc_auc_score(y_true, probs, multi_class="ovr", average="macro"),
        "roc_auc_ovr_weighted": roc_auc_score(y_true, probs, multi_class="ovr", average="weighted"),
        "roc_auc_ovr_per_class": [roc_auc_score(y_true == c, probs[:, c]) for c in classes],
        "roc_auc_ovo_macro": roc_auc_score(y_true, probs, multi_class="ovo", average="macro"),
        "log_loss": log_loss(y_true, probs, labels=classes),
        "mse": mse,
        "mae": mean_absolute_error(y_true_reg, y_pred_reg),
        "r2": r2_score(y_true_reg, y_pred_reg),
        "rmse": float(np.sqrt(mse)),
        "confusion_matrix": confusion_matrix(y_true, y_pred, labels=classes).tolist(),
        "class_counts_true": np.bincount(y_true, minlength=N_CLASSES).tolist(),
        "class_counts_pred": np.bincount(y_pred, minlength=N_CLASSES).tolist(),
    }


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="tests/metrics/metrics_oracle.json")
    args = parser.parse_args(argv)
    y_true, probs, y_pred, y_true_reg, y_pred_reg = draw_inputs()
    expected = expected_values(y_true, probs, y_pred, y_true_reg, y_pred_reg)
    oracle = {
        "description": "scikit-learn reference values of classification and regression metrics "
        "on a fixed, seeded prediction set; inputs and expected outputs",
        "command": COMMAND,
        "versions": {"sklearn": sklearn.__version__, "numpy": np.__version__},
        "generator": {
            "numpy_rng": f"numpy.random.default_rng({SEED})",
            "recipe": "y_true = rng.integers(0, 4, 200); logits = rng.normal(size=(200, 4)); "
            "logits[i, y_true[i]] += 1; probs = scipy.special.softmax(logits, axis=1); "
            "y_pred = argmax(probs, 1); y_true_reg = rng.normal(size=200); "
            "y_pred_reg = 0.8 * y_true_reg + rng.normal(scale=0.5, size=200)",
        },
        "conventions": {
            "y_pred": "argmax of probs (no ties occur in this set)",
            "averages": "sklearn defaults (zero_division='warn', which no class here triggers)",
            "roc_auc_ovr_per_class": "roc_auc_score(y_true == c, probs[:, c])",
            "precision": "float64; JSON numbers are the shortest round-trip repr of each float64",
        },
        "inputs": {
            "y_true": y_true.tolist(),
            "y_pred": y_pred.tolist(),
            "probs": probs.tolist(),
            "y_true_reg": y_true_reg.tolist(),
            "y_pred_reg": y_pred_reg.tolist(),
        },
        "expected": {k: float(v) if isinstance(v, np.floating) else v for k, v in expected.items()},
    }
    with open(args.out, "w", encoding="utf-8") as f:
        json.dump(oracle, f, indent=2)
        f.write("\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
