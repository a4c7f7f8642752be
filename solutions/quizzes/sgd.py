"""Parameter generators of the sgd quiz's computed questions. INSTRUCTORS ONLY.

Each generator is `name(rng, reference) -> dict`: it draws its question's numbers with `rng`
and returns them by the names the question's text and explanation use, with the right answer
under "answer", computed by `reference`, the module's reference solution (solutions/sgd.py).
"""

import numpy as np

LEARNING_RATE = 0.1  # the short batch question's text says η = 0.1


def one_sgd_step(rng, reference):
    x = rng.integers(-3, 4, size=2).astype(float)
    while x[0] == 0:
        x = rng.integers(-3, 4, size=2).astype(float)
    y = float(rng.integers(-4, 5))
    w = rng.integers(-2, 3, size=2).astype(float)
    while not w.any():  # zero weights would make the residual just -y
        w = rng.integers(-2, 3, size=2).astype(float)
    learning_rate = float(rng.choice([0.05, 0.1]))
    new_w = reference.sgd_epoch(w, x[np.newaxis, :], np.array([y]), learning_rate, 0)
    return {
        "x": x,
        "y": y,
        "w": w,
        "learning_rate": learning_rate,
        "residual": float(x @ w - y),
        "first_weight": float(w[0]),
        "first_x": float(x[0]),
        "answer": float(new_w[0]),
    }


def short_batch_step(rng, reference):
    m = int(rng.integers(2, 4))
    x = rng.integers(1, 5, size=m).astype(float)
    y = rng.integers(-2, 9, size=m).astype(float)
    w = float(rng.integers(-2, 3))
    gradient = 2.0 / m * float(np.sum(x * (w * x - y)))
    # A batch larger than the samples is one step on all of them: this short batch's step.
    new_w = reference.minibatch_epoch(np.array([w]), x[:, np.newaxis], y, LEARNING_RATE, 4, 0)
    return {
        "x": x,
        "y": y,
        "w": w,
        "m": m,
        "gradient": gradient,
        "answer": float(new_w[0]),
    }
