"""Hidden checks for the classification module: edge cases and larger inputs (instructors only)."""

import numpy as np

from grader.checks import check

_rng = np.random.default_rng(20240502)
RANDOM_A = _rng.normal(size=(6, 3))
RANDOM_B = _rng.normal(size=(9, 3))
RANDOM_X_TRAIN = _rng.normal(size=(30, 3))
RANDOM_Y_TRAIN = _rng.choice(np.array([0, 4, 9]), size=30)
RANDOM_X_QUERY = _rng.normal(size=(8, 3))

# Coincident points with non-integer coordinates: sqrt(|a|^2 + |b|^2 - 2 a.b) rounds the value
# under the root slightly below zero for some of them and returns NaN; integer points stay exact.
COINCIDENT = np.array([[-1.73, -4.52, 2.7], [-4.43, 8.06, 3.7], [-1.44, 2.28, 6.45],
                       [11.34, -3.69, 4.26], [2.07, -1.12, 4.37]])
# Correct code that expands the square (scikit-learn's pairwise distances) is off by about
# sqrt(eps) * |a| at coincident points: a tolerance that such code passes and NaN never does.
COINCIDENT_ATOL = 1e-6
KNN_X_TRAIN = np.array([[-1.73, -4.52, 2.7], [-4.43, 8.06, 3.7], [-1.44, 2.28, 6.45],
                        [11.34, -3.69, 4.26], [2.07, -1.12, 4.37], [2.03, 4.3, -2.1],
                        [-0.01, 1.58, 0.08], [0.07, -3.07, 0.51]])
# Around the first query, four training points at distance 1 after two at distance 2; around
# the second, three at distance 1 after one at 0.5: NumPy's default argsort returns both rows of
# ties out of order (tests/test_realcode.py checks that it still does).
UNSTABLE_X_TRAIN = np.array([[2.5, -0.25], [0.5, -2.25], [0.5, 0.75], [-0.5, -0.25],
                             [1.5, -0.25], [0.5, -1.25], [41.0, 0.0], [40.5, 1.0], [39.5, 0.0],
                             [40.5, -1.0]])
UNSTABLE_Y_TRAIN = np.array([7, 2, 2, 3, 3, 2, 2, 9, 7, 9])
UNSTABLE_X_QUERY = np.array([[0.5, -0.25], [40.5, 0.0]])

SHAPE_HINT = ("A has m rows and B has n rows, and they may differ: the result has shape "
              "(len(A), len(B)). Broadcasting A[:, None, :] - B[None, :, :] gives every pair.")
LABELS_HINT = ("Labels can be any integers, not only 0..c-1: return the label itself, not its "
               "position among the labels. np.unique(labels, return_counts=True) gives both "
               "the labels and their counts.")
TIE_HINT = ("When labels are equally frequent, return the smallest of them, whatever their "
            "order in the input (np.unique sorts the labels, and np.argmax takes the first "
            "largest count).")
STABLE_HINT = ("Training points at the same distance are taken in their order in X_train: "
               "np.argsort(distances, kind=\"stable\"), not sorting by (distance, label).")


@check(points=2, hint=SHAPE_HINT)
def test_distances_from_three_points_to_five_points(learner):
    """Distances from three points to five points"""
    A = np.array([[0.0, 0.0], [3.0, 4.0], [-1.0, 2.0]])
    B = np.array([[0.0, 0.0], [6.0, 8.0], [3.0, 0.0], [0.0, -2.0], [-1.0, 2.0]])
    expected = [
        [0.0, 10.0, 3.0, 2.0, 2.23606797749979],
        [5.0, 5.0, 4.0, 6.708203932499369, 4.47213595499958],
        [2.23606797749979, 9.219544457292887, 4.47213595499958, 4.123105625617661, 0.0],
    ]
    learner.euclidean_distances(A, B).should_be_close(expected)


@check(points=1, hint="Sum the squared differences over every coordinate (axis=-1), "
                      "however many there are.")
def test_distances_in_four_dimensions(learner):
    """Distances between points with four coordinates"""
    A = np.array([[1.0, 1.0, 1.0, 1.0], [0.0, 0.0, 0.0, 0.0]])
    B = np.array([[0.0, 0.0, 0.0, 0.0], [1.0, 2.0, 3.0, 4.0], [2.0, 2.0, 2.0, 2.0]])
    expected = [[2.0, 3.7416573867739413, 2.0], [0.0, 5.477225575051661, 4.0]]
    learner.euclidean_distances(A, B).should_be_close(expected)


