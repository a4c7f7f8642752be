"""Parameter generators of the preprocessing quiz's computed questions. INSTRUCTORS ONLY.

Each generator is `name(rng, reference) -> dict`: it draws its question's numbers with `rng`
and returns them by the names the question's text and explanation use, with the right answer
under "answer", computed by `reference`, the module's reference solution
(solutions/preprocessing.py). The training values are never all equal, so that no answer
hangs on the rule for a constant column, and the test value lies outside them, so that an
answer from the test value's own statistics is wrong.
"""

import numpy as np


def _values_and_test_value(rng):
    while True:
        values = rng.integers(0, 21, size=5).astype(float)
        if len(np.unique(values)) > 1:
            return values, float(rng.integers(21, 31))


def z_score(rng, reference):
    values, x = _values_and_test_value(rng)
    _, z_test = reference.standardize(values[:, np.newaxis], np.array([[x]]))
    return {
        "values": values,
        "x": x,
        "mean": round(float(values.mean()), 4),
        "std": round(float(values.std()), 4),
        "answer": float(z_test[0, 0]),
    }


def min_max_value(rng, reference):
    values, x = _values_and_test_value(rng)
    _, s_test = reference.min_max_scale(values[:, np.newaxis], np.array([[x]]))
    return {
        "values": values,
        "x": x,
        "low": float(values.min()),
        "span": float(values.max() - values.min()),
        "answer": float(s_test[0, 0]),
    }
