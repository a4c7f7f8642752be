"""Mistake: the gradient forgets the factor 2 that comes from differentiating the square."""

MISTAKE = "gradient missing the factor 2"
HINT = ("your gradient is half the expected one: this course's loss is "
        "L = (1/n)·Σ(x·w − y)², whose gradient has the factor 2: (2/n) * X.T @ (X @ w - y)")
FUNCTION = "mse_gradient"


def mse_gradient(w, X, y):
    return 1 / len(y) * X.T @ (X @ w - y)  # the mistake: 1/n instead of 2/n


def gradient_step(w, X, y, learning_rate):
    return w - learning_rate * mse_gradient(w, X, y)
