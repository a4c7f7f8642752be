"""Gradescope's autograder format: one results.json per learner, as Gradescope reads from
/autograder/results/results.json (score, output, tests with name, number, score, max_score,
status, output, visibility), so that the grader can run inside a Gradescope autograder.

The tests add up to the score: a test per check and a test per quiz question (Gradescope's
per-test statistics then show which questions a class missed, as they do for checks). When
a late penalty or an override set a module's or quiz's score after grading, its checks or
questions are kept, with their status, as tests of no points, and one more test carries
the score that counts.

A peer-reviewed module's score combines its checks with a peer mark and a reviewing mark:
its checks are then tests of no points, followed by one test per part (the checks' share,
the peer mark with the reviews in words, the reviewing mark), which add up to the score. The
reviews reach the author under their labels, never their reviewers' ids.
"""

from __future__ import annotations

import json
from typing import Any

from grader.exports._peer_text import peer_max, peer_text, reviewing_max, reviewing_text
from grader.exports._words import module_notes, number, quiz_notes
from grader.load.learner_ids import file_stem
from grader.results import (
    ALL_RELEASED,
    CheckResult,
    CheckStatus,
    FeedbackRelease,
    LearnerResult,
    ModuleResult,
    ModuleStatus,
    PeerResult,
    QuestionResult,
    QuestionStatus,
    QuizResult,
    scored_status,
)

__all__ = ["gradescope_files", "learner_results"]


def gradescope_files(
    learners: tuple[LearnerResult, ...], release: FeedbackRelease = ALL_RELEASED
) -> dict[str, str]:
    """`<learner>/results.json` for every learner, in a folder named as their report is (the
    id itself when it is a plain name; `extra_data.learner` always holds the id). The results
    are those learners may see (grader.results.release); `release` sets the visibility."""
    return {
        f"{file_stem(lr.learner)}/results.json": json.dumps(
            learner_results(lr, release), indent=2, ensure_ascii=False
        )
        + "\n"
        for lr in learners
    }


def learner_results(
    learner: LearnerResult, release: FeedbackRelease = ALL_RELEASED
) -> dict[str, Any]:
    """The top-level score is the one that counts (late penalties and overrides included);
    the tests are the checks and quiz questions as graded, overrides of single checks
    included, and add up to it (see the module's docstring)."""
    tests = [
        test
        for number_, module in enumerate(learner.modules, 1)
        for test in _module_tests(module, number_, _visibility(release, module.module))
    ]
    first = len(learner.modules) + 1
    tests += [
        test
        for number_, quiz in enumerate(learner.quizzes, first)
        for test in _quiz_tests(quiz, number_, _visibility(release, quiz.quiz))
    ]
    return {
        "score": learner.score,
        "output": _summary(learner),
        "tests": tests,
        "extra_data": {
            "learner": learner.learner,
            "max_score": learner.max_score,
            "modules": {m.module: _module_data(m) for m in learner.modules},
            **(
                {"quizzes": {q.quiz: _quiz_data(q) for q in learner.quizzes}}
                if learner.quizzes
                else {}
            ),
        },
    }


def _visibility(release: FeedbackRelease, module: str) -> str:
    """Of a module's hidden checks and its quiz's questions: shown once released; until
    then, after the due date (Gradescope's own, which the course's deadline should match)
    or once the instructor publishes the grades on Gradescope."""
    pending = release.waiting(module)
    if pending is None:
        return "visible"
    return "after_due_date" if pending.until == "deadline" else "after_published"


def _summary(learner: LearnerResult) -> str:
    lines = [
        f"{m.module}: {number(m.score)} of {number(m.max_score)}"
        + ("" if m.status is ModuleStatus.GRADED else f" ({m.status.value})")
        for m in learner.modules
    ]
    lines += [
        f"{q.quiz} quiz: {number(q.score)} of {number(q.max_score)}"
        + ("" if q.status is ModuleStatus.GRADED else f" ({q.status.value})")
        for q in learner.quizzes
    ]
    notes = [note for m in learner.modules for note in module_notes(m)]
    notes += [note for q in learner.quizzes for note in quiz_notes(q)]
    return "\n".join([*lines, *([""] + notes if notes else [])])


def _module_tests(module: ModuleResult, index: int, hidden: str) -> list[dict[str, Any]]:
    tests = [
        _test(check, f"{module.module}: {check.title}", f"{index}.{position}", hidden)
        for position, check in enumerate(module.checks, 1)
    ]
    if module.peer is not None:
        if module.override is None:
            return _peer_tests(module, module.peer, tests, index)
        tests += _peer_parts(module, module.peer, index, len(tests))  # kept, at no points
    elif tests and module.score == module.checks_score:
        return tests
    # Nothing ran (a missing or unreadable file), or a penalty or an override set the score
    # after grading: one test carries the score that counts.
    name = f"{module.module}: " + (
        "score that counts" if tests else module.file or f"{module.module}.py"
    )
    notes = ([module.message] if module.message else []) + module_notes(module)
    return _folded(tests, name, index, module.score, module.max_score, notes)


def _peer_tests(
    module: ModuleResult, peer: PeerResult, checks: list[dict[str, Any]], index: int
) -> list[dict[str, Any]]:
    """The checks at no points, then a test for each part of the module's score."""
    automated = round(module.checks_score - module.penalty, 6)
    notes = ([module.message] if module.message else []) + module_notes(module)
    said = f"The checks gave {number(automated)} of {number(module.max_score)} points"
    share = _counted(
        f"{module.module}: checks' share",
        f"{index}.{len(checks) + 1}",
        peer.checks_points(automated),
        round(module.max_score * peer.weights.checks, 6),
        [f"{said}, × {number(peer.weights.checks)}.", *notes],
    )
    parts = _peer_parts(module, peer, index, len(checks) + 1)
    return [*map(_unscored, checks), share, *parts]


