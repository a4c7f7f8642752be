import numpy as np


# sigmoid that does not overflow
def sigmoid(z):
    out = np.where(z < 0, np.exp(np.minimum(z, 0)) / (1 + np.exp(np.minimum(z, 0))),
                   1 / (1 + np.exp(-np.maximum(z, 0))))
    return out


def log_loss(y_true, y_prob):
    y_prob = np.clip(y_prob, 1e-15, 1 - 1e-15)
    loss = -np.mean(y_true * np.log(y_prob) + (1 - y_true) * np.log(1 - y_prob))
    return float(loss)


def log_loss_gradient(w, X, y):
    m = len(y)
    h = sigmoid(X.dot(w))
    return 1 / m * X.T.dot(h - y)


def predict_proba(w, X):
    return sigmoid(X.dot(w))


def predict(w, X, threshold=0.5):
    return np.array(predict_proba(w, X) >= threshold, dtype=int)


def gradient_step(w, X, y, learning_rate):
    return w - learning_rate * log_loss_gradient(w, X, y)
