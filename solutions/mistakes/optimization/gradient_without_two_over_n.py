"""Mistake: the gradient is X.T @ (X @ w - y), missing both the factor 2 and the 1/n."""

MISTAKE = "gradient without the 2/n"
HINT = ("your gradient is X.T @ (X @ w - y), n/2 times too large: the derivative of the mean "
        "of the squares brings a factor 2 and a division by the number of samples n, "
        "(2/n) * X.T @ (X @ w - y)")
FUNCTION = "mse_gradient"


def mse_gradient(w, X, y):
    return X.T @ (X @ w - y)  # the mistake: neither 2 nor 1/n


def gradient_step(w, X, y, learning_rate):
    return w - learning_rate * (2.0 / len(y)) * (X.T @ (X @ w - y))