def _peer_parts(
    module: ModuleResult, peer: PeerResult, index: int, before: int
) -> list[dict[str, Any]]:
    """The peer mark's test, with the reviews in words, and the reviewing mark's."""
    anonymous = peer.anonymous()  # the file reaches the author: never a reviewer's id
    tests = [
        _counted(
            f"{module.module}: peer mark",
            f"{index}.{before + 1}",
            peer.peer_points(module.max_score),
            peer_max(module, peer),
            [peer_text(module, anonymous)],
        )
    ]
    if peer.weights.reviewing or peer.reviewing is not None:
        tests.append(
            _counted(
                f"{module.module}: reviewing",
                f"{index}.{before + 2}",
                peer.reviewing_points(module.max_score),
                reviewing_max(module, peer),
                [reviewing_text(module, peer)],
            )
        )
    return tests


def _quiz_tests(quiz: QuizResult, index: int, visibility: str) -> list[dict[str, Any]]:
    tests = [
        _question_test(
            question, f"{quiz.quiz} quiz: {question.title}", f"{index}.{position}", visibility
        )
        for position, question in enumerate(quiz.questions, 1)
    ]
    if tests and quiz.override is None:
        return tests
    name = f"{quiz.quiz} quiz: " + (
        "score set by the instructor" if tests else quiz.file or "answers"
    )
    notes = ([quiz.message] if quiz.message else []) + quiz_notes(quiz)
    return _folded(tests, name, index, quiz.score, quiz.max_score, notes)


def _folded(
    tests: list[dict[str, Any]],
    name: str,
    index: int,
    score: float,
    max_score: float,
    notes: list[str],
) -> list[dict[str, Any]]:
    """The tests kept at no points, and after them one test that carries the score."""
    position = f"{index}.{len(tests) + 1}" if tests else f"{index}.0"
    return [*map(_unscored, tests), _counted(name, position, score, max_score, notes)]


def _unscored(test: dict[str, Any]) -> dict[str, Any]:
    """A check or question whose points are counted in its module's or quiz's score below:
    it keeps its status and says what it earned, and is worth no points itself, so that the
    tests add up to the score (Gradescope reads a test's score between 0 and its max)."""
    earned = f"Earned {number(test['score'])} of {number(test['max_score'])}, counted below."
    output = earned + (f"\n{test['output']}" if test["output"] else "")
    return test | {"score": 0.0, "max_score": 0.0, "output": output}


def _counted(
    name: str, position: str, score: float, max_score: float, notes: list[str]
) -> dict[str, Any]:
    """The test that carries a module's or quiz's score when its checks or questions cannot."""
    return {
        "name": name,
        "number": position,
        "score": score,
        "max_score": max_score,
        "status": scored_status(score=score, max_score=max_score).value,
        "output": "\n".join(notes),
        "visibility": "visible",
    }


def _question_test(
    question: QuestionResult, name: str, position: str, visibility: str
) -> dict[str, Any]:
    lines = [question.feedback] if question.feedback else []
    lines += [
        f"{label}: {value}"
        for label, value in (("answered", question.answer), ("expected", question.expected))
        if value
    ]
    if question.grader_error:
        lines.append("This question could not be graded, not because of your answer.")
    return {
        "name": name,
        "number": position,
        "score": question.score,
        "max_score": question.max_score,
        "status": "passed" if question.status is QuestionStatus.CORRECT else "failed",
        "output": "\n".join(lines),
        # The feedback holds the key: shown as the module's hidden checks are.
        "visibility": visibility,
    }


def _test(check: CheckResult, name: str, position: str, hidden: str) -> dict[str, Any]:
    return {
        "name": name,
        "number": position,
        "score": check.score,
        "max_score": check.max_score,
        "status": "passed" if check.shown_status is CheckStatus.PASSED else "failed",
        "output": _check_output(check),
        # Public checks are in the learners' self-check; hidden ones as the release says.
        "visibility": "visible" if check.visibility == "public" else hidden,
    }


def _check_output(check: CheckResult) -> str:
    detail = check.detail
    lines = [check.feedback] if check.feedback else []
    lines += [
        f"{label}: {value}"
        for label, value in (
            ("called", detail.call),
            ("expected", detail.expected),
            ("got", detail.got),
            ("why", "" if detail.reason == check.feedback else detail.reason),
            ("hidden check", detail.withheld),
            ("hint", detail.hint),
        )
        if value
    ]
    if check.grader_error:
        lines.append("This check failed inside the grader, not because of your code.")
    if check.override is not None:
        lines.append(
            f"Score set by the instructor to {number(check.score)} (the check gave "
            f"{number(check.override.graded_score)}): {check.override.reason}"
        )
    return "\n".join(lines)


def _module_data(module: ModuleResult) -> dict[str, Any]:
    data: dict[str, Any] = {
        "score": module.score,
        "max_score": module.max_score,
        "status": module.status.value,
    }
    if module.lateness is not None:
        data["lateness"] = module.lateness.to_dict()
        data["penalty"] = module.penalty
    if module.override is not None:
        data["override"] = module.override.to_dict()
    if module.peer is not None:
        data["peer"] = module.peer.anonymous().to_dict(module.max_score)
    return data


def _quiz_data(quiz: QuizResult) -> dict[str, Any]:
    data: dict[str, Any] = {
        "score": quiz.score,
        "max_score": quiz.max_score,
        "status": quiz.status.value,
    }
    if quiz.override is not None:
        data["override"] = quiz.override.to_dict()
    return data
