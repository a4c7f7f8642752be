"""The metrics a project's models are compared by, computed with scikit-learn in the trusted
process: MAE, MSE and R² for a regression; accuracy, Jaccard, F1 and log loss for a binary
classifier, whose labels are its probabilities above one half (scikit-learn's `predict`)."""

from __future__ import annotations

import warnings
from dataclasses import dataclass

import numpy as np

__all__ = [
    "CLASSIFICATION",
    "METRICS",
    "REGRESSION",
    "Metric",
    "classification_scores",
    "labels",
    "regression_scores",
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
    from sklearn import metrics

    return {
        "mae": float(metrics.mean_absolute_error(actual, predicted)),
        "mse": float(metrics.mean_squared_error(actual, predicted)),
        "r2": float(metrics.r2_score(actual, predicted)),
    }


def classification_scores(actual: np.ndarray, probability: np.ndarray) -> dict[str, float]:
    """`actual` holds 0 and 1; `probability` each row's probability of 1."""
    from sklearn import metrics

    predicted = labels(probability)
    with warnings.catch_warnings():  # a set of one class warns; the score is still defined
        warnings.simplefilter("ignore")
        return {
            "accuracy": float(metrics.accuracy_score(actual, predicted)),
            "jaccard": float(metrics.jaccard_score(actual, predicted, zero_division=0.0)),
            "f1": float(metrics.f1_score(actual, predicted, zero_division=0.0)),
            "log_loss": float(metrics.log_loss(actual, probability, labels=[0, 1])),
        }


def scores(kind: str, actual: np.ndarray, predicted: np.ndarray) -> dict[str, float]:
    if kind == "regression":
        return regression_scores(actual, predicted)
    return classification_scores(actual, predicted)
