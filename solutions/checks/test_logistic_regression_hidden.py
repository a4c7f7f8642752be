"""Hidden checks of logistic_regression: edge cases and larger inputs (instructors only)."""

import numpy as np

from grader.checks import check

# Inputs drawn from a seeded generator: every run makes the same calls (`grader validate`).
_rng = np.random.default_rng(20240521)
RANDOM_Z = 5.0 * _rng.normal(size=30)
RANDOM_X = np.column_stack([np.ones(20), _rng.normal(size=(20, 2))])
RANDOM_W = _rng.normal(size=3)
RANDOM_Y = _rng.integers(0, 2, size=20)
RANDOM_LABELS = _rng.integers(0, 2, size=50)
RANDOM_PROB = _rng.uniform(0.01, 0.99, size=50)

SINGLE_X = np.array([[2.0, -1.0]])  # its score at SINGLE_W is 0: probability 0.5
SINGLE_W = np.array([0.5, 1.0])
WIDE_X = np.array([[1.0, 0.0, 2.0, -1.0], [0.0, 1.0, -1.0, 3.0]])  # more features than samples
WIDE_W = np.array([0.5, -0.5, 0.0, 0.25])
LARGE_X = np.array([[1.0, 500.0], [1.0, -500.0], [1.0, 2.0]])  # scores 1000, -1000 and 4
LARGE_W = np.array([0.0, 2.0])
TIED_X = np.array([[1.0, 2.0], [2.0, 4.0], [1.0, -1.0], [-1.0, 1.0]])  # scores 0, 0, 3, -3
TIED_W = np.array([2.0, -1.0])
LOW_X = np.array([[1.0, 0.2], [1.0, -0.5], [1.0, -1.0], [1.0, 0.4]])  # scores 0.2, -0.5, -1, 0.4
LOW_W = np.array([0.0, 1.0])

SIGMOID_HINT = ("σ(z) = 1 / (1 + exp(-z)) for z >= 0 and exp(z) / (1 + exp(z)) for z < 0: "
                "each exp then has a non-positive argument and cannot overflow.")
CLIP_HINT = ("Clip the probabilities to [eps, 1 - eps] with eps = np.finfo(float).eps, as "
             "scikit-learn does, before taking logarithms: np.clip(y_prob, eps, 1 - eps).")
GRADIENT_HINT = "The gradient is (1/n) * X.T @ (sigmoid(X @ w) - y), with n = len(y)."
THRESHOLD_HINT = ("A label is 1 where the probability sigmoid(X @ w), not the score X @ w, "
                  "is at least the threshold given: predict_proba(w, X) >= threshold.")
STEP_HINT = "A step goes against the gradient: w - learning_rate * log_loss_gradient(w, X, y)."


@check(points=2, hint=SIGMOID_HINT + " exp(z) / (1 + exp(z)) is inf / inf = NaN for z > 709.")
def test_sigmoid_of_huge_positive_scores_is_one(learner):
    """Sigmoid of scores from 30 to 1e300"""
    learner.sigmoid(np.array([30.0, 100.0, 709.0, 710.0, 1000.0, 1e300])) \
        .should_be_close([0.9999999999999065, 1.0, 1.0, 1.0, 1.0, 1.0])


@check(points=2, hint=SIGMOID_HINT + " math.exp(-z) raises OverflowError for z below -709: "
                                     "use np.exp on the whole array.")
def test_sigmoid_of_huge_negative_scores_is_zero(learner):
    """Sigmoid of scores from -710 to -1e300"""
    learner.sigmoid(np.array([-710.0, -800.0, -1000.0, -1e300])) \
        .should_be_close([0.0, 0.0, 0.0, 0.0])


@check(points=2, hint="For z < 0 compute exp(z) / (1 + exp(z)): 1 - 1 / (1 + exp(z)) subtracts "
                      "two numbers equal to 16 digits and leaves 0 where σ(z) is tiny, and "
                      "clipping the scores (np.clip(z, -500, 500)) changes σ below -500.")
def test_sigmoid_of_very_negative_scores_keeps_its_digits(learner):
    """Sigmoid of -20, -40, -100 and -700 to the last digits"""
    learner.sigmoid(np.array([-20.0, -40.0, -100.0, -700.0])).should_be_close(
        [2.0611536181902033e-09, 4.248354255291589e-18, 3.720075976020836e-44,
         9.85967654375977e-305], atol=0.0)


