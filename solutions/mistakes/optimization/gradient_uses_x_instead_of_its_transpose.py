"""Mistake: the gradient multiplies the residuals by X instead of X.T."""

MISTAKE = "X instead of X.T in the gradient"
HINT = ("the residuals X @ w - y have one value per sample, shape (n,): multiply them by X.T, "
        "shape (d, n), to get one value per weight; X @ residuals only runs when n == d")
FUNCTION = "mse_gradient"


def mse_gradient(w, X, y):
    return 2 / len(y) * X @ (X @ w - y)  # the mistake: X, not X.T


def gradient_step(w, X, y, learning_rate):
    return w - learning_rate * mse_gradient(w, X, y)
