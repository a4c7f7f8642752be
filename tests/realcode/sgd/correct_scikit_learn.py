import warnings

import numpy as np
from sklearn.linear_model import SGDRegressor


def sgd_epoch(w, X, y, learning_rate, seed):
    if learning_rate == 0:
        return w.copy()  # scikit-learn wants eta0 > 0
    order = np.random.default_rng(seed).permutation(len(y))
    # squared_error in scikit-learn is half the squared error, so its step is eta0 * error * x
    model = SGDRegressor(loss="squared_error", penalty=None, learning_rate="constant",
                         eta0=2 * learning_rate, fit_intercept=False, shuffle=False,
                         max_iter=1, tol=None)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ConvergenceWarning after one epoch
        model.fit(X[order], y[order], coef_init=w.copy())
    return model.coef_


def minibatch_epoch(w, X, y, learning_rate, batch_size, seed):
    order = np.random.default_rng(seed).permutation(len(y))
    for start in range(0, len(y), batch_size):
        rows = order[start:start + batch_size]
        w = w - learning_rate * 2 / len(rows) * X[rows].T @ (X[rows] @ w - y[rows])
    return w
