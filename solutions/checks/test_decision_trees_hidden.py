"""Hidden checks for the decision_trees module: edge cases and larger inputs (instructors only)."""

import numpy as np

from grader.checks import check

_rng = np.random.default_rng(20240521)
RANDOM_LABELS = _rng.choice(np.array([-3, 0, 4, 9]), size=200)
RANDOM_LEFT = _rng.random(size=200) < 0.3
# Random nodes of twelve samples, each label three times or more, some values repeated, and one
# split clearly the best by either criterion: a learner's best_threshold scans them in Python,
# so they are no larger than the mistakes need. Their seeds were chosen so that they catch every
# classic mistake and look-alike file the forty and fifty samples they replace caught, and
# midpoints taken between repeated values too.
_node = np.random.default_rng(551)
RANDOM_X = np.round(_node.normal(size=12), 2)
RANDOM_Y = _node.choice(np.array([2, 5, 8]), size=12)
# Columns reversed so that the best split, by either criterion, is on the last feature, at a
# threshold of its own for each criterion.
_node = np.random.default_rng(1002)
RANDOM_FEATURES = np.round(_node.normal(size=(12, 4)) * np.array([1.0, 10.0, 0.1, 3.0]), 3)[:, ::-1]
RANDOM_CLASSES = _node.choice(np.array([-1, 1, 6]), size=12)
# Gini splits these on feature 1 at 0.3, entropy on feature 0 at 2.0, each clearly the best.
CRITERIA_DISAGREE_X = np.array([[0.1, -0.1], [-1.7, 0.7], [2.2, -1.5], [1.8, -0.7], [-0.5, -0.2],
                                [-1.4, 1.3], [0.5, -0.8], [-0.3, -1.5], [-0.3, 0.9], [-1.7, -0.4]])
CRITERIA_DISAGREE_Y = np.array([4, 1, 1, 4, 4, 4, 4, 4, 1, 4])

GINI_HINT = ("p_k is the share of the samples with label k, count / n, so that the shares add "
             "up to 1: Gini is 1 - sum(p_k ** 2), 0 for a pure node.")
ENTROPY_HINT = ("Count only the labels present (np.unique(y, return_counts=True)), take their "
                "shares p_k and return -sum(p_k * np.log2(p_k)): in bits, and never negative.")
LABELS_HINT = ("Labels can be any integers, negative ones too: count them with np.unique(y, "
               "return_counts=True), not np.bincount.")
GAIN_HINT = ("Gain = impurity(y) - (n_left / n) * impurity(y[left]) - (n_right / n) * "
             "impurity(y[~left]): each child weighted by its own share of the samples.")
CRITERION_HINT = ('With criterion="entropy" every impurity is the entropy, with "gini" the Gini '
                  "impurity: pass the criterion on to every function that computes one.")
THRESHOLD_HINT = ("The candidates are the midpoints between consecutive distinct values of the "
                  "sorted x (np.unique sorts them); the split of t keeps x <= t on the left, "
                  "each sample with its own label.")
TIE_HINT = ("Of thresholds with equal gains the smallest wins: keep a new best only when its "
            "gain is strictly larger (np.argmax returns the first of equal maxima).")
SPLIT_HINT = ("Try every column X[:, j] with best_threshold and keep the feature whose gain is "
              "strictly larger than the best so far: of equal gains the first feature wins.")
VOTE_HINT = ("When labels are equally frequent the smallest of them wins, whatever their order "
             "(np.unique sorts the labels, np.argmax takes the first largest count).")


# gini


@check(points=1, hint=GINI_HINT + " Do not return the sum of the squared shares itself.")
def test_gini_of_a_pure_node(learner):
    """Gini impurity of a node whose labels are all the same"""
    learner.gini(np.array([4, 4, 4])).should_be_close(0.0)


@check(points=2, hint=GINI_HINT + " It is not 1 - max(p_k), the misclassification error.")
def test_gini_of_three_labels(learner):
    """Gini impurity of three labels"""
    learner.gini(np.array([2, 0, 1, 2, 1, 2])).should_be_close(11 / 18)