@check(points=1, hint="With one point in A and one in B the answer is a 1 x 1 array.")
def test_distance_between_two_single_points(learner):
    """Distance between two single points"""
    learner.euclidean_distances(np.array([[1.0, 2.0]]), np.array([[4.0, 6.0]])) \
        .should_be_close([[5.0]])


@check(points=2, hint=SHAPE_HINT)
def test_distances_between_random_points(learner, reference):
    """Distances from six random points to nine random points"""
    expected = reference.euclidean_distances(RANDOM_A, RANDOM_B)
    learner.euclidean_distances(RANDOM_A, RANDOM_B).should_be_close(expected)


@check(points=2, hint="A point is at distance 0 from itself, whatever its coordinates: compute "
                      "the differences A[i] - B[j] and square them. Expanding |a|^2 + |b|^2 - 2a.b "
                      "rounds below 0 at coincident points, and the square root gives NaN.")
def test_distances_between_coincident_points_with_decimals(learner, reference):
    """Distances between coincident points with non-integer coordinates"""
    B = COINCIDENT[[3, 0, 4, 1, 2]]
    expected = reference.euclidean_distances(COINCIDENT, B)
    learner.euclidean_distances(COINCIDENT, B).should_be_close(expected, atol=COINCIDENT_ATOL)


@check(points=1, hint="Square each coordinate's difference before adding them up: "
                      "sqrt(sum((a - b) ** 2)), not sqrt(sum(a - b) ** 2), and not sum(|a - b|).")
def test_distances_with_differences_of_both_signs(learner):
    """Distances between points whose coordinates differ in both directions"""
    A = np.array([[0.0, 0.0], [1.5, -2.0]])
    B = np.array([[3.0, -4.0], [-1.5, 2.0], [1.5, -2.0]])
    learner.euclidean_distances(A, B).should_be_close([[5.0, 2.5, 2.5], [2.5, 5.0, 0.0]])


@check(points=1, hint="The formula holds at every scale: a distance keeps the unit of the "
                      "coordinates (take the square root of the sum of squares).")
def test_distances_at_large_and_small_scales(learner, reference):
    """Distances between points a million times larger, and a million times smaller"""
    A = np.vstack([RANDOM_A[:2] * 1e6, RANDOM_A[2:4] * 1e-6])
    B = np.vstack([RANDOM_B[:2] * 1e6, RANDOM_B[2:4] * 1e-6])
    expected = reference.euclidean_distances(A, B)
    learner.euclidean_distances(A, B).should_be_close(expected, atol=1e-15)


@check(points=1, hint="A single label is its own majority.")
def test_vote_of_a_single_label(learner):
    """Vote of a single label"""
    learner.majority_vote(np.array([4])).should_equal(4)


@check(points=1, hint=LABELS_HINT)
def test_vote_of_labels_3_and_7(learner):
    """Vote of labels 3 and 7"""
    learner.majority_vote(np.array([7, 3, 7, 7, 3])).should_equal(7)


@check(points=2, hint=LABELS_HINT + " np.bincount does not accept negative labels.")
def test_vote_of_negative_labels(learner):
    """Vote of labels -1 and 1"""
    learner.majority_vote(np.array([-1, 1, -1])).should_equal(-1)


@check(points=2, hint=TIE_HINT)
def test_tied_vote_goes_to_the_smallest_label(learner):
    """A tied vote goes to the smallest label"""
    learner.majority_vote(np.array([7, 3, 3, 7])).should_equal(3)


@check(points=1, hint=TIE_HINT)
def test_three_way_tied_vote_goes_to_the_smallest_label(learner):
    """A three-way tied vote goes to the smallest label"""
    learner.majority_vote(np.array([5, 9, 2, 9, 5, 2])).should_equal(2)


@check(points=1, hint=TIE_HINT + " Neither the order in which labels first appear, nor the "
                      "order of a set, nor the first label to reach the top count breaks the tie.")
def test_five_way_tied_vote_goes_to_the_smallest_label(learner):
    """A five-way tied vote goes to the smallest label"""
    labels = np.array([-3, 34, 11, 0, -6, 11, 34, -6, 0, -3])
    learner.majority_vote(labels).should_equal(-6)


