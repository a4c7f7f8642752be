"""Feedback that teaches: classic mistakes named with their hint, the smallest failing input,
and the rule for how much of a hidden check's input a learner sees."""

from __future__ import annotations

import json
import time
from functools import cache
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest
from markupsafe import escape

from grader.checks._trusted_answers import MAX_BYTES, Answers
from grader.checks.api import Call, CheckFailed
from grader.checks.collect import load_trusted_module
from grader.checks.disclosure import SHOWN_WHOLE, WITHHELD, described, is_whole, shown
from grader.checks.misconceptions import Mistake, diagnose
from grader.checks.smallest import MAX_CALLS, smallest_failing_input
from grader.course import Course, load_course
from grader.results import CheckResult, CheckStatus, Detail, Misconception, SmallestInput
from grader.sandbox.outcomes import Raised, Returned
from grader.testing import Scored, score

from .conftest import COURSE as COURSE_ROOT
from .conftest import reference

COURSE = load_course(COURSE_ROOT)
# Naming a classic mistake is the grader's work (the fixture course's mistakes); that every
# mistake the shipped course lists is named first, and that each function has three, is the
# shipped course's: `grader validate` holds it to both (tests/test_course.py).
MISTAKES = [pytest.param(COURSE, module.name, path, id=f"{module.name}/{path.stem}")
            for module in COURSE.modules for path in module.mistakes]


@cache
def graded(module: str, source: str) -> Scored:
    return score(module, source, course=COURSE)


def graded_file(module: str, path: Path) -> Scored:
    return graded(module, path.read_text(encoding="utf-8"))


def named(check: CheckResult) -> list[str]:
    return [m.id for m in check.detail.misconceptions]


# --- classic mistakes -----------------------------------------------------------------------

@pytest.mark.parametrize(("course", "module", "path"), MISTAKES)
def test_a_classic_mistake_handed_in_is_named_first_on_every_check_it_fails(
        course: Course, module: str, path: Path) -> None:
    result = score(module, path.read_text(encoding="utf-8"), course=course).result
    failed = [c for c in result.checks if not c.passed]
    assert failed
    for check in failed:
        assert named(check)[:1] == [path.stem], (check.id, named(check))
        assert check.detail.misconceptions[0].hint and check.detail.misconceptions[0].name


def test_a_wrong_answer_no_classic_mistake_gives_says_so_plainly() -> None:
    source = reference("regression").replace(
        "return float(np.mean(errors**2))", "return float(np.mean(errors**2)) + 0.3")
    check = graded("regression", source).check("test_mse_of_four_predictions")
    assert check.status is CheckStatus.FAILED
    assert check.detail.diagnosed and not check.detail.misconceptions


def test_a_passed_check_and_a_crash_are_not_diagnosed() -> None:
    source = reference("regression").replace("ss_res = np.sum", "ss_res = undefined_name + np.sum")
    result = graded("regression", source)
    assert not result.check("test_mse_of_four_predictions").detail.diagnosed
    crashed = result.check("test_r2_of_four_predictions")
    assert crashed.status is CheckStatus.ERROR and not crashed.detail.diagnosed


def test_a_function_raising_the_error_a_classic_mistake_raises_is_named() -> None:
    path = COURSE_ROOT / "solutions/mistakes/classification/vote_counts_with_bincount.py"
    check = graded_file("classification", path).check("test_vote_of_negative_labels")
    assert check.status is CheckStatus.ERROR
    assert named(check) == ["vote_counts_with_bincount"]


def test_a_mistake_in_a_function_another_calls_is_named_on_the_callers_checks() -> None:
    ben = graded_file("clustering", COURSE_ROOT / "examples/class/ben/clustering.py")
    check = ben.check("test_kmeans_step_with_an_empty_cluster")
    assert named(check) == ["empty_cluster_becomes_nan"]
    assert check.detail.misconceptions[0].function == "update_centroids"


def test_a_checks_hint_is_left_out_when_the_mistake_named_lives_in_another_function() -> None:
    ben = graded_file("clustering", COURSE_ROOT / "examples/class/ben/clustering.py")
    caller = ben.check("test_kmeans_step_with_an_empty_cluster")
    assert named(caller)[:1] == ["empty_cluster_becomes_nan"] and caller.detail.hint == ""
    own = ben.check("test_update_leaves_an_empty_cluster_in_place")
    assert named(own)[:1] == ["empty_cluster_becomes_nan"] and own.detail.hint


