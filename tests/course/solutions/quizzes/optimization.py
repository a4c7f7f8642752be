"""Parameter generators of the optimization quiz's computed questions. INSTRUCTORS ONLY.

Each generator is `name(rng, reference) -> dict`: it draws its question's numbers with `rng`
and returns them by the names the question's text and explanation use, with the right answer
under "answer", computed by `reference`, the module's reference solution
(solutions/optimization.py).
"""

import numpy as np

LEARNING_RATE = 0.1  # the questions' text says η = 0.1


def gradient_component(rng, reference):
    X = rng.integers(-3, 4, size=(3, 2)).astype(float)
    while not X[:, 0].any():
        X = rng.integers(-3, 4, size=(3, 2)).astype(float)
    y = rng.integers(-4, 5, size=3).astype(float)
    w = rng.integers(-2, 3, size=2).astype(float)
    return {
        "X": X,
        "y": y,
        "w": w,
        "residuals": X @ w - y,
        "column": X[:, 0],
        "answer": float(reference.mse_gradient(w, X, y)[0]),
    }


def w_after_one_step(rng, reference):
    x = rng.integers(1, 5, size=4).astype(float)
    y = rng.integers(-2, 9, size=4).astype(float)
    w = float(rng.integers(-2, 3))
    gradient = 2.0 / len(x) * float(np.sum(x * (w * x - y)))
    new_w = reference.gradient_step(np.array([w]), x[:, np.newaxis], y, LEARNING_RATE)
    return {
        "x": x,
        "y": y,
        "w": w,
        "gradient": gradient,
        "answer": float(new_w[0]),
    }
