"""The metrics a project's models are compared by, computed in the trusted process: MAE, MSE
and R² for a regression; accuracy, Jaccard, F1 and log loss for a binary classifier, whose
labels are its probabilities above one half (scikit-learn's `predict`).

They give scikit-learn's numbers (tests/test_predictions.py holds them to it on random and
edge-case inputs) with numpy alone: importing scikit-learn's metrics takes a second and a
half, which a learner's self-check would wait for."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "CLASSIFICATION",
    "METRICS",
    "REGRESSION",
    "Metric",
    "classification_scores",
    "confusion",
    "labels",
    "regression_scores",
    "roc",
    "scores",
]


@dataclass(frozen=True)
class Metric:
    name: str  # as the pipeline's comparison names it: "log_loss"
    title: str  # as a learner reads it: "log loss"
    higher_is_better: bool
    kind: str  # "regression" or "classification"

    def better(self, one: float, other: float) -> bool:
        return one > other if self.higher_is_better else one < other


REGRESSION = ("mae", "mse", "r2")
CLASSIFICATION = ("accuracy", "jaccard", "f1", "log_loss")
METRICS = {
    metric.name: metric
    for metric in (
        Metric("mae", "MAE", False, "regression"),
        Metric("mse", "MSE", False, "regression"),
        Metric("r2", "R²", True, "regression"),
        Metric("accuracy", "accuracy", True, "classification"),
        Metric("jaccard", "Jaccard score", True, "classification"),
        Metric("f1", "F1 score", True, "classification"),
        Metric("log_loss", "log loss", False, "classification"),
    )
}


def labels(probability: np.ndarray) -> np.ndarray:
    """The classes a binary classifier's probabilities of class 1 say."""
    return (np.asarray(probability, dtype=float) > 0.5).astype(int)


def regression_scores(actual: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    """MAE, MSE and R² as scikit-learn's metrics give them (R² of constant targets: 1.0
    for a perfect prediction, else 0.0, its `force_finite`)."""
    actual, predicted = np.asarray(actual, dtype=float), np.asarray(predicted, dtype=float)
    errors = actual - predicted
    squares = float(np.sum(errors**2))
    spread = float(np.sum((actual - actual.mean()) ** 2))
    r2 = (1.0 if squares == 0 else 0.0) if spread == 0 else 1.0 - squares / spread
    return {
        "mae": float(np.mean(np.abs(errors))),
        "mse": squares / actual.size,
        "r2": float(r2),
    }


def classification_scores(actual: np.ndarray, probability: np.ndarray) -> dict[str, float]:
    """Accuracy, Jaccard and F1 of the labels (class 1 positive; a score that divides by
    zero is 0.0, scikit-learn's zero_division=0.0) and the log loss of the probabilities,
    each clipped to [eps, 1 - eps] as scikit-learn's log_loss does."""
    actual = np.asarray(actual, dtype=int)
    probability = np.asarray(probability, dtype=float)
    (_, fp), (fn, tp) = confusion(actual, labels(probability))
    eps = np.finfo(float).eps
    losses = actual * np.log(np.clip(probability, eps, 1 - eps)) + (1 - actual) * np.log(
        np.clip(1 - probability, eps, 1 - eps)
    )
    return {
        "accuracy": float(np.mean(actual == labels(probability))),
        "jaccard": tp / (tp + fp + fn) if tp + fp + fn else 0.0,
        "f1": 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0,
        "log_loss": float(-np.mean(losses)),
    }


def confusion(actual: np.ndarray, predicted: np.ndarray) -> tuple[tuple[int, int], tuple[int, int]]:
    """((true negatives, false positives), (false negatives, true positives)): rows true,
    columns predicted, as scikit-learn's confusion_matrix with labels [0, 1]."""
    actual, predicted = np.asarray(actual) == 1, np.asarray(predicted) == 1
    return (
        (int(np.sum(~actual & ~predicted)), int(np.sum(~actual & predicted))),
        (int(np.sum(actual & ~predicted)), int(np.sum(actual & predicted))),
    )


def roc(actual: np.ndarray, score: np.ndarray) -> tuple[np.ndarray, np.ndarray, float]:
    """The ROC curve's false and true positive rates at each distinct score, from (0, 0) to
    (1, 1), and the area under it (the trapezoids', as scikit-learn's roc_auc_score). Both
    classes must be present."""
    actual = np.asarray(actual) == 1
    order = np.argsort(-np.asarray(score, dtype=float), kind="stable")
    ranked, hits = np.asarray(score, dtype=float)[order], actual[order]
    last = np.r_[np.flatnonzero(np.diff(ranked)), ranked.size - 1]  # each distinct score's end
    tps, fps = np.cumsum(hits)[last], np.cumsum(~hits)[last]
    tpr = np.r_[0.0, tps / tps[-1]]
    fpr = np.r_[0.0, fps / fps[-1]]
    return fpr, tpr, float(np.trapezoid(tpr, fpr))


def scores(kind: str, actual: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    if kind == "regression":
        return regression_scores(actual, predicted)
    return classification_scores(actual, predicted)
