"""The checks' `reference` fixture: the reference solution, each answer computed once per worker
for inputs of the same content (the checks ask it the same questions file after file), and
every check given its own copy, so that what one check does with an answer never reaches
another."""

from __future__ import annotations

import types

import numpy as np

from grader.checks._trusted_answers import Answers, RememberedReference


def counting_reference() -> tuple[RememberedReference, list[str]]:
    module = types.ModuleType("reference")
    asked: list[str] = []

    def scaled(x, factor=2.0):
        asked.append("scaled")
        return np.asarray(x) * factor

    module.scaled = scaled
    module.LABELS = (0, 1)
    module._helper = len
    return RememberedReference(module, Answers()), asked


def test_the_same_question_is_answered_once_and_a_new_one_computed():
    reference, asked = counting_reference()
    first = reference.scaled(np.array([1.0, 2.0]))
    again = reference.scaled(np.array([1.0, 2.0]))
    other = reference.scaled(np.array([1.0, 2.0]), factor=3.0)
    assert asked == ["scaled", "scaled"]
    assert again.tolist() == first.tolist() == [2.0, 4.0] and other.tolist() == [3.0, 6.0]


def test_a_check_that_changes_its_answer_or_its_input_changes_nothing_for_the_next():
    reference, _ = counting_reference()
    x = np.array([1.0, 2.0])
    answer = reference.scaled(x)
    answer[0] = 99.0
    assert reference.scaled(np.array([1.0, 2.0])).tolist() == [2.0, 4.0]
    assert x.tolist() == [1.0, 2.0]


def test_what_is_not_a_public_function_is_the_modules_own():
    reference, _ = counting_reference()
    assert reference.LABELS == (0, 1) and reference._helper is len
