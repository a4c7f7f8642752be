"""Return arrays of zeros and negated inputs: a reason naming the first wrong position, a
difference, a sign or a constant factor would tell the withheld answer."""

import numpy as np


def mean_squared_error(y_true, y_pred):
    return -np.mean((np.asarray(y_true) - np.asarray(y_pred)) ** 2)  # the sign flipped


def r2_score(y_true, y_pred):
    return 0.0
