"""Parameter generators of the evaluation quiz's computed questions. INSTRUCTORS ONLY.

Each generator is `name(rng, reference) -> dict`: it draws its question's numbers with `rng`
(a numpy Generator seeded from the learner id, the quiz id and the question id) and returns
them by the names the question's text and explanation use, with the right answer under
"answer", computed by `reference`, the module's reference solution (solutions/evaluation.py).
Numbers are small, so that a learner can work the answer out by hand.
"""

import numpy as np


def f1_of_a_matrix(rng, reference):
    tn, fp, fn, tp = (int(count) for count in rng.integers(1, 30, size=4))
    y_true = np.array([0] * (tn + fp) + [1] * (fn + tp))
    y_pred = np.array([0] * tn + [1] * fp + [0] * fn + [1] * tp)
    precision, recall, f1 = reference.precision_recall_f1(y_true, y_pred, average="binary")
    return {
        "matrix": reference.confusion_matrix(y_true, y_pred),
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "answer": f1,
    }


def accuracy_of_eight(rng, reference):
    y_true = rng.integers(0, 3, size=8)
    y_pred = np.where(rng.random(8) < 0.6, y_true, rng.integers(0, 3, size=8))
    return {
        "y_true": y_true,
        "y_pred": y_pred,
        "right": int(np.sum(y_true == y_pred)),
        "answer": reference.accuracy(y_true, y_pred),
    }


def log_loss_of_four(rng, reference):
    y_true = np.array([0, 1, 0, 1])[rng.permutation(4)]
    proba = rng.integers(1, 10, size=4) / 10  # tenths, never 0 or 1
    p_true = np.where(y_true == 1, proba, 1 - proba)
    return {
        "y_true": y_true,
        "proba": proba,
        "p_true": np.round(p_true, 1),
        "answer": reference.log_loss(y_true, proba),
    }
