import numpy as np  # noqa: F401 (your code and the examples use it)


def minibatch_epoch(w, X, y, learning_rate, batch_size, seed):
    o = np.random.default_rng(seed).permutation(X.shape[0])
    for B in (o[s:s+batch_size] for s in range(0, o.shape[0], batch_size)):
        w = w - learning_rate*(2/B.shape[0])*X[B].T@(X[B]@w - y[B])
    return w


def sgd_epoch(w, X, y, learning_rate, seed):
    for i in np.random.default_rng(seed).permutation(X.shape[0]):
        w = w - learning_rate*2*(X[i]@w - y[i])*X[i]
    return w


def loss(w, X, y):
    return ((X@w - y)**2).mean()


def fit(X, y, epochs=10, lr=0.01):
    w = np.zeros(X.shape[1])
    for e in range(epochs):
        w = sgd_epoch(w, X, y, lr, e)
    return w