@check(points=1, hint=LABELS_HINT)
def test_gini_of_negative_labels(learner):
    """Gini impurity of the labels -1 and 1"""
    learner.gini(np.array([-1, 1, -1])).should_be_close(4 / 9)


@check(points=2, hint=GINI_HINT)
def test_gini_of_two_hundred_random_labels(learner, reference):
    """Gini impurity of two hundred random labels"""
    learner.gini(RANDOM_LABELS).should_be_close(reference.gini(RANDOM_LABELS))


# entropy


@check(points=1, hint=ENTROPY_HINT)
def test_entropy_of_a_pure_node(learner):
    """Entropy of a node whose labels are all the same"""
    learner.entropy(np.array([9, 9, 9, 9])).should_be_close(0.0)


@check(points=2, hint=ENTROPY_HINT + " Two equally frequent labels make one bit (np.log2, not "
                      "np.log).")
def test_entropy_of_two_equally_frequent_labels(learner):
    """Entropy of two equally frequent labels"""
    learner.entropy(np.array([3, 7, 7, 3])).should_be_close(1.0)


@check(points=1, hint=ENTROPY_HINT + " A label that does not occur adds nothing: 0 * log2(0) "
                      "is NaN in NumPy.")
def test_entropy_of_labels_with_a_gap(learner):
    """Entropy of the labels 0 and 2, without a 1"""
    learner.entropy(np.array([0, 2, 2, 0])).should_be_close(1.0)


@check(points=1, hint=LABELS_HINT)
def test_entropy_of_negative_labels(learner):
    """Entropy of the labels -2 and 5"""
    learner.entropy(np.array([-2, 5, 5, -2, 5])).should_be_close(0.9709505944546686)


@check(points=2, hint=ENTROPY_HINT)
def test_entropy_of_two_hundred_random_labels(learner, reference):
    """Entropy of two hundred random labels"""
    learner.entropy(RANDOM_LABELS).should_be_close(reference.entropy(RANDOM_LABELS))


# information_gain


@check(points=2, hint=GAIN_HINT)
def test_gain_of_a_split_of_unequal_children(learner):
    """Gini gain of a split into children of two and five samples"""
    y = np.array([0, 1, 1, 0, 1, 0, 0])
    left = np.array([False, True, False, False, True, False, False])  # labels 1, 1
    learner.information_gain(y, left).should_be_close(64 / 245)


@check(points=2, hint=GAIN_HINT + " " + CRITERION_HINT)
def test_entropy_gain_of_a_split_of_unequal_children(learner):
    """Entropy gain of a split into children of three and five samples"""
    y = np.array([5, 5, -1, 5, -1, -1, 5, 5])
    left = np.array([True, False, True, False, False, True, False, True])
    learner.information_gain(y, left, "entropy").should_be_close(0.04879494069539847)


@check(points=1, hint=GAIN_HINT + " A split whose children are as mixed as the parent gains "
                      "nothing.")
def test_gain_of_a_split_that_changes_nothing(learner):
    """A split whose children are as mixed as the parent gains nothing"""
    y = np.array([0, 1, 0, 1, 0, 1])
    left = np.array([True, True, False, False, False, False])
    learner.information_gain(y, left, "entropy").should_be_close(0.0)


@check(points=1, hint=GAIN_HINT + " A split into pure children gains the parent's whole "
                      "impurity.")
def test_gain_of_a_split_into_pure_children(learner):
    """A split into pure children gains the parent's whole entropy"""
    y = np.array([2, 2, 2, 8, 8, 8, 8, 8])
    learner.information_gain(y, y == 2, "entropy").should_be_close(0.9544340029249649)