@check(points=1, hint="σ(z) = 1 / (1 + exp(-z)): a positive score gives a probability above "
                      "one half.")
def test_sigmoid_of_thirty_random_scores(learner, reference):
    """Sigmoid of thirty random scores"""
    learner.sigmoid(RANDOM_Z).should_be_close(reference.sigmoid(RANDOM_Z))


@check(points=2, hint=CLIP_HINT + " A probability of 0 for a sample of class 1 then costs "
                                  "-log(eps), about 36.04.")
def test_log_loss_of_confident_wrong_predictions(learner):
    """Log loss of probabilities 0 and 1 given to the other class"""
    learner.log_loss(np.array([1, 0]), np.array([0.0, 1.0])).should_be_close(36.04365338911715)


@check(points=1, hint=CLIP_HINT + " Unclipped, 0 * log(0) is NaN.")
def test_log_loss_of_confident_right_predictions(learner):
    """Log loss of probabilities 1 and 0 given to the right class"""
    learner.log_loss(np.array([1, 0]), np.array([1.0, 0.0])) \
        .should_be_close(2.2204460492503136e-16)


@check(points=1, hint="Clip only at eps = np.finfo(float).eps (about 2.2e-16): a probability "
                      "of 1e-10 is not clipped and costs -log(1e-10), about 23.03.")
def test_log_loss_of_tiny_probabilities(learner):
    """Log loss of probabilities 1e-10 and 1 - 1e-10 given to the other class"""
    learner.log_loss(np.array([1, 0]), np.array([1e-10, 1.0 - 1e-10])) \
        .should_be_close(23.025850888570275)


@check(points=1, hint="Samples of one class only are allowed: (1 - y) * log(1 - p) is then "
                      "0 for every sample. (scikit-learn's log_loss needs labels=[0, 1] "
                      "for them.)")
def test_log_loss_of_one_class_only(learner):
    """Log loss of three samples all of class 1"""
    learner.log_loss(np.array([1, 1, 1]), np.array([0.9, 0.5, 0.99])) \
        .should_be_close(0.26951934402375766)


@check(points=2, hint="The log loss is the mean over the samples of -(y * log(p) + (1 - y) * "
                      "log(1 - p)): both terms, averaged, not summed.")
def test_log_loss_of_fifty_random_predictions(learner, reference):
    """Log loss of fifty random predictions"""
    expected = reference.log_loss(RANDOM_LABELS, RANDOM_PROB)
    learner.log_loss(RANDOM_LABELS, RANDOM_PROB).should_be_close(expected)


@check(points=1, hint=GRADIENT_HINT)
def test_gradient_for_a_single_sample(learner):
    """Gradient of the log loss for a single sample"""
    learner.log_loss_gradient(SINGLE_W, SINGLE_X, np.array([0])).should_be_close([1.0, -0.5])


@check(points=1, hint=GRADIENT_HINT + " X has shape (n, d): the gradient, of shape (d,), is "
                                      "X.T @ (the n differences).")
def test_gradient_with_more_features_than_samples(learner):
    """Gradient of the log loss for two samples with four features"""
    learner.log_loss_gradient(WIDE_W, WIDE_X, np.array([1, 0])).should_be_close(
        [-0.21891174955710097, 0.28108825044289903, -0.7189117495571009, 1.062176500885798])


@check(points=1, hint=GRADIENT_HINT + " At w = 0 every probability is 0.5.")
def test_gradient_at_zero_weights(learner):
    """Gradient of the log loss at zero weights"""
    learner.log_loss_gradient(np.zeros(2), TIED_X[:3], np.array([1, 0, 1])) \
        .should_be_close([0.0, 0.5])


@check(points=1, hint=GRADIENT_HINT + " " + SIGMOID_HINT)
def test_gradient_with_huge_scores(learner):
    """Gradient of the log loss where the scores are 1000 and -1000"""
    learner.log_loss_gradient(LARGE_W, LARGE_X, np.array([1, 1, 0])) \
        .should_be_close([-0.005995403320697183, 167.32134252669195])


@check(points=2, hint=GRADIENT_HINT)
def test_gradient_on_random_data(learner, reference):
    """Gradient of the log loss for twenty random samples"""
    expected = reference.log_loss_gradient(RANDOM_W, RANDOM_X, RANDOM_Y)
    learner.log_loss_gradient(RANDOM_W, RANDOM_X, RANDOM_Y).should_be_close(expected)


