"""A learner file whose every message tries to drive the terminal that shows it."""

import numpy as np

raise RuntimeError("\x1b[2J\x1b[H\x1b]0;all checks pass\x07")  # a note: top-level that raised


def mean_squared_error(y_true, y_pred):
    raise ValueError("\rPASS     1/1  MSE of four predictions\x1b[K")


def r2_score(y_true, y_pred):
    y_true = np.asarray(y_true, dtype=float)
    raise ArithmeticError("r2\b\b\b\u202eSSAP\u202c \x9b2J")
