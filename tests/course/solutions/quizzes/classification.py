"""Parameter generators of the classification quiz's computed questions. INSTRUCTORS ONLY.

Each generator is `name(rng, reference) -> dict`: it draws its question's numbers with `rng`
and returns them by the names the question's text and explanation use, with the right answer
under "answer", computed by `reference`, the module's reference solution
(solutions/classification.py). Questions avoid equal distances, so that the answer never
hangs on a tie-breaking rule the question does not ask about.
"""

import numpy as np


def distance_of_two_points(rng, reference):
    p = rng.integers(-5, 6, size=2).astype(float)
    q = p
    while np.array_equal(p, q):
        q = rng.integers(-5, 6, size=2).astype(float)
    dx, dy = q - p
    return {
        "p": p,
        "q": q,
        "dx": dx,
        "dy": dy,
        "squared": dx**2 + dy**2,
        "answer": float(reference.euclidean_distances(p[np.newaxis], q[np.newaxis])[0, 0]),
    }


def knn_on_a_line(rng, reference):
    k = int(rng.choice([3, 5]))
    while True:
        x_train = np.sort(rng.choice(np.arange(0, 21), size=7, replace=False)).astype(float)
        query = float(rng.integers(0, 21)) + 0.5
        distances = np.sort(np.abs(x_train - query))
        if distances[k - 1] != distances[k]:  # the k nearest are plain to see
            break
    y_train = rng.integers(1, 3, size=7)
    nearest = np.argsort(np.abs(x_train - query), kind="stable")[:k]
    return {
        "k": k,
        "x_train": x_train,
        "y_train": y_train,
        "query": query,
        "nearest": x_train[np.sort(nearest)],
        "votes": y_train[np.sort(nearest)],
        "answer": int(reference.knn_predict(x_train[:, np.newaxis], y_train,
                                            np.array([[query]]), k)[0]),
    }


def vote_of_neighbours(rng, reference):
    k = int(rng.choice([4, 6]))
    choices = rng.choice([2, 3, 5, 7, 8, 9], size=3, replace=False)
    tie = rng.random() < 0.6  # most learners get a tie, the point of the question
    labels = np.repeat(choices[:2], k // 2) if tie else rng.choice(choices, size=k)
    labels = rng.permutation(labels)
    values, counts = np.unique(labels, return_counts=True)
    tied = values[counts == counts.max()]
    why = (f"{' and '.join(map(str, tied))} tie with {counts.max()} votes each, and the "
           f"smallest of them wins." if len(tied) > 1 else f"{tied[0]} has the most votes.")
    return {
        "k": k,
        "labels": labels,
        "counts": ", ".join(f"{v}: {c}" for v, c in zip(values, counts, strict=True)),
        "why": why,
        "answer": int(reference.majority_vote(labels)),
    }
