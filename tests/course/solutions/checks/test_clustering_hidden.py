"""Hidden checks for the clustering module: edge cases and larger inputs (instructors only)."""

import numpy as np

from grader.checks import check

_rng = np.random.default_rng(20240503)
RANDOM_X = _rng.normal(size=(40, 3))
RANDOM_CENTROIDS = _rng.normal(size=(5, 3))
RANDOM_LABELS = _rng.integers(0, 5, size=40)

TIE_HINT = ("A point at the same distance from several centroids goes to the one with the "
            "lowest index: np.argmin returns the first minimum (a loop must replace the best "
            "centroid only on a strictly smaller distance, < and not <=).")
NEAREST_HINT = "Each point goes to the nearest centroid: the smallest distance (argmin)."
EMPTY_HINT = ("A centroid with no points assigned to it stays where it was: the mean of no "
              "points is NaN, so copy the old centroid instead of moving it (not to 0 either).")
MEAN_HINT = ("Row j is the mean of the points with label j, coordinate by coordinate: "
             "X[labels == j].mean(axis=0), not the mean of all their coordinates together.")


@check(points=2, hint=TIE_HINT, ties=True)
def test_assign_a_point_halfway_between_two_centroids_to_the_first(learner):
    """A point halfway between two centroids goes to the first"""
    X = np.array([[2.0, 1.0], [5.0, 1.0], [-1.0, 1.0]])
    centroids = np.array([[0.0, 1.0], [4.0, 1.0]])
    learner.assign_clusters(X, centroids).should_equal([0, 1, 0])


@check(points=1, hint=TIE_HINT, ties=True)
def test_assign_a_tie_between_the_second_and_third_centroids(learner):
    """A tie between the second and third centroids goes to the second"""
    X = np.array([[0.0, 0.0], [0.0, 3.0]])
    centroids = np.array([[0.0, 5.0], [1.0, 0.0], [-1.0, 0.0]])
    learner.assign_clusters(X, centroids).should_equal([1, 0])


@check(points=1, hint=NEAREST_HINT + " Sum the squared differences over every coordinate.")
def test_assign_six_points_in_three_dimensions_to_four_centroids(learner):
    """Assign six points in three dimensions to four centroids"""
    X = np.array([[0.0, 0.0, 0.0], [10.0, 0.0, 0.0], [0.0, 10.0, 0.0], [0.0, 0.0, 10.0],
                  [9.0, 1.0, 0.0], [1.0, 1.0, 8.0]])
    centroids = np.array([[0.0, 0.0, 0.0], [10.0, 0.0, 0.0], [0.0, 10.0, 0.0], [0.0, 0.0, 10.0]])
    learner.assign_clusters(X, centroids).should_equal([0, 1, 2, 3, 1, 3])


@check(points=1, hint="With one point the answer is an array of one label.")
def test_assign_a_single_point(learner):
    """Assign a single point"""
    centroids = np.array([[0.0, 0.0], [4.0, 4.0], [3.0, 0.0]])
    learner.assign_clusters(np.array([[3.0, 3.0]]), centroids).should_equal([1])


@check(points=2, hint=NEAREST_HINT)
def test_assign_forty_random_points(learner, reference):
    """Assign forty random points to five centroids"""
    expected = reference.assign_clusters(RANDOM_X, RANDOM_CENTROIDS)
    learner.assign_clusters(RANDOM_X, RANDOM_CENTROIDS).should_equal(expected)


@check(points=2, hint=EMPTY_HINT)
def test_update_leaves_an_empty_cluster_in_place(learner):
    """A centroid with no points stays where it was"""
    X = np.array([[0.0, 0.0], [2.0, 0.0], [10.0, 10.0]])
    labels = np.array([0, 0, 2])
    centroids = np.array([[1.0, 1.0], [5.0, -3.0], [9.0, 9.0]])
    expected = [[1.0, 0.0], [5.0, -3.0], [10.0, 10.0]]
    learner.update_centroids(X, labels, centroids).should_be_close(expected)


@check(points=1, hint=EMPTY_HINT)
def test_update_with_a_single_point(learner):
    """Update two centroids from a single point"""
    centroids = np.array([[0.0, 1.0], [9.0, 9.0]])
    learner.update_centroids(np.array([[3.0, 4.0]]), np.array([1]), centroids) \
        .should_be_close([[0.0, 1.0], [3.0, 4.0]])


@check(points=1, hint=MEAN_HINT)
def test_update_three_centroids_in_three_dimensions(learner):
    """Move three centroids in three dimensions"""
    X = np.array([[0.0, 0.0, 0.0], [1.0, 2.0, 3.0], [4.0, 4.0, 4.0], [3.0, 2.0, 1.0],
                  [2.0, 4.0, 6.0]])
    labels = np.array([0, 1, 2, 1, 0])
    centroids = np.zeros((3, 3))
    expected = [[1.0, 2.0, 3.0], [2.0, 2.0, 2.0], [4.0, 4.0, 4.0]]
    learner.update_centroids(X, labels, centroids).should_be_close(expected)


@check(points=2, hint=MEAN_HINT)
def test_update_five_centroids_from_forty_random_points(learner, reference):
    """Move five centroids to the means of forty random points"""
    expected = reference.update_centroids(RANDOM_X, RANDOM_LABELS, RANDOM_CENTROIDS)
    learner.update_centroids(RANDOM_X, RANDOM_LABELS, RANDOM_CENTROIDS).should_be_close(expected)


@check(points=2, hint=EMPTY_HINT)
def test_kmeans_step_with_an_empty_cluster(learner):
    """A k-means step in which one centroid gets no points"""
    X = np.array([[0.0, 0.0], [0.0, 2.0], [10.0, 10.0], [10.0, 12.0]])
    centroids = np.array([[1.0, 0.0], [9.0, 9.0], [100.0, 100.0]])
    expected = (np.array([0, 0, 1, 1]), np.array([[0.0, 1.0], [10.0, 11.0], [100.0, 100.0]]))
    learner.kmeans_step(X, centroids).should_be_close(expected)


@check(points=2, hint="The labels returned are the assignment to the centroids given, before "
                      "they move: assign, update with those labels, and return those labels.")
def test_kmeans_step_returns_the_labels_before_the_update(learner):
    """A k-means step returns the labels of the centroids it was given"""
    X = np.array([[0.0], [2.0], [3.0], [10.0]])
    centroids = np.array([[0.0], [5.0]])
    expected = (np.array([0, 0, 1, 1]), np.array([[1.0], [6.5]]))
    learner.kmeans_step(X, centroids).should_be_close(expected)


@check(points=1, hint=TIE_HINT, ties=True)
def test_kmeans_step_with_a_tie(learner):
    """A k-means step with a point halfway between two centroids"""
    X = np.array([[0.0, 0.0], [2.0, 0.0], [4.0, 0.0]])
    centroids = np.array([[1.0, 0.0], [3.0, 0.0]])
    expected = (np.array([0, 0, 1]), np.array([[1.0, 0.0], [4.0, 0.0]]))
    learner.kmeans_step(X, centroids).should_be_close(expected)


@check(points=1, hint="Assign the points to the given centroids, then move the centroids.")
def test_kmeans_step_on_forty_random_points(learner, reference):
    """A k-means step on forty random points"""
    expected = reference.kmeans_step(RANDOM_X, RANDOM_CENTROIDS)
    learner.kmeans_step(RANDOM_X, RANDOM_CENTROIDS).should_be_close(expected)