def test_mistakes_giving_the_same_answer_are_told_apart_by_the_other_checks() -> None:
    # With two samples, "no factor 2" and "divided by n twice" both halve the gradient.
    ben = graded_file("optimization", COURSE_ROOT / "examples/class/ben/optimization.py")
    check = ben.check("test_gradient_with_more_features_than_samples")
    assert named(check) == ["gradient_without_the_factor_two"]


def fake_mistake(name: str, body: str) -> Mistake:
    code = ModuleType(name)
    exec(f"import time\ndef mean_squared_error(y_true, y_pred):\n    {body}\n", code.__dict__)
    return Mistake(name, name.replace("_", " "), f"hint of {name}", "mean_squared_error", code)


def failed_mse(got: float, expected: float = 0.375) -> CheckFailed:
    call = Call("mean_squared_error", ("y_true", "y_pred"),
                (np.array([3.0, -0.5, 2.0, 7.0]), np.array([2.5, 0.0, 2.0, 8.0])), {},
                Returned(got))
    return CheckFailed(call, "wrong", expected)


def test_a_classic_mistake_that_raises_or_hangs_is_left_out_and_the_others_still_count() -> None:
    mistakes = [fake_mistake("raises", "raise RuntimeError('a bug of the course')"),
                fake_mistake("hangs", "time.sleep(30)"),
                fake_mistake("sums", "return float(((y_true - y_pred) ** 2).sum())")]
    started = time.monotonic()
    found = diagnose(mistakes, [failed_mse(1.5), None])
    assert time.monotonic() - started < 5
    assert [m.id for m in found[0]] == ["sums"] and found[1] == ()
    assert not mistakes[1].usable  # too slow once: never tried again in this run


def test_a_classic_mistake_never_sees_the_checks_own_arrays_to_change_them() -> None:
    failure = failed_mse(0.0)
    y_true = failure.call.args[0].copy()
    diagnose([fake_mistake("zeroes", "y_true[:] = 0\n    return 0.0")], [failure])
    np.testing.assert_array_equal(failure.call.args[0], y_true)


def test_a_mistake_that_gives_the_expected_answer_here_names_nothing() -> None:
    mistakes = [fake_mistake("right_here", "return 0.375")]
    assert diagnose(mistakes, [failed_mse(0.375 + 1)]) == [()]


def test_a_mistake_is_not_named_when_it_gives_one_wrong_answer_but_not_the_others() -> None:
    # sqrt((sum of the differences)²) is the Manhattan distance on a pair whose coordinate
    # differences share a sign, and not on one whose differences do not: not that mistake.
    source = reference("classification").replace(
        "np.sqrt(np.sum(differences**2, axis=2))", "np.sqrt(np.sum(differences, axis=2) ** 2)")
    result = graded("classification", source).result
    failed = [c for c in result.checks if c.functions == ("euclidean_distances",)
              and not c.passed]
    assert len(failed) >= 3
    for check in failed:
        assert check.detail.diagnosed and named(check) == [], (check.id, named(check))


def test_a_function_wrong_only_on_the_checks_that_declare_a_tie_is_told_so() -> None:
    # Ties to the largest label: no classic mistake of the fixture course gives that.
    source = reference("classification").replace(
        "return int(values[np.argmax(counts)])",
        "return int(values[len(counts) - 1 - np.argmax(counts[::-1])])")
    result = graded("classification", source)
    votes = [c for c in result.result.checks if c.functions == ("majority_vote",)]
    failed = [c for c in votes if not c.passed]
    assert failed and all("tie" in c.id for c in failed)
    for check in failed:
        assert named(check) == [] and check.detail.known == (
            "wrong only on ties: majority_vote passes every check of it without a tie")
    # knn_predict also fails a check that declares no tie: nothing more is known of it.
    knn = [c for c in result.result.checks if c.functions == ("knn_predict",) and not c.passed]
    assert knn and all(c.detail.known == "" for c in knn)


def passed_mse(got: float, y_pred: float) -> Call:
    return Call("mean_squared_error", ("y_true", "y_pred"), (np.array([1.0]), np.array([y_pred])),
                {}, Returned(got))