@check(points=1, hint=LABELS_HINT)
def test_knn_with_labels_3_and_7(learner):
    """k-NN with labels 3 and 7"""
    X_train = np.array([[0.0, 0.0], [0.0, 1.0], [4.0, 4.0], [4.0, 5.0], [5.0, 4.0]])
    y_train = np.array([3, 3, 7, 7, 7])
    X_query = np.array([[0.2, 0.4], [4.4, 4.3], [3.0, 3.0]])
    learner.knn_predict(X_train, y_train, X_query, 3).should_equal([3, 7, 7])


@check(points=1, hint=LABELS_HINT + " np.bincount does not accept negative labels.")
def test_knn_with_negative_labels(learner):
    """k-NN with labels -2 and 5"""
    X_train = np.array([[0.0, 0.0], [0.0, 1.0], [4.0, 4.0], [4.0, 5.0], [5.0, 4.0]])
    y_train = np.array([-2, -2, 5, 5, 5])
    X_query = np.array([[0.2, 0.4], [4.4, 4.3]])
    learner.knn_predict(X_train, y_train, X_query, 2).should_equal([-2, 5])


@check(points=2, hint=TIE_HINT + " The nearest neighbour does not break the tie.")
def test_knn_tied_vote_goes_to_the_smallest_label(learner):
    """k-NN: a tied vote goes to the smallest label, not to the nearest neighbour"""
    X_train = np.array([[1.0], [2.0], [10.0]])
    y_train = np.array([7, 3, 7])
    learner.knn_predict(X_train, y_train, np.array([[0.0]]), 2).should_equal([3])


@check(points=2, hint=STABLE_HINT)
def test_knn_equal_distances_keep_the_training_order(learner):
    """k-NN: of neighbours at equal distance, the first in the training set is nearest"""
    X_train = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]])
    y_train = np.array([7, 3, 5, 3])
    learner.knn_predict(X_train, y_train, np.array([[0.0, 0.0]]), 1).should_equal([7])


@check(points=2, hint=STABLE_HINT)
def test_knn_tie_at_the_kth_distance_keeps_the_training_order(learner):
    """k-NN: a tie at the k-th distance goes to the earlier training point"""
    X_train = np.array([[2.0], [-1.0], [1.0], [-2.0]])
    y_train = np.array([7, 3, 7, 3])
    learner.knn_predict(X_train, y_train, np.array([[0.0]]), 3).should_equal([7])


@check(points=2, hint=STABLE_HINT + " NumPy's default sort (and np.argpartition) may reorder "
                      "a row of equal distances.")
def test_knn_row_of_equal_distances_keeps_the_training_order(learner):
    """k-NN: of neighbours at equal distance, the first in the training set vote"""
    learner.knn_predict(UNSTABLE_X_TRAIN, UNSTABLE_Y_TRAIN, UNSTABLE_X_QUERY, 3) \
        .should_equal([3, 2])


@check(points=1, hint=STABLE_HINT + " A library's nearest-neighbour search may pick another of "
                      "the points tied at the k-th distance.")
def test_knn_on_a_grid_takes_the_earlier_of_the_points_tied_at_the_kth_distance(learner):
    """k-NN on a grid: of the points tied at the k-th distance, the earlier one votes"""
    X_train = np.array([[-0.25, 0.25], [-0.25, 1.25], [0.25, -0.25], [-0.25, -0.75],
                        [0.75, 0.25], [1.25, 0.75], [0.75, 1.25], [-0.25, -0.25],
                        [-0.75, -0.25], [-0.75, 1.25], [0.75, -0.75], [0.75, 0.75],
                        [0.25, -0.75], [1.25, 0.25], [0.25, 1.25], [-0.75, 0.75],
                        [0.75, -0.25], [-0.75, 0.25], [0.25, 0.25], [1.25, -0.75],
                        [-0.25, 0.75], [1.25, -0.25], [-0.75, -0.75], [0.25, 0.75],
                        [1.25, 1.25]])
    y_train = np.array([9, -2, 9, 9, -2, 9, 5, 3, -2, 3, 9, 9, -2, 3, 9, 5, 3, -2, 9, -2, 5, 5,
                        3, 5, 3])
    learner.knn_predict(X_train, y_train, np.array([[0.75, -0.25]]), 6).should_equal([-2])


