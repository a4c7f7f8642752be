"""Peer review results built by hand, as the gradebook gives them, for the tests of every
output that shows them: a class of four on the capstone (43 points, 0.6 checks, 0.3 peer mark,
0.1 reviewing; three criteria worth 4 each).

- ada's work has three reviews: one counted as given, one whose levels the instructor changed,
  one the instructor discarded; her peer mark is 9 of 12, and she reviewed well.
- ben's work has one counted review of the two needed; his levels stray from the others'.
- cleo's peer mark was set by the instructor, with a reason.
- dev handed nothing in: no peer review.
"""

from __future__ import annotations

from grader.results import (
    CheckResult,
    CheckStatus,
    ClassResult,
    LearnerResult,
    ModuleResult,
    ModuleStatus,
    Override,
)
from grader.results.peer import (
    CriterionMark,
    PeerResult,
    Review,
    ReviewChange,
    ReviewingMark,
    ReviewScore,
    Weights,
)

WEIGHTS = Weights(checks=0.6, peer=0.3, reviewing=0.1)
TITLES = {"clarity": "Clarity", "choices": "Choices argued", "comparison": "Comparison of models"}
LEVELS = {  # the capstone's levels, by points
    "clarity": {4: "clear", 2: "mostly_clear", 0: "hard_to_follow"},
    "choices": {4: "argued", 2: "some", 0: "none"},
    "comparison": {4: "fair", 2: "partial", 0: "missing"},
}
SCRIPT = "<script>alert('reviewer')</script>"
# A comment that names its writer: the author must still never see the reviewer's id.
DISCARD_REASON = "a review of another submission, pasted in"
CHANGE_REASON = "levels given without reading the notebook"
OVERRIDE_REASON = "marked by the instructor as a calibration submission"


def scores(clarity: int, choices: int, comparison: int,
           comment: str = "") -> tuple[ReviewScore, ...]:
    given = {"clarity": clarity, "choices": choices, "comparison": comparison}
    return tuple(ReviewScore(c, LEVELS[c][p], float(p), comment if c == "clarity" else "")
                 for c, p in given.items())


def criteria(*medians: float | None, reviews: int) -> tuple[CriterionMark, ...]:
    return tuple(CriterionMark(c, TITLES[c], m, 4.0, reviews)
                 for c, m in zip(TITLES, medians, strict=True))


def reviewing(completed: int = 3, agreement: float | None = 0.6, fraction: float = 0.8,
              outlier: bool = False) -> ReviewingMark:
    return ReviewingMark(assigned=3, completed=completed, agreement=agreement, calibrated=0,
                         fraction=fraction, outlier=outlier)


def ada_peer() -> PeerResult:
    reviews = (
        Review("Reviewer 1", "ben", scores(4, 2, 2, f"Clear names. {SCRIPT}"),
               comment="Well argued\nthroughout.", submitted_at="2026-12-01T10:00:00+00:00"),
        Review("Reviewer 2", "cleo", scores(2, 4, 4), submitted_at="2026-12-01T11:00:00+00:00",
               revision=2, change=ReviewChange(CHANGE_REASON, "2026-12-03T09:00:00+00:00",
                                               before=scores(0, 0, 0))),
        Review("Reviewer 3", "dev-the-reviewer", scores(0, 0, 0), comment="Copied.",
               change=ReviewChange(DISCARD_REASON, "2026-12-03T09:05:00+00:00", discarded=True)),
    )
    return PeerResult("capstone", "K7QX2M", criteria(3.0, 3.0, 3.0, reviews=2), reviews,
                      reviewing(), WEIGHTS, min_reviews=2)


def ben_peer() -> PeerResult:
    reviews = (Review("Reviewer 1", "ada", scores(2, 2, 0)),)
    return PeerResult("capstone", "P3LM9A", criteria(2.0, 2.0, 0.0, reviews=1), reviews,
                      reviewing(completed=2, agreement=0.2, fraction=0.43, outlier=True),
                      WEIGHTS, min_reviews=2)


def cleo_peer() -> PeerResult:
    reviews = (Review("Reviewer 1", "ada", scores(2, 2, 2)),
               Review("Reviewer 2", "ben", scores(0, 2, 2)))
    return PeerResult("capstone", "Z8RT4C", criteria(1.0, 2.0, 2.0, reviews=2), reviews,
                      reviewing(agreement=None, fraction=0.5), WEIGHTS, min_reviews=2,
                      override=Override(10.0, OVERRIDE_REASON, "2026-12-04T08:00:00+00:00", 5.0))


def capstone(peer: PeerResult | None, checks_score: float = 36.0) -> ModuleResult:
    checks = (CheckResult("test_pipeline", "The pipeline runs and predicts", "public",
                          CheckStatus.PASSED if checks_score == 43 else CheckStatus.FAILED,
                          checks_score, 43.0),)
    return ModuleResult("capstone", "capstone.py", ModuleStatus.GRADED, checks, max_score=43.0,
                        peer=peer)


def missing_capstone() -> ModuleResult:
    return ModuleResult("capstone", None, ModuleStatus.MISSING, max_score=43.0,
                        message="No capstone.py was handed in.")


def ada() -> LearnerResult:
    return LearnerResult("ada", (capstone(ada_peer()),))


def peer_class() -> ClassResult:
    learners = (
        ada(),
        LearnerResult("ben", (capstone(ben_peer(), 30.0),)),
        LearnerResult("cleo", (capstone(cleo_peer(), 43.0),)),
        LearnerResult("dev", (missing_capstone(),)),
    )
    return ClassResult("test", learners, ("capstone",), peer_reviewed=("capstone",))