@check(points=2, hint=GAIN_HINT)
def test_gain_of_random_splits_by_both_criteria(learner, reference):
    """Gini and entropy gains of a random split of two hundred labels"""
    for criterion in ("gini", "entropy"):
        expected = reference.information_gain(RANDOM_LABELS, RANDOM_LEFT, criterion)
        learner.information_gain(RANDOM_LABELS, RANDOM_LEFT, criterion).should_be_close(expected)


# best_threshold


@check(points=2, hint=THRESHOLD_HINT)
def test_best_threshold_of_unsorted_values_with_repeats(learner):
    """Best threshold on unsorted values, some repeated"""
    x = np.array([4.0, 1.0, 4.0, 6.0, 1.0, 2.0, 6.0])
    y = np.array([0, 0, 0, 1, 0, 1, 1])  # the best split is x <= 5.0, after the two 4.0s
    learner.best_threshold(x, y).should_be_close((5.0, 64 / 245))


@check(points=2, hint=TIE_HINT, ties=True)
def test_best_threshold_ties_go_to_the_smallest_threshold(learner):
    """Of thresholds with equal gains, the smallest wins"""
    x = np.array([3.5, 0.5, 2.5, 1.5])
    y = np.array([0, 0, 1, 1])  # 1.0 and 3.0 split off one 0 each
    learner.best_threshold(x, y).should_be_close((1.0, 1 / 6))


@check(points=1, hint=TIE_HINT, ties=True)
def test_best_threshold_of_a_pure_node(learner):
    """Best threshold of a pure node: every gain is 0, the smallest threshold wins"""
    x = np.array([0.7, -0.2, 0.3])
    learner.best_threshold(x, np.array([5, 5, 5])).should_be_close((0.05, 0.0))


@check(points=1, hint=THRESHOLD_HINT)
def test_best_threshold_of_two_distinct_values(learner):
    """Best threshold on a feature of two distinct values"""
    x = np.array([3.0, 3.0, -1.0, 3.0])
    learner.best_threshold(x, np.array([1, 1, 0, 0])).should_be_close((1.0, 1 / 6))


@check(points=1, hint=THRESHOLD_HINT)
def test_best_threshold_at_large_and_small_scales(learner, reference):
    """Best thresholds on values a hundred million times larger, and smaller"""
    for scale in (1e8, 1e-8):
        expected = reference.best_threshold(RANDOM_X * scale, RANDOM_Y)
        learner.best_threshold(RANDOM_X * scale, RANDOM_Y).should_be_close(expected, atol=0.0)


@check(points=2, hint=THRESHOLD_HINT + " " + CRITERION_HINT)
def test_best_threshold_on_twelve_random_samples_by_both_criteria(learner, reference):
    """Best threshold on twelve random samples, by Gini impurity and by entropy"""
    for criterion in ("gini", "entropy"):
        expected = reference.best_threshold(RANDOM_X, RANDOM_Y, criterion)
        learner.best_threshold(RANDOM_X, RANDOM_Y, criterion).should_be_close(expected)


# best_split


@check(points=2, hint=SPLIT_HINT, ties=True)
def test_best_split_ties_go_to_the_first_feature(learner):
    """Of features whose splits gain as much, the first wins"""
    X = np.array([[9.0, 1.0, 4.0], [8.0, 2.0, 3.0], [7.0, 3.0, 2.0], [6.0, 4.0, 1.0]])
    learner.best_split(X, np.array([0, 0, 1, 1])).should_be_close((0, 7.5, 0.5))


@check(points=2, hint=SPLIT_HINT + " " + CRITERION_HINT)
def test_best_split_by_entropy_where_gini_chooses_another_feature(learner):
    """Best split by entropy, where the Gini impurity would choose another feature"""
    learner.best_split(CRITERIA_DISAGREE_X, CRITERIA_DISAGREE_Y, "entropy") \
        .should_be_close((0, 2.0, 0.19350684337293456))


@check(points=2, hint="A column with a single value has no midpoint to try: skip it.")
def test_best_split_skips_a_constant_column(learner):
    """Best split of samples whose first feature is constant"""
    X = np.array([[1.0, 0.3], [1.0, -0.4], [1.0, 0.1], [1.0, 0.9]])
    learner.best_split(X, np.array([3, 1, 1, 3])).should_be_close((1, 0.2, 0.5))


