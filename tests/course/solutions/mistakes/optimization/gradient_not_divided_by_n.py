"""Mistake: the gradient is of the sum of squared errors: it is not divided by n."""

MISTAKE = "gradient not divided by n"
HINT = ("your gradient is n times too large: the loss is a mean, so divide by the number of "
        "samples, (2/n) * X.T @ (X @ w - y)")
FUNCTION = "mse_gradient"


def mse_gradient(w, X, y):
    return 2 * X.T @ (X @ w - y)  # the mistake: no division by n


def gradient_step(w, X, y, learning_rate):
    return w - learning_rate * mse_gradient(w, X, y)