@check(points=1, hint=TIE_HINT + " Dropping the farthest neighbour until the tie breaks gives "
                      "another label.")
def test_knn_tied_vote_is_not_broken_by_dropping_the_farthest(learner):
    """k-NN: a three-way tied vote goes to the smallest label, not to the nearer ones"""
    X_train = np.array([[1.0], [2.0], [3.0], [4.0], [5.0], [6.0], [-101.0], [-102.0], [-103.0],
                        [-104.0], [-105.0], [-106.0]])
    y_train = np.array([3, 9, 5, 9, 5, 3, 5, 3, 3, 5, 9, 9])
    X_query = np.array([[0.0], [-100.0]])
    learner.knn_predict(X_train, y_train, X_query, 6).should_equal([3, 3])


@check(points=2, hint="A query point equal to a training point is at distance 0 from it, so "
                      "that point is its nearest neighbour. Expanding |a|^2 + |b|^2 - 2a.b can "
                      "give NaN there: compute the differences and square them.")
def test_knn_of_training_points_with_decimals_finds_themselves(learner):
    """k-NN with k = 1 of query points equal to training points with non-integer coordinates"""
    y_train = np.array([10, 11, 12, 13, 14, 15, 16, 17])
    X_query = KNN_X_TRAIN[[5, 2, 7, 0, 3, 6]]
    learner.knn_predict(KNN_X_TRAIN, y_train, X_query, 1).should_equal([15, 12, 17, 10, 13, 16])


@check(points=1, hint="All k nearest neighbours vote, not only the nearest ones: the two "
                      "nearest points can be outvoted by the three after them.")
def test_knn_with_k_larger_than_a_class(learner):
    """k-NN with k = 5, larger than the nearest class"""
    X_train = np.array([[0.5], [1.0], [2.0], [2.5], [3.0], [9.0]])
    y_train = np.array([3, 3, 7, 7, 7, 5])
    X_query = np.array([[0.0], [1.5], [10.0]])
    learner.knn_predict(X_train, y_train, X_query, 5).should_equal([7, 7, 7])


@check(points=2, hint="With k equal to the number of training points every training point "
                      "votes, the nearest one included (np.argpartition(d, k) fails for k = n; "
                      "take [:k] of a sort).")
def test_knn_with_k_equal_to_the_number_of_training_points(learner):
    """k-NN with k equal to the number of training points"""
    X_train = np.array([[0.0, 0.0], [1.0, 1.0], [2.0, 2.0], [3.0, 3.0], [4.0, 4.0]])
    y_train = np.array([9, 4, 9, 4, 2])
    X_query = np.array([[1.1, 0.9], [3.1, 2.9], [-5.0, 0.0]])
    learner.knn_predict(X_train, y_train, X_query, 5).should_equal([4, 4, 4])


@check(points=1, hint="With a single training point and k = 1, every query gets its label.")
def test_knn_with_a_single_training_point(learner):
    """k-NN with a single training point"""
    X_query = np.array([[0.0, 0.0], [3.0, 3.0]])
    learner.knn_predict(np.array([[1.0, 2.0]]), np.array([5]), X_query, 1).should_equal([5, 5])


@check(points=1, hint="Return one label per query point: compute distances from each query "
                      "point to the training points, shape (len(X_query), len(X_train)).")
def test_knn_with_more_queries_than_training_points(learner):
    """k-NN with more query points than training points"""
    X_train = np.array([[0.0, 0.0], [1.0, 0.0], [5.0, 5.0]])
    y_train = np.array([1, 1, 2])
    X_query = np.array([[0.0, 1.0], [4.0, 4.0], [6.0, 6.0], [0.5, 0.0], [2.0, 2.0]])
    learner.knn_predict(X_train, y_train, X_query, 1).should_equal([1, 2, 2, 1, 1])


@check(points=2, hint="For each query point: the distances to all training points, the "
                      "indices of the k smallest, then the majority vote of their labels.")
def test_knn_on_random_data(learner, reference):
    """k-NN on thirty random training points with k = 5"""
    expected = reference.knn_predict(RANDOM_X_TRAIN, RANDOM_Y_TRAIN, RANDOM_X_QUERY, 5)
    learner.knn_predict(RANDOM_X_TRAIN, RANDOM_Y_TRAIN, RANDOM_X_QUERY, 5).should_equal(expected)
