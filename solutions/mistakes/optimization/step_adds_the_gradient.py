"""Mistake: the gradient step adds the gradient (climbs the loss) instead of subtracting it."""

MISTAKE = "step goes up the gradient (w + lr * g)"
HINT = ("your step adds the gradient, which climbs the loss: gradient descent moves against "
        "it, w - learning_rate * gradient")
FUNCTION = "gradient_step"


def mse_gradient(w, X, y):
    return 2 / len(y) * X.T @ (X @ w - y)


def gradient_step(w, X, y, learning_rate):
    return w + learning_rate * mse_gradient(w, X, y)  # the mistake: + instead of -
