"""The similarity ranking on the evaluation set (tests/similarity/corpus): copies disguised as
the issue says rank above every pair of learners who worked apart, and a submission sharing
only the starter code is never reported."""

from __future__ import annotations

import pytest

from tests.similarity import evaluation

pytestmark = pytest.mark.shipped_course  # the stubs leave the starter code out

MODULES = evaluation.modules()


def test_the_evaluation_set_covers_every_exercise_module_of_the_course():
    import tomllib

    course = tomllib.loads((evaluation.ROOT / "exercises" / "course.toml").read_text())
    assert set(MODULES) == set(course["modules"]) - {"capstone"}


@pytest.fixture(scope="module", params=MODULES)
def measured(request):
    corpus = evaluation.read_corpus(evaluation.CORPUS / request.param)
    return corpus, evaluation.measure(request.param, corpus)


def test_every_disguised_copy_ranks_above_every_pair_of_independent_work(measured):
    _, found = measured
    below = [
        (copy, original, found.of((copy, original)))
        for copy, original in found.copies
        if found.of((copy, original)) <= found.highest_independent
    ]
    assert not below, f"highest independent pair: {found.highest_independent}"


def test_a_submission_sharing_only_the_starter_code_is_never_reported(measured):
    corpus, found = measured
    assert found.stub_only_reported(corpus) == []


def test_every_pair_reported_is_a_copy_and_its_original_or_two_copies_of_one(measured):
    _, found = measured
    wrong = [(p.a, p.b) for p in found.reported.pairs if (p.a, p.b) not in found.copy_pairs]
    assert not wrong
