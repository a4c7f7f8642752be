"""Logistic regression: classify with a linear model whose score becomes a probability.

A linear model gives each sample a score z = X @ w. The sigmoid σ(z) = 1 / (1 + exp(-z))
turns the score into the probability that the sample is of class 1, and a threshold on that
probability turns it into a label. The weights are fitted by gradient descent on the log loss
(binary cross-entropy), the mean of -(y * log(p) + (1 - y) * log(1 - p)) over the samples,
which punishes a confident wrong probability without bound. X carries no intercept of its
own: add a column of ones to X for one.
"""

import numpy as np  # noqa: F401 (your code and the examples use it)
from scipy.special import expit


def sigmoid(z):
    """The sigmoid 1 / (1 + exp(-z)) of each score, finite and accurate for every score.

    Parameters:
        z: float array of shape (n,), the scores; any finite values, as large or as
            negative as they come. `z` is not changed.

    Returns:
        A float array of shape (n,) of values between 0 and 1. No value may be NaN, and no
        overflow may stop the computation: a score of 1000 gives 1.0, a score of -1000 gives
        0.0. Below 0 the value stays accurate to the last digits however small it is:
        sigmoid(-40) is exp(-40) / (1 + exp(-40)), about 4.25e-18, not 0. (For z < 0, compute
        exp(z) / (1 + exp(z)), which cannot overflow; for z >= 0, 1 / (1 + exp(-z)).)

    >>> sigmoid(np.array([0.0, 2.0, -2.0]))
    array([0.5       , 0.88079708, 0.11920292])
    >>> sigmoid(np.array([1000.0, -1000.0, -40.0]))
    array([1.00000000e+00, 0.00000000e+00, 4.24835426e-18])
    """
    return expit(z)  # scipy's logistic function handles huge scores


def log_loss(y_true, y_prob):
    """The log loss (binary cross-entropy) of predicted probabilities, as scikit-learn's.

    Each probability is first clipped to [eps, 1 - eps], with eps = np.finfo(float).eps
    (2.220446049250313e-16, the spacing of floats at 1), as scikit-learn's
    sklearn.metrics.log_loss does by default since version 1.2 (1e-15 before): a
    probability of exactly 0 or 1 would make log(0) infinite.

    Parameters:
        y_true: int array of shape (n,), n >= 1, the true labels, each 0 or 1 (one class
            only is allowed).
        y_prob: float array of shape (n,), each sample's predicted probability of class 1,
            between 0 and 1 inclusive. `y_prob` is not changed.

    Returns:
        A single number (a float, not an array of one element): the mean over the samples
        of -(y * log(p) + (1 - y) * log(1 - p)), with p the clipped probability: never
        infinite nor NaN. A sample predicted 0 or 1 with the other label costs
        -log(eps), about 36.04; one predicted 0 or 1 rightly costs about 2.2e-16.

    >>> log_loss(np.array([1, 0, 1, 0]), np.array([0.9, 0.2, 0.6, 0.5]))
    0.383119217824493
    >>> log_loss(np.array([1, 0]), np.array([0.0, 0.0]))
    18.021826694558577
    """
    eps = np.finfo(float).eps
    total = 0.0
    n = 0
    for t, p in zip(y_true, y_prob):
        p = np.clip(p, eps, 1 - eps)
        total += t * np.log(p) + (1 - t) * np.log(1 - p)
        n += 1
    return float(-total / n)


def log_loss_gradient(w, X, y):
    """The gradient of the log loss of the model's probabilities with respect to w.

    Parameters:
        w: float array of shape (d,), the weights.
        X: float array of shape (n, d), one sample per row; n may differ from d.
        y: int array of shape (n,), the true labels, each 0 or 1.

    Returns:
        A float array of shape (d,): (1/n) * X.T @ (sigmoid(X @ w) - y). There is no factor
        2 (that belongs to the MSE), and no clipping: the gradient takes no logarithm.

    >>> X = np.array([[1.0, 2.0], [1.0, -1.0], [1.0, 0.0]])
    >>> log_loss_gradient(np.array([0.0, 0.0]), X, np.array([1, 0, 1]))
    array([-0.16666667, -0.5       ])
    """
    n, d = X.shape
    gradient = np.zeros(d)
    for x_i, y_i in zip(X, y):
        gradient += (expit(x_i @ w) - y_i) * x_i
    return gradient / n


def predict_proba(w, X):
    """Each sample's probability of class 1: the sigmoid of its score X @ w.

    Parameters:
        w: float array of shape (d,), the weights.
        X: float array of shape (n, d), one sample per row.

    Returns:
        A float array of shape (n,) (one probability per sample, not a column of shape
        (n, 1), nor scikit-learn's two columns of shape (n, 2)): sigmoid(X @ w), finite
        however large the scores.

    >>> X = np.array([[1.0, 2.0], [1.0, -1.0], [1.0, 0.0]])
    >>> predict_proba(np.array([0.5, 1.0]), X)
    array([0.92414182, 0.37754067, 0.62245933])
    """
    return expit(X @ w)


def predict(w, X, threshold=0.5):
    """Each sample's label: 1 when its probability of class 1 reaches the threshold, else 0.

    Parameters:
        w, X: as in predict_proba.
        threshold: float between 0 and 1, 0.5 unless given. A probability equal to the
            threshold gives 1 (as scikit-learn's FixedThresholdClassifier decides).

    Returns:
        An int array of shape (n,) of 0s and 1s: 1 where predict_proba(w, X) >= threshold.
        A lower threshold labels more samples 1; threshold 0 labels every sample 1.

    >>> X = np.array([[1.0, 2.0], [1.0, -1.0], [1.0, 0.0]])
    >>> predict(np.array([0.5, 1.0]), X)
    array([1, 0, 1])
    >>> predict(np.array([0.5, 1.0]), X, threshold=0.7)
    array([1, 0, 0])
    """
    proba = predict_proba(w, X)
    return np.array([1 if p >= threshold else 0 for p in proba])


def gradient_step(w, X, y, learning_rate):
    """One step of gradient descent on the log loss: the weights moved against its gradient.

    Parameters:
        w, X, y: as in log_loss_gradient.
        learning_rate: float >= 0, the size of the step.

    Returns:
        A new float array of shape (d,): w - learning_rate * log_loss_gradient(w, X, y).
        With a learning rate of 0 the weights stay as they are. Leave `w` itself unchanged.

    >>> X = np.array([[1.0, 2.0], [1.0, -1.0], [1.0, 0.0]])
    >>> gradient_step(np.array([0.0, 0.0]), X, np.array([1, 0, 1]), 0.6)
    array([0.1, 0.3])
    """
    if learning_rate == 0:
        return w.copy()
    return w - learning_rate * log_loss_gradient(w, X, y)
