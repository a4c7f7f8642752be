"""Arguments a stub's contract protects: a learner's function that changes one in place fails
the check that saw it, with a sentence naming the argument, whatever it returned."""

from __future__ import annotations

import ast
import json
from functools import cache

import numpy as np
import pytest

from grader.course import load_course
from grader.course.contract import protected_arguments
from grader.inside import child, wire
from grader.sandbox.messages import call_outcome, call_request
from grader.sandbox.outcomes import Returned
from grader.testing import Scored, score

from .conftest import COURSE as COURSE_ROOT

COURSE = load_course(COURSE_ROOT)

# Right values, but the caller's centroids overwritten: np.asarray makes no copy of a float
# array, so the new centroids are written into the old ones.
UPDATE_IN_PLACE = '''
import numpy as np

def assign_clusters(X, centroids):
    squared = ((X[:, None, :] - centroids[None, :, :]) ** 2).sum(axis=2)
    return np.argmin(squared, axis=1)

def update_centroids(X, labels, centroids):
    new_centroids = np.asarray(centroids, dtype=float)
    for j in range(len(centroids)):
        if np.any(labels == j):
            new_centroids[j] = X[labels == j].mean(axis=0)
    return new_centroids

def kmeans_step(X, centroids):
    labels = assign_clusters(X, centroids)
    return labels, update_centroids(X, labels, centroids)
'''


@cache
def graded(source: str) -> Scored:
    return score("clustering", source, course=COURSE)


def update_checks(scored: Scored) -> list:
    return [c for c in scored.result.checks if c.functions == ("update_centroids",)]


def test_a_protected_argument_changed_in_place_fails_every_check_that_saw_it() -> None:
    checks = update_checks(graded(UPDATE_IN_PLACE))
    assert checks
    for check in checks:
        assert not check.passed, check.id
        assert "changed its argument `centroids` in place; the contract says it is left " \
               "unchanged" in check.feedback, check.feedback
        assert check.feedback.startswith("update_centroids(")
        assert "centroids.copy()" in check.detail.hint
        assert not check.detail.diagnosed  # no wrong answer: no "no known mistake" either


def test_a_hidden_check_with_withheld_inputs_says_the_same_fixed_sentence() -> None:
    checks = [c for c in update_checks(graded(UPDATE_IN_PLACE)) if c.detail.withheld]
    assert checks  # the forty random points are not shown whole
    for check in checks:
        assert check.detail.reason == ("changed its argument `centroids` in place; the "
                                       "contract says it is left unchanged")


def test_an_argument_the_contract_does_not_protect_may_change() -> None:
    # kmeans_step hands its own centroids to the update that overwrites them: its contract
    # says nothing of them, so its checks pass on the right values.
    result = graded(UPDATE_IN_PLACE).result
    kmeans = [c for c in result.checks if c.functions[:1] == ("kmeans_step",)]
    assert kmeans and all(c.passed for c in kmeans), [c.feedback for c in kmeans]


def test_a_copy_changed_in_place_keeps_full_points() -> None:
    source = UPDATE_IN_PLACE.replace("np.asarray(centroids, dtype=float)",
                                     "np.array(centroids, dtype=float)")
    scored = graded(source)
    assert scored.score == scored.max_score, scored.failed


def test_the_stubs_contract_names_the_protected_arguments() -> None:
    assert COURSE.module("clustering").protected == {"update_centroids": ("centroids",)}
    assert COURSE.module("optimization").protected == {"gradient_step": ("w",)}


@pytest.mark.parametrize("sentence", [
    "`w` is not changed.", "`X` and `w` are not changed.", "`X`, `y` and `w` are left unchanged.",
    "Leave `w` itself unchanged.", "Leave `X` and `w`\n    unchanged.",
])
def test_each_form_of_the_sentence_protects_the_arguments_it_names(sentence: str) -> None:
    stub = f'def step(X, y, w):\n    """Do it.\n\n    {sentence}\n    """\n'
    names = [n for n in ("X", "y", "w") if f"`{n}`" in sentence]
    assert protected_arguments(ast.parse(stub)) == {"step": tuple(names)}


def test_a_contract_protecting_a_parameter_the_function_lacks_is_refused() -> None:
    stub = 'def step(X, w):\n    """`weights` is not changed."""\n'
    with pytest.raises(ValueError, match="step .*`weights`.* no such parameter"):
        protected_arguments(ast.parse(stub))


def test_the_child_sees_a_change_in_place_and_not_a_nan_left_as_it_was() -> None:
    array = np.array([1.0, np.nan])
    kept = child._kept([array, [1, 2]], {}, [[0, "a"], [1, "b"]])
    assert all(child._same(now, before) for now, before in kept.values())
    array[0] = 2.0
    kept["b"][0].append(3)
    assert [n for n, (now, before) in kept.items() if not child._same(now, before)] == ["a", "b"]


def test_a_reply_may_name_as_changed_only_the_arguments_the_call_asked_about() -> None:
    reply = {"returned": wire.encode(1.0), "changed": ["X", {"a": 1}, "centroids", "w" * 10**4]}
    assert call_outcome(reply, ("centroids",)) == Returned(1.0, ("centroids",))
    assert call_outcome({**reply, "changed": "centroids"}, ("centroids",)) == Returned(1.0)
    assert call_outcome(reply) == Returned(1.0)


def test_the_request_says_where_each_protected_argument_is_positional_or_keyword() -> None:
    signature = ("X", "labels", "centroids")
    by_position = json.loads(call_request("f", (1, 2, 3), {}, ("centroids",), signature).text)
    by_keyword = json.loads(call_request("f", (1, 2), {"centroids": 3}, ("centroids",),
                                         signature).text)
    assert by_position["protect"] == [[2, "centroids"]]
    assert by_keyword["protect"] == [["centroids", "centroids"]]
    assert "protect" not in json.loads(call_request("f", (1, 2, 3), {}).text)
