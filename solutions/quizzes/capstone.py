"""Parameter generators of the capstone quiz's computed questions. INSTRUCTORS ONLY.

Each generator is `name(rng, reference) -> dict`: it draws its question's numbers with `rng`
(a numpy Generator seeded from the learner id, the quiz id and the question id) and returns
them by the names the question's text and explanation use, with the right answer under
"answer", computed by `reference`, the module's reference solution (solutions/capstone.py).
The numbers are a confusion matrix of rain forecasts, small enough to work out by hand, with
rain the rarer class as in the capstone's data.
"""

import numpy as np


def _confusion(rng):
    """Counts of a classifier's days: rain forecast and rain (tp), forecast and dry (fp),
    missed rain (fn), dry and forecast dry (tn)."""
    tp = int(rng.integers(8, 31))
    fp = int(rng.integers(4, 21))
    fn = int(rng.integers(4, 21))
    tn = int(rng.integers(100, 161))
    return tp, fp, fn, tn


def _scores(reference, tp, fp, fn, tn):
    """The reference's comparison of a classifier with these counts, as compare_models
    takes it: rain as 1, the forecast as a probability above or below 0.5."""
    rain = np.array([1] * tp + [0] * fp + [1] * fn + [0] * tn)
    forecast = np.array([0.9] * (tp + fp) + [0.1] * (fn + tn))
    truth = {"rainfall_tomorrow": np.zeros(len(rain)), "rain_tomorrow": rain}
    return reference.compare_models(truth, {"knn": forecast})["knn"]


def f1_from_a_confusion_matrix(rng, reference):
    tp, fp, fn, tn = _confusion(rng)
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "precision": round(tp / (tp + fp), 4),
        "recall": round(tp / (tp + fn), 4),
        "answer": _scores(reference, tp, fp, fn, tn)["f1"],
    }


def jaccard_from_a_confusion_matrix(rng, reference):
    tp, fp, fn, tn = _confusion(rng)
    return {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "tn": tn,
        "union": tp + fp + fn,
        "answer": _scores(reference, tp, fp, fn, tn)["jaccard"],
    }
