import numpy as np  # noqa: F401 (your code and the examples use it)


def kmeans_step(X, centroids):
    lab = assign_clusters(X, centroids)
    old = centroids
    return lab, update_centroids(X, lab, centroids)


def assign_clusters(X, centroids):
    return np.argmin(np.sum((X[:, None] - centroids) * (X[:, None] - centroids), axis=-1), axis=1)


def update_centroids(X, labels, centroids):
    return np.array([X[labels == j].mean(0) if np.any(labels == j) else c
                     for j, c in enumerate(centroids)], dtype=float)


if __name__ == "__main__":
    pts = np.random.rand(20, 2)
    print(kmeans_step(pts, pts[:3]))
