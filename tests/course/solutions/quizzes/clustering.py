"""Parameter generators of the clustering quiz's computed questions. INSTRUCTORS ONLY.

Each generator is `name(rng, reference) -> dict`: it draws its question's numbers with `rng`
and returns them by the names the question's text and explanation use, with the right answer
under "answer", computed by `reference`, the module's reference solution
(solutions/clustering.py). Points are never at the same distance from two centroids, so
that no answer hangs on the tie-breaking rule.
"""

import numpy as np


def nearest_centroid(rng, reference):
    while True:
        centroids = rng.integers(-5, 6, size=(3, 2)).astype(float)
        x = rng.integers(-5, 6, size=2).astype(float)
        squared = np.sum((centroids - x) ** 2, axis=1)
        if len(np.unique(squared)) == 3 and len(np.unique(centroids, axis=0)) == 3:
            break
    return {
        "c0": centroids[0],
        "c1": centroids[1],
        "c2": centroids[2],
        "x": x,
        "squared": squared,
        "answer": int(reference.assign_clusters(x[np.newaxis], centroids)[0]),
    }


def centroid_after_a_step(rng, reference):
    while True:
        x = np.sort(rng.choice(np.arange(0, 16), size=6, replace=False)).astype(float)
        c0, c1 = np.sort(rng.choice(np.arange(0, 16), size=2, replace=False)).astype(float)
        nearer = np.abs(x - c0) < np.abs(x - c1)
        if np.all(np.abs(x - c0) != np.abs(x - c1)) and 0 < nearer.sum() < len(x):
            break
    _, new_centroids = reference.kmeans_step(x[:, np.newaxis], np.array([[c0], [c1]]))
    return {
        "x": x,
        "c0": c0,
        "c1": c1,
        "members": x[nearer],
        "answer": float(new_centroids[0, 0]),
    }
