"""Parameter generators of the decision_trees quiz's computed questions. INSTRUCTORS ONLY.

Each generator is `name(rng, reference) -> dict`: it draws its question's numbers with `rng`
and returns them by the names the question's text and explanation use, with the right answer
under "answer", computed by `reference`, the module's reference solution
(solutions/decision_trees.py). The threshold question draws again until one threshold gains
clearly more than the others, so that its answer never hangs on the rule for ties.
"""

import numpy as np


def _labels(counts):
    return np.repeat(np.arange(len(counts)), counts)


def _counted(counts):
    """`[3, 1]` as "3 of class A and 1 of class B"."""
    named = [f"{c} of class {'ABC'[k]}" for k, c in enumerate(counts)]
    return ", ".join(named[:-1]) + " and " + named[-1]


def _shown(values):
    return ", ".join(f"{v:.3f}" for v in values)


def gini_of_a_node(rng, reference):
    counts = rng.integers(1, 9, size=3)
    shares = counts / counts.sum()
    return {
        "counts": _counted(counts),
        "shares": _shown(shares),
        "squares": " + ".join(f"{s:.3f}²" for s in shares),
        "answer": reference.gini(_labels(counts)),
    }


def gain_of_a_split(rng, reference):
    left = rng.integers(1, 7, size=2)
    right = rng.integers(1, 7, size=2)
    parent = left + right
    y = np.concatenate([_labels(left), _labels(right)])
    goes_left = np.arange(len(y)) < left.sum()
    n = len(y)
    return {
        "parent": _counted(parent),
        "left": _counted(left),
        "right": _counted(right),
        "g_parent": f"{reference.gini(y):.3f}",
        "g_left": f"{reference.gini(_labels(left)):.3f}",
        "g_right": f"{reference.gini(_labels(right)):.3f}",
        "w_left": f"{left.sum()}/{n}",
        "w_right": f"{right.sum()}/{n}",
        "answer": reference.information_gain(y, goes_left),
    }


def threshold_on_a_line(rng, reference):
    while True:
        x = rng.choice(np.arange(1, 13), size=6, replace=False).astype(float)
        y = rng.integers(0, 2, size=6)
        values = np.unique(x)
        candidates = (values[:-1] + values[1:]) / 2
        gains = np.array([reference.information_gain(y, x <= t) for t in candidates])
        top = np.sort(gains)[::-1]
        if top[0] > 0 and top[0] - top[1] > 0.01:  # one clear best: no tie to break
            break
    threshold, _ = reference.best_threshold(x, y)
    return {
        "x": x,
        "y": y,
        "candidates": ", ".join(f"{t:g}" for t in candidates),
        "gains": _shown(gains),
        "answer": threshold,
    }
