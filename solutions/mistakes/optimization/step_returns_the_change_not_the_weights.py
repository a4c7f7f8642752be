"""Mistake: the gradient step returns the change learning_rate * gradient, not the new weights."""

MISTAKE = "step returns the change, not the new weights"
HINT = ("your step returns learning_rate * gradient, how far the weights move: return the "
        "moved weights themselves, w - learning_rate * gradient")
FUNCTION = "gradient_step"


def mse_gradient(w, X, y):
    return 2 / len(y) * X.T @ (X @ w - y)


def gradient_step(w, X, y, learning_rate):
    return learning_rate * mse_gradient(w, X, y)  # the mistake: the step, not w minus it