def test_a_mistake_must_also_give_the_learners_answers_to_the_calls_that_passed() -> None:
    sums = fake_mistake("sums", "return float(((y_true - y_pred) ** 2).sum())")
    failure = failed_mse(1.5)
    # On one value the sum is the mean: the learner's 4.0 for (1 - 3)² agrees, 5.0 does not.
    agreeing = [failure.call, passed_mse(4.0, 3.0)]
    assert [m.id for m in diagnose([sums], [failure], agreeing)[0]] == ["sums"]
    assert diagnose([sums], [failure], [*agreeing, passed_mse(5.0, 3.0)]) == [()]


def test_a_call_the_learner_raised_on_agrees_only_with_a_mistake_raising_the_same_type() -> None:
    sums = fake_mistake("sums", "return float(((y_true - y_pred) ** 2).sum())")
    raised = Call("mean_squared_error", ("y_true", "y_pred"), (np.array([1.0]), np.array([2.0])),
                  {}, Raised("ValueError", "no"))
    assert diagnose([sums], [failed_mse(1.5)], [raised]) == [()]


def test_a_classic_mistake_answers_an_input_once_however_many_learners_fail_on_it() -> None:
    asked: list[int] = []
    mistake = fake_mistake("sums", "return answer()")
    mistake.code.answer = lambda: asked.append(1) or 1.5
    first = diagnose([mistake], [failed_mse(1.5), failed_mse(1.5)])
    later = diagnose([mistake], [failed_mse(1.5)])  # another learner: new arrays, same values
    assert [m.id for m in first[0]] == ["sums"] and first == [first[0]] * 2 and later == first[:1]
    assert len(asked) == 1


def test_a_classic_mistake_found_too_slow_is_not_asked_again_even_about_a_known_input() -> None:
    mistake = fake_mistake("sums", "return 1.5")
    assert diagnose([mistake], [failed_mse(1.5)])[0]
    mistake.usable = False
    assert diagnose([mistake], [failed_mse(1.5)]) == [()]


def test_an_answer_is_kept_for_inputs_of_exactly_the_same_types_and_values() -> None:
    answers, computed = Answers(), []

    def ask(*args: object) -> int:
        call = Call("f", (), args, {}, Returned(None))
        return answers.get(call, lambda: computed.append(args) or len(computed))

    assert ask(np.array([1.0, 2.0]), 0.0) == ask(np.array([1.0, 2.0]), 0.0) == 1
    assert ask(np.array([1, 2]), 0.0) == 2  # another dtype
    assert ask(np.array([1.0, 2.0]), -0.0) == 3  # -0.0 is not 0.0
    assert ask(np.array([1.0, 2.0]), 0) == 4  # nor is 0
    assert ask(np.array([[1.0, 2.0]]), 0.0) == 5  # another shape
    assert ask(np.array([[1.0, 3.0], [2.0, 4.0]]).T, 0.0) == 6  # another memory order
    assert ask(np.array([[1.0, 2.0], [3.0, 4.0]]), 0.0) == 7
    assert ask([1.0, (2, "a")], None) == ask([1.0, (2, "a")], None) == 8
    assert ask(object()) == 9 and ask(object()) == 10  # an object: never kept


