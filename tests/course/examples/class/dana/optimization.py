def mse_gradient(w, X, y):
    n = len(y)
    return 2 / n * X.T @ (X @ w - y)


def gradient_step(w, X, y, learning_rate):
    return w - learning_rate * mse_gradient(w, X, y)
