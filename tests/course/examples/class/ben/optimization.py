def mse_gradient(w, X, y):
    residuals = X @ w - y
    return X.T @ residuals / len(y)


def gradient_step(w, X, y, learning_rate):
    return w - learning_rate * mse_gradient(w, X, y)