def test_answers_to_inputs_past_the_memory_budget_are_computed_every_time() -> None:
    answers, computed = Answers(), []
    call = Call("f", (), (np.zeros(MAX_BYTES // 8 + 1),), {}, Returned(None))
    for _ in range(2):
        answers.get(call, lambda: computed.append(1))
    assert len(computed) == 2


# --- the sample class -----------------------------------------------------------------------

SAMPLE_MISCONCEPTIONS = {
    ("ben", "regression"): "mse_sums_instead_of_averaging",
    ("ben", "classification"): "vote_ties_to_the_first_seen_label",
    ("ben", "clustering"): "empty_cluster_becomes_nan",
    ("ben", "optimization"): "gradient_without_the_factor_two",
    ("fay", "regression"): "r2_total_sum_of_squares_around_zero",
}


@pytest.fixture(scope="module")
def sample_class(tmp_path_factory):
    from grader.grading import grade_class

    out = tmp_path_factory.mktemp("sample") / "out"
    return grade_class(COURSE_ROOT / "examples" / "class", out=out, jobs=2)


def test_the_sample_class_reports_name_the_right_misconception_for_every_classic_mistake(
        sample_class) -> None:
    results = json.loads((sample_class.out / "results.json").read_text())
    learners = {lr["learner"]: lr for lr in results["learners"]}
    for (learner, module), mistake in SAMPLE_MISCONCEPTIONS.items():
        checks = next(m for m in learners[learner]["modules"] if m["module"] == module)["checks"]
        failed = [c for c in checks if c["status"] == "failed"]
        assert failed and all(c["detail"]["misconceptions"][0]["id"] == mistake
                              for c in failed), (learner, module)
        code = load_trusted_module(COURSE_ROOT / "solutions/mistakes" / module / f"{mistake}.py",
                                   f"test_sample_{mistake}")
        page = (sample_class.out / "learners" / f"{learner}.html").read_text()
        for text in (code.MISTAKE, code.HINT):  # named, with its hint, in the learner's report
            assert str(escape(text))[1:] in page, (learner, mistake, text)
    summary = (sample_class.out / "index.html").read_text()
    assert "learners/ben.html#check-regression-test_mse_of_four_predictions" in summary
    assert "learners/fay.html#check-regression-test_r2_of_four_predictions" in summary


# --- the smallest failing input -------------------------------------------------------------

BEN_REGRESSION = COURSE_ROOT / "examples/class/ben/regression.py"


def test_a_failed_hidden_check_whose_inputs_are_withheld_shows_no_smaller_input() -> None:
    # A smaller input would be rows of the withheld inputs, and where the learner first goes
    # wrong: both are what the hidden-input rule keeps back.
    check = graded_file("regression", BEN_REGRESSION).check("test_mse_of_fifty_random_predictions")
    assert check.status is CheckStatus.FAILED and check.detail.smallest is None


def test_an_input_small_already_is_not_made_smaller() -> None:
    check = graded_file("regression", BEN_REGRESSION).check("test_mse_of_four_predictions")
    assert check.status is CheckStatus.FAILED and check.detail.smallest is None


def test_k_nearest_neighbours_on_withheld_inputs_are_not_cut_to_the_first_wrong_query() -> None:
    ben = graded_file("classification", COURSE_ROOT / "examples/class/ben/classification.py")
    assert ben.check("test_knn_on_random_data").detail.smallest is None


def test_the_search_for_a_smaller_input_calls_the_learner_at_most_max_calls_times() -> None:
    regression = load_trusted_module(COURSE_ROOT / "solutions/regression.py",
                                     "test_reference_calls")
    rng = np.random.default_rng(0)
    y_true, y_pred = rng.normal(size=40), rng.normal(size=40)
    expected = regression.mean_squared_error(y_true, y_pred)
    call = Call("mean_squared_error", ("y_true", "y_pred"), (y_true, y_pred), {},
                Returned(expected + 1))
    calls = []

    def right_on_every_smaller_input(args, kwargs):
        calls.append(args)
        return Call("mean_squared_error", (), args, kwargs,
                    Returned(regression.mean_squared_error(*args)))

    found = smallest_failing_input(CheckFailed(call, "wrong", expected), regression,
                                   right_on_every_smaller_input)
    assert found is None and 0 < len(calls) <= MAX_CALLS


def test_the_search_asks_the_reference_about_an_input_once_however_many_learners_fail() -> None:
    regression = load_trusted_module(COURSE_ROOT / "solutions/regression.py",
                                     "test_reference_asked")
    asked: list[int] = []
    reference = ModuleType("counted_reference")
    reference.mean_squared_error = lambda *args: asked.append(1) or regression.mean_squared_error(
        *args)
    rng = np.random.default_rng(0)
    y_true, y_pred = rng.normal(size=40), rng.normal(size=40)
    expected = regression.mean_squared_error(y_true, y_pred)

    def twice_too_much(args, kwargs):
        return Call("mean_squared_error", (), args, kwargs,
                    Returned(2 * regression.mean_squared_error(*args)))

    def search(answers: Answers):
        call = Call("mean_squared_error", ("y_true", "y_pred"), (y_true.copy(), y_pred.copy()),
                    {}, Returned(2 * expected))
        return smallest_failing_input(CheckFailed(call, "wrong", expected), reference,
                                      twice_too_much, answers=answers)

    alone = search(Answers())
    asked.clear()
    answers = Answers()
    first, second = search(answers), search(answers)
    assert first is not None and alone is not None and second is not None
    assert first.call.describe() == second.call.describe() == alone.call.describe()
    assert first.expected == second.expected == alone.expected
    assert len(asked) == 2  # the check's own input and the first prefix, once each


def test_a_function_that_hangs_on_a_smaller_input_costs_no_points_and_shows_none() -> None:
    source = reference("regression").replace(
        "    errors = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)\n",
        "    errors = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)\n"
        "    while len(errors) in (2, 3):\n        pass\n"
        "    if len(errors) > 4:\n        return float(np.sum(errors**2))\n")
    result = graded("regression", source)
    fifty = result.check("test_mse_of_fifty_random_predictions")
    assert fifty.status is CheckStatus.FAILED and fifty.detail.smallest is None
    assert all(c.passed for c in result.result.checks if c.id != fifty.id)


# --- the hidden-input rule ------------------------------------------------------------------

def test_a_hidden_input_is_shown_whole_up_to_six_values_else_as_its_shape_and_first_three() -> (
        None):
    assert SHOWN_WHOLE == 6
    assert shown(np.arange(6.0)) == "[0.0, 1.0, 2.0, 3.0, 4.0, 5.0]" and is_whole(np.arange(6))
    assert shown(np.arange(7.0)) == "<array of shape (7,): 0.0, 1.0, 2.0, …>"
    assert shown(np.ones((30, 3))) == "<array of shape (30, 3): 1.0, 1.0, 1.0, …>"
    assert not is_whole(np.ones((2, 4))) and is_whole(3.5) and is_whole("text")
    two = (np.array([0, 1]), np.ones((40, 3)))
    assert shown(two) == "([0, 1], <array of shape (40, 3): 1.0, 1.0, 1.0, …>)"


def test_a_hidden_check_with_a_large_input_keeps_its_input_and_expected_answer() -> None:
    check = graded_file("regression", BEN_REGRESSION).check("test_mse_of_fifty_random_predictions")
    hidden = np.random.default_rng(20240501).normal(10.0, 3.0, size=50)
    detail = check.detail
    assert detail.call.startswith("mean_squared_error(y_true=<array of shape (50,): ")
    assert detail.expected == "" and detail.withheld == WITHHELD
    assert "expected" not in detail.reason.replace("the expected one", "").replace(
        "the expected value", "")
    text = json.dumps(check.to_dict())
    for value in hidden[3:8]:  # past the first three, no input value reaches the learner
        assert f"{value:.6g}"[:6] not in text
    assert check.feedback.startswith("mean_squared_error(y_true=<array of shape (50,)")


def test_a_function_returning_a_hidden_input_does_not_reveal_it() -> None:
    source = reference("regression").replace(
        "    errors = np.asarray", "    return y_true\n    errors = np.asarray", 1)
    check = graded("regression", source).check("test_mse_of_fifty_random_predictions")
    assert check.detail.got == "" and check.detail.withheld == WITHHELD


def test_a_hidden_check_with_small_inputs_shows_them_and_its_expected_answer() -> None:
    ben = graded_file("classification", COURSE_ROOT / "examples/class/ben/classification.py")
    check = ben.check("test_tied_vote_goes_to_the_smallest_label")
    assert check.visibility == "hidden" and not check.detail.withheld
    assert check.detail.call == "majority_vote(labels=[7, 3, 3, 7])"
    assert (check.detail.expected, check.detail.got) == ("3", "7")


def test_a_public_checks_input_is_always_shown_whole() -> None:
    call = Call("f", ("x",), (np.arange(50.0),), {}, Returned(0.0))
    text, whole = described(call, hidden=False)
    assert whole and "49.0" in text


# --- the data -------------------------------------------------------------------------------

def test_every_check_records_the_learners_functions_it_called_passed_or_not() -> None:
    result = graded_file("clustering", COURSE_ROOT / "solutions/clustering.py").result
    for check in result.checks:
        assert check.passed and len(check.functions) == 1, check.id
    assert result.checks[0].functions == ("assign_clusters",)


def test_the_new_detail_fields_survive_results_json() -> None:
    detail = Detail(call="f(x=1)", reason="r", misconceptions=(
        Misconception("sums", "sum not mean", "divide by n", "f"),), diagnosed=True,
        smallest=SmallestInput("f(x=[1])", "1.0", "2.0", "why"), withheld=WITHHELD)
    check = CheckResult("test_x", "X", "hidden", CheckStatus.FAILED, 0.0, 1.0, "feedback",
                        detail, functions=("f", "g"))
    data = json.loads(json.dumps(check.to_dict()))
    assert CheckResult.from_dict(data) == check
    assert data["detail"]["misconceptions"][0]["hint"] == "divide by n"
    assert CheckResult.from_dict({**data, "detail": {"call": "f()"}}).detail == Detail(call="f()")
    assert "functions" not in CheckResult.from_dict({**data, "functions": []}).to_dict()

