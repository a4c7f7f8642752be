import numpy as np
from scipy.special import expit
from sklearn.metrics import log_loss as sk_log_loss


def sigmoid(z):
    return expit(z)


def log_loss(y_true, y_prob):
    # labels=[0, 1] so that a batch of one class only is allowed
    return sk_log_loss(y_true, y_prob, labels=[0, 1])


def log_loss_gradient(w, X, y):
    p = expit(X @ w)
    return X.T @ (p - y) / X.shape[0]


def predict_proba(w, X):
    return expit(X @ w)


def predict(w, X, threshold=0.5):
    return np.where(predict_proba(w, X) >= threshold, 1, 0)


def gradient_step(w, X, y, learning_rate):
    return w - learning_rate * log_loss_gradient(w, X, y)