@check(points=1, hint="predict_proba returns sigmoid(X @ w), finite however large the scores.")
def test_probabilities_with_huge_scores(learner):
    """Probabilities where the scores are 1000, -1000 and 4"""
    learner.predict_proba(LARGE_W, LARGE_X).should_be_close([1.0, 0.0, 0.9820137900379085])


@check(points=1, hint="One probability per sample: an array of shape (n,), here (1,).")
def test_probability_of_a_single_sample(learner):
    """Probability of a single sample"""
    learner.predict_proba(SINGLE_W, SINGLE_X).should_be_close([0.5])


@check(points=2, hint="predict_proba returns sigmoid(X @ w), of shape (n,): the probability "
                      "of class 1 only.")
def test_probabilities_of_twenty_random_samples(learner, reference):
    """Probabilities of twenty random samples"""
    expected = reference.predict_proba(RANDOM_W, RANDOM_X)
    learner.predict_proba(RANDOM_W, RANDOM_X).should_be_close(expected)


@check(points=2, hint="A probability equal to the threshold gives the label 1: use >=, not >. "
                      "(np.round rounds 0.5 to 0.)")
def test_labels_of_probabilities_equal_to_the_threshold(learner):
    """Labels of two samples whose probability is exactly 0.5"""
    learner.predict(TIED_W, TIED_X, 0.5).should_equal([1, 1, 1, 0])


@check(points=2, hint=THRESHOLD_HINT)
def test_labels_at_a_low_threshold(learner):
    """Labels at threshold 0.3"""
    learner.predict(LOW_W, LOW_X, 0.3).should_equal([1, 1, 0, 1])


@check(points=1, hint=THRESHOLD_HINT + " At threshold 0 every sample is labelled 1.")
def test_labels_at_threshold_zero(learner):
    """Labels at threshold 0, huge negative scores included"""
    learner.predict(LARGE_W, LARGE_X, 0.0).should_equal([1, 1, 1])


@check(points=1, hint="The threshold is 0.5 when it is not given: def predict(w, X, "
                      "threshold=0.5).")
def test_labels_at_the_default_threshold(learner):
    """Labels when no threshold is given"""
    learner.predict(LOW_W, LOW_X).should_equal([1, 0, 0, 1])


@check(points=1, hint=THRESHOLD_HINT)
def test_labels_of_twenty_random_samples(learner, reference):
    """Labels of twenty random samples at threshold 0.7"""
    expected = reference.predict(RANDOM_W, RANDOM_X, 0.7)
    learner.predict(RANDOM_W, RANDOM_X, 0.7).should_equal(expected)


@check(points=2, hint="The learning rate scales the step: with a learning rate of 0 the "
                      "weights do not move.")
def test_step_with_a_learning_rate_of_zero_keeps_the_weights(learner):
    """A step with learning rate 0 leaves the weights unchanged"""
    learner.gradient_step(RANDOM_W, RANDOM_X, RANDOM_Y, 0.0).should_be_close(RANDOM_W)


@check(points=1, hint=STEP_HINT)
def test_step_for_a_single_sample(learner):
    """A gradient step for a single sample"""
    learner.gradient_step(SINGLE_W, SINGLE_X, np.array([0]), 0.1).should_be_close([0.4, 1.05])


@check(points=1, hint=STEP_HINT + " The gradient of the log loss uses sigmoid(X @ w) - y and "
                                  "no factor 2: it is not the MSE's.")
def test_step_at_zero_weights(learner):
    """A gradient step from zero weights with learning rate 3"""
    learner.gradient_step(np.zeros(2), TIED_X[:3], np.array([1, 0, 1]), 3.0) \
        .should_be_close([0.0, -1.5])


@check(points=2, hint=STEP_HINT)
def test_step_on_random_data(learner, reference):
    """A gradient step for twenty random samples with learning rate 0.05"""
    expected = reference.gradient_step(RANDOM_W, RANDOM_X, RANDOM_Y, 0.05)
    learner.gradient_step(RANDOM_W, RANDOM_X, RANDOM_Y, 0.05).should_be_close(expected)


@check(points=1, hint=STEP_HINT + " " + SIGMOID_HINT)
def test_step_with_huge_scores(learner, reference):
    """A gradient step where the scores are 1000, -1000 and 4"""
    y = np.array([0, 1, 1])
    expected = reference.gradient_step(LARGE_W, LARGE_X, y, 0.1)
    learner.gradient_step(LARGE_W, LARGE_X, y, 0.1).should_be_close(expected)
