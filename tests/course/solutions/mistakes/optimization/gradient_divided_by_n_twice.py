"""Mistake: the gradient is divided by n twice (a mean of residuals, then by n again)."""

MISTAKE = "gradient divided by n twice"
HINT = ("your gradient is n times too small: divide by the number of samples once, "
        "(2/n) * X.T @ (X @ w - y)")
FUNCTION = "mse_gradient"


def mse_gradient(w, X, y):
    n = len(y)
    return 2 / n * X.T @ ((X @ w - y) / n)  # the mistake: a second division by n


def gradient_step(w, X, y, learning_rate):
    return w - learning_rate * mse_gradient(w, X, y)
