import numpy as np  # noqa: F401 (your code and the examples use it)


def sgd_epoch(w, X, y, learning_rate, seed):
    for i in np.random.default_rng(seed).permutation(len(X)):
        w = w - learning_rate*2*(X[i]@w - y[i])*X[i]
    return w


def minibatch_epoch(w, X, y, learning_rate, batch_size, seed):
    o = np.random.default_rng(seed).permutation(len(X))
    for B in (o[s:s+batch_size] for s in range(0, len(o), batch_size)):
        w = w - learning_rate*(2/len(B))*X[B].T@(X[B]@w - y[B])
    return w
