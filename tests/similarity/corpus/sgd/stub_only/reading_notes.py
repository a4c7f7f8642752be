# sgd -- read the docstrings first, code tomorrow
import numpy as np  # noqa: F401 (your code and the examples use it)


def sgd_epoch(w, X, y, learning_rate, seed):
    """SGD: 1 step per sample.

        order = np.random.default_rng(seed).permutation(n)   # once per epoch!!
        w <- w - lr * 2 * (x_i.w - y_i) * x_i
    """
    raise NotImplementedError


def minibatch_epoch(w, X, y, learning_rate, batch_size, seed):
    """Mini-batch: last batch can be shorter, divide by ITS size (len(B))."""
    raise NotImplementedError
