"""Parameter generators of the logistic_regression quiz's computed questions. INSTRUCTORS ONLY.

Each generator is `name(rng, reference) -> dict`: it draws its question's numbers with `rng`
and returns them by the names the question's text and explanation use, with the right answer
under "answer", computed by `reference`, the module's reference solution
(solutions/logistic_regression.py).
"""

import numpy as np


def probability_of_a_sample(rng, reference):
    w = rng.integers(-3, 4, size=3).astype(float) / 2.0
    x = np.concatenate([[1.0], rng.integers(-2, 3, size=2).astype(float)])
    while x @ w == 0:  # a score of 0 gives 0.5 whatever the weights: draw again
        x[1:] = rng.integers(-2, 3, size=2)
    probability = reference.predict_proba(w, x[np.newaxis, :])
    return {
        "w": w,
        "x": x,
        "score": float(x @ w),
        "answer": round(float(probability[0]), 4),
    }


def log_loss_of_three_samples(rng, reference):
    y = rng.permutation([0, 1, rng.integers(0, 2)])
    p = rng.integers(1, 10, size=3) / 10.0
    costs = np.where(y == 1, -np.log(p), -np.log(1.0 - p))
    return {
        "y": y,
        "p": p,
        "costs": np.round(costs, 4),
        "answer": round(reference.log_loss(y, p), 4),
    }
