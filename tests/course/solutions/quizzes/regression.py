"""Parameter generators of the regression quiz's computed questions. INSTRUCTORS ONLY.

Each generator is `name(rng, reference) -> dict`: it draws its question's numbers with `rng`
(a numpy Generator seeded from the learner id, the quiz id and the question id) and returns
them by the names the question's text and explanation use, with the right answer under
"answer", computed by `reference`, the module's reference solution (solutions/regression.py).
Numbers are small integers, so that a learner can work the answer out by hand.
"""

import numpy as np


def mse_of_six(rng, reference):
    y_true = rng.integers(-5, 10, size=6).astype(float)
    errors = np.zeros(6)
    while np.count_nonzero(errors) < 3:  # a few predictions are right, most are not
        errors = rng.integers(-3, 4, size=6).astype(float)
    y_pred = y_true - errors
    return {
        "y_true": y_true,
        "y_pred": y_pred,
        "errors": errors,
        "squares": errors**2,
        "answer": reference.mean_squared_error(y_true, y_pred),
    }


def r2_of_five(rng, reference):
    y_true = np.zeros(5)
    while np.sum((y_true - y_true.mean()) ** 2) < 10:  # spread out enough for a readable R²
        y_true = rng.integers(0, 11, size=5).astype(float)
        y_true[4] += -y_true.sum() % 5  # an integer mean, easier by hand
    y_pred = y_true + rng.integers(-4, 5, size=5)  # large errors make R² negative at times
    mean = y_true.mean()
    return {
        "y_true": y_true,
        "y_pred": y_pred,
        "mean": mean,
        "ss_res": float(np.sum((y_true - y_pred) ** 2)),
        "ss_tot": float(np.sum((y_true - mean) ** 2)),
        "answer": reference.r2_score(y_true, y_pred),
    }
