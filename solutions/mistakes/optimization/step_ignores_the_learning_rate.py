"""Mistake: the gradient step subtracts the whole gradient, forgetting the learning rate."""

MISTAKE = "learning rate ignored"
HINT = ("your step subtracts the whole gradient: scale it by the learning rate, "
        "w - learning_rate * gradient (a learning rate of 0 must leave w unchanged)")
FUNCTION = "gradient_step"


def mse_gradient(w, X, y):
    return 2 / len(y) * X.T @ (X @ w - y)


def gradient_step(w, X, y, learning_rate):
    return w - mse_gradient(w, X, y)  # the mistake: no learning_rate
