"""Mistake: the residuals are y - X @ w, so the gradient has the wrong sign."""

MISTAKE = "residuals reversed (gradient sign flipped)"
HINT = ("your gradient has the opposite sign: the residuals are X @ w - y (prediction minus "
        "target), not y - X @ w")
FUNCTION = "mse_gradient"


def mse_gradient(w, X, y):
    return 2 / len(y) * X.T @ (y - X @ w)  # the mistake: y - X @ w


def gradient_step(w, X, y, learning_rate):
    return w - learning_rate * mse_gradient(w, X, y)
