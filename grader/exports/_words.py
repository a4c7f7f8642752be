"""What an override, a late penalty or peer review did to a module's score, in a sentence, for
the files and exports that carry words beside numbers."""

from __future__ import annotations

from grader.results import Lateness, LearnerResult, ModuleResult, QuizResult

__all__ = ["UNVERIFIED", "learner_notes", "module_notes", "number", "peer_notes", "quiz_notes"]

# A time taken from the file itself: the learner may have set it (touch, a copy, an archive).
UNVERIFIED = "by the file's modification time, unverified"


def number(value: float) -> str:
    return f"{value:g}"


def module_notes(module: ModuleResult) -> list[str]:
    """`regression: 2 days late, -20% (-3.2 points)`, an override with its reason, ..."""
    notes = []
    if (lateness := module.lateness) is not None:
        if lateness.submitted_at is None:
            notes.append(f"{module.module}: not in the manifest, lateness unknown")
        elif lateness.late:
            days = f"{lateness.days_late} day{'s' if lateness.days_late != 1 else ''}"
            extended = " (extended deadline)" if lateness.extended else ""
            notes.append(
                f"{module.module}: {days} late{extended}{_unverified(lateness)}, "
                f"-{number(lateness.penalty_percent)}% (-{number(module.penalty)} points)"
            )
        elif not lateness.verified:  # on time, perhaps only because the file was back-dated
            notes.append(f"{module.module}: on time{_unverified(lateness)}")
    for check in module.checks:
        if check.override is not None:
            notes.append(
                f"{module.module}/{check.id}: override {number(check.score)} of "
                f"{number(check.max_score)} (graded "
                f"{number(check.override.graded_score)}): {check.override.reason}"
            )
    if (override := module.override) is not None:
        notes.append(
            f"{module.module}: override {number(override.score)} of "
            f"{number(module.max_score)} (graded {number(override.graded_score)}): "
            f"{override.reason}"
        )
    return notes + peer_notes(module)


def peer_notes(module: ModuleResult) -> list[str]:
    """`capstone: peer mark set to 10 of 12 (reviews 5): reason`, `capstone: 1 of the 2
    reviews needed`: what the peer mark's column alone does not say."""
    peer = module.peer
    if peer is None:
        return []
    notes = []
    if (override := peer.override) is not None:
        reviews = peer.reviews_mark
        gave = "no review counted" if reviews is None else f"reviews {number(reviews)}"
        notes.append(
            f"{module.module}: peer mark set to {number(override.score)} of "
            f"{number(peer.max_mark)} ({gave}): {override.reason}"
        )
    elif not peer.enough_reviews:
        notes.append(f"{module.module}: {peer.counted} of the {peer.min_reviews} reviews needed")
    return notes


def _unverified(lateness: Lateness) -> str:
    return "" if lateness.verified else f" {UNVERIFIED}"


def quiz_notes(quiz: QuizResult) -> list[str]:
    """`regression quiz: override 10 of 10 (graded 7): reason`, when there is one."""
    if (override := quiz.override) is None:
        return []
    return [
        f"{quiz.quiz} quiz: override {number(override.score)} of {number(quiz.max_score)} "
        f"(graded {number(override.graded_score)}): {override.reason}"
    ]


def learner_notes(learner: LearnerResult) -> str:
    notes = [note for module in learner.modules for note in module_notes(module)]
    notes += [note for quiz in learner.quizzes for note in quiz_notes(quiz)]
    return "; ".join(notes)
