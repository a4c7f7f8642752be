"""Who the class page says needs attention: learners an instructor should act on."""

from __future__ import annotations

from dataclasses import replace

from grader.reports._attention import counted_missing
from grader.reports._class_summary import summarize
from grader.results import LearnerResult

from .test_reports import check, class_page, klass, learner, module, quiz, regression


def listed(result: object) -> dict[str, tuple[str, ...]]:
    summary = summarize(result, {})  # type: ignore[arg-type]
    return {item.learner: item.reasons for item in summary.attention}


def full(name: str) -> LearnerResult:
    return learner(name, module("regression", check("test_a")),
                   module("classification", check("test_c")))


def test_a_module_at_least_half_the_class_handed_in_lists_those_who_did_not() -> None:
    absent = [learner(f"absent{i}", module("regression", check("test_a"))) for i in range(2)]
    found = listed(klass(full("ada"), full("ben"), *absent))
    assert found == {"absent0": ("missing: classification",),
                     "absent1": ("missing: classification",)}


def test_a_quiz_fewer_than_half_the_class_handed_in_lists_nobody_and_the_page_says_why() -> None:
    learners = [LearnerResult(f"l{i}", (regression(check("test_ok")),), (quiz(),) if i == 0 else ())
                for i in range(3)]
    result = replace(klass(*learners), modules=("regression",), quizzes=("regression",))
    assert listed(result) == {}
    assert summarize(result, {}).seldom_handed_in == ("regression quiz",)
    page = class_page(result)
    attention = page[page.index('id="attention"'):page.index('id="learners"')]
    assert "Fewer than half of the class handed in regression quiz" in attention
    assert "missing that at least half of the class handed in" in attention
    assert "<p>Nobody.</p>" in attention


def test_a_learner_missing_a_rare_part_is_still_listed_for_a_low_total() -> None:
    learners = [full("ada"), full("ben"), learner("cy", module("regression", check("test_a"),
                check("test_b", "failed"), check("test_d", "failed"), check("test_e", "failed"),
                check("test_f", "failed")))]
    found = listed(klass(*learners))
    assert found == {"cy": ("missing: classification", "total 16.7%")}


def test_whether_missing_a_part_counts_turns_on_half_the_class() -> None:
    words = [["", "missing", "missing"], ["missing", "", "missing"]]
    assert counted_missing(words, parts=3) == (True, True, False)  # 1 of 2 is half
    three = [["", "missing"], ["missing", "missing"], ["missing", ""]]
    assert counted_missing(three, parts=2) == (False, False)  # 1 of 3 is less than half