@check(points=1, hint=SPLIT_HINT + " The features are the columns, X[:, j], not the rows.")
def test_best_split_of_three_samples_of_five_features(learner):
    """Best split of three samples of five features"""
    X = np.array([[0.0, 5.0, 1.0, 2.0, 8.0], [0.0, 4.0, 1.0, 2.0, 7.0],
                  [1.0, 3.0, 2.0, 1.0, 9.0]])  # only feature 1 sets the 4 apart
    learner.best_split(X, np.array([4, 6, 6])).should_be_close((1, 4.5, 4 / 9))


@check(points=1, hint=SPLIT_HINT, ties=True)
def test_best_split_of_a_pure_node(learner):
    """Best split of a pure node: every gain is 0, the first feature's smallest threshold wins"""
    X = np.array([[2.0, 0.5], [2.0, -0.5], [2.0, 0.0]])
    learner.best_split(X, np.array([1, 1, 1])).should_be_close((1, -0.25, 0.0))


@check(points=2, hint=SPLIT_HINT)
def test_best_split_of_twelve_random_samples_by_both_criteria(learner, reference):
    """Best split of twelve random samples of four features, by Gini impurity and by entropy"""
    for criterion in ("gini", "entropy"):
        expected = reference.best_split(RANDOM_FEATURES, RANDOM_CLASSES, criterion)
        learner.best_split(RANDOM_FEATURES, RANDOM_CLASSES, criterion).should_be_close(expected)


# leaf_prediction


@check(points=1, hint="A single label is its own majority.")
def test_leaf_of_a_single_sample(learner):
    """Leaf of a single sample"""
    learner.leaf_prediction(np.array([4])).should_equal(4)


@check(points=1, hint=LABELS_HINT + " Return the label itself, not its position among the "
                      "labels.")
def test_leaf_of_labels_3_and_7(learner):
    """Leaf of the labels 3 and 7"""
    learner.leaf_prediction(np.array([7, 3, 7, 7, 3])).should_equal(7)


@check(points=2, hint=LABELS_HINT)
def test_leaf_of_negative_labels(learner):
    """Leaf of the labels -1 and 1"""
    learner.leaf_prediction(np.array([-1, 1, -1])).should_equal(-1)


@check(points=2, hint=VOTE_HINT, ties=True)
def test_tied_leaf_goes_to_the_smallest_label(learner):
    """A tied leaf predicts the smallest label"""
    learner.leaf_prediction(np.array([7, 3, 3, 7])).should_equal(3)


@check(points=1, hint=VOTE_HINT + " Neither the order in which labels first appear, nor the "
                      "largest label, breaks the tie.", ties=True)
def test_five_way_tied_leaf_goes_to_the_smallest_label(learner):
    """A five-way tied leaf predicts the smallest label"""
    labels = np.array([-3, 34, 11, 0, -6, 11, 34, -6, 0, -3])
    learner.leaf_prediction(labels).should_equal(-6)



@check(points=1, hint=LABELS_HINT)
def test_best_threshold_of_negative_labels(learner):
    """Best threshold of the labels -6, -3 and 0"""
    x = np.array([-0.6, 0.6, 0.7, -0.3])
    learner.best_threshold(x, np.array([-6, -3, 0, -6])).should_be_close((0.15, 0.375))


@check(points=1, hint=THRESHOLD_HINT)
def test_best_split_after_repeated_values(learner):
    """Best split whose threshold follows repeated values"""
    X = np.column_stack([[0.5, 0.1, 0.9, 0.3, 0.2, 0.8, 0.4],
                         [4.0, 1.0, 4.0, 6.0, 1.0, 2.0, 6.0]])
    learner.best_split(X, np.array([0, 0, 0, 1, 0, 1, 1])).should_be_close((1, 5.0, 64 / 245))
