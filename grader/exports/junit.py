"""JUnit XML, one test case per check, for CI systems and GitHub Classroom-style workflows.

One <testsuite> per learner and module (`ada.regression`), whose properties carry the score
that counts, the late penalty and any override; a failed check is a <failure>, a check whose
function raised or ran out of time an <error>, and a missing or unreadable file a single
failed test case. An overridden check passes or fails as its score says.

A peer-reviewed module's suite has two test cases more, its peer mark (the reviews in words,
under their labels: never a reviewer's id) and the learner's reviewing mark, each failed short
of full marks as an overridden check is; its properties carry both marks' points.

One <testsuite> per learner and quiz too (`ada.regression quiz`), a test case per question,
so that a learner's suites' `score` properties add up to the learner's score.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from grader.exports._peer_text import peer_max, peer_text, reviewing_max, reviewing_text
from grader.exports._words import module_notes, number, quiz_notes
from grader.results import (
    CheckResult,
    CheckStatus,
    LearnerResult,
    ModuleResult,
    PeerResult,
    QuestionResult,
    QuestionStatus,
    QuizResult,
)

__all__ = ["junit_xml"]

# Characters XML 1.0 cannot hold (learners print anything, control characters included).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def junit_xml(learners: tuple[LearnerResult, ...]) -> str:
    suites = ET.Element("testsuites", name="grader")
    for learner in learners:
        for module in learner.modules:
            suites.append(_suite(learner.learner, module))
        for quiz in learner.quizzes:
            suites.append(_quiz_suite(learner.learner, quiz))
    for name in ("tests", "failures", "errors"):
        suites.set(name, str(sum(int(s.get(name, "0")) for s in suites)))
    ET.indent(suites)
    return ET.tostring(suites, encoding="unicode", xml_declaration=True) + "\n"


def _suite(learner: str, module: ModuleResult) -> ET.Element:
    classname = f"{learner}.{module.module}"
    cases = [_case(classname, c) for c in module.checks] or [
        _nothing_ran(
            classname, module.file or f"{module.module}.py", module.status.value, module.message
        )
    ]
    if module.peer is not None:
        cases += _peer_cases(classname, module, module.peer.anonymous())
    suite = _suite_of(classname, cases)
    if module.attempt is not None:
        suite.set("timestamp", module.attempt.graded_at[:19])
    suite.insert(0, _properties(learner, module))
    return suite


def _suite_of(classname: str, cases: list[ET.Element]) -> ET.Element:
    suite = ET.Element(
        "testsuite",
        name=_text(classname),
        tests=str(len(cases)),
        failures=str(sum(c.find("failure") is not None for c in cases)),
        errors=str(sum(c.find("error") is not None for c in cases)),
        skipped="0",
        time="0",
    )
    suite.extend(cases)
    return suite


def _quiz_suite(learner: str, quiz: QuizResult) -> ET.Element:
    classname = f"{learner}.{quiz.quiz} quiz"
    cases = [_question_case(classname, q) for q in quiz.questions] or [
        _nothing_ran(classname, quiz.file or f"{quiz.quiz} quiz", quiz.status.value, quiz.message)
    ]
    suite = _suite_of(classname, cases)
    values = {
        "learner": learner,
        "quiz": quiz.quiz,
        "file": quiz.file or "",
        "status": quiz.status.value,
        "score": number(quiz.score),
        "max_score": number(quiz.max_score),
        "questions_score": number(quiz.questions_score),
    }
    if quiz.override is not None:
        values |= {
            "override": number(quiz.override.score),
            "override_reason": quiz.override.reason,
        }
    if notes := quiz_notes(quiz):
        values["notes"] = "; ".join(notes)
    suite.insert(0, _property_list(values))
    return suite


def _question_case(classname: str, question: QuestionResult) -> ET.Element:
    case = ET.Element("testcase", classname=_text(classname), name=_text(question.id), time="0")
    if question.status is QuestionStatus.CORRECT:
        return case
    kind = "grader_error" if question.grader_error else question.status.value
    element = ET.SubElement(
        case,
        "error" if question.grader_error else "failure",
        type=kind,
        message=_text(question.feedback or kind),
    )
    element.text = _text(
        "\n".join(
            f"{label}: {value}"
            for label, value in (
                ("question", question.title),
                ("score", f"{number(question.score)} of {number(question.max_score)}"),
                ("answered", question.answer),
                ("expected", question.expected),
                ("grader error", question.internal_error),
            )
            if value
        )
    )
    return case


def _properties(learner: str, module: ModuleResult) -> ET.Element:
    values = {
        "learner": learner,
        "module": module.module,
        "file": module.file or "",
        "status": module.status.value,
        "score": number(module.score),
        "max_score": number(module.max_score),
        "checks_score": number(module.checks_score),
        "penalty": number(module.penalty),
    }
    if module.lateness is not None:
        values |= {
            "submitted_at": module.lateness.submitted_at or "unknown",
            "deadline": module.lateness.deadline,
            "days_late": str(module.lateness.days_late),
        }
        if not module.lateness.verified:
            values |= {"submitted_from": module.lateness.submitted_from, "verified": "false"}
    if module.override is not None:
        values |= {
            "override": number(module.override.score),
            "override_reason": module.override.reason,
        }
    if module.peer is not None:
        values |= _peer_properties(module, module.peer)
    if notes := module_notes(module):
        values["notes"] = "; ".join(notes)
    return _property_list(values)


def _peer_cases(classname: str, module: ModuleResult, peer: PeerResult) -> list[ET.Element]:
    earned = peer.peer_points(module.max_score)
    cases = [
        _part_case(
            classname,
            "peer mark",
            (earned, peer_max(module, peer)),
            peer_text(module, peer),
            "" if peer.enough_reviews else "awaiting_reviews",
        )
    ]
    if peer.weights.reviewing or peer.reviewing is not None:
        points = (peer.reviewing_points(module.max_score), reviewing_max(module, peer))
        cases.append(_part_case(classname, "reviewing", points, reviewing_text(module, peer)))
    return cases


def _part_case(
    classname: str, name: str, points: tuple[float, float], text: str, kind: str = ""
) -> ET.Element:
    """A part of a module's score as a test case: passed at full marks, else failed."""
    case = ET.Element("testcase", classname=_text(classname), name=name, time="0")
    score, most = points
    if score >= most and not kind:
        ET.SubElement(case, "system-out").text = _text(text)
        return case
    kind = kind or name.replace(" ", "_")
    message = f"{name}: {number(score)} of {number(most)} points"
    ET.SubElement(case, "failure", type=kind, message=message).text = _text(text)
    return case


def _peer_properties(module: ModuleResult, peer: PeerResult) -> dict[str, str]:
    values = {
        "peer_mark": number(peer.mark),
        "peer_max_mark": number(peer.max_mark),
        "peer_points": number(peer.peer_points(module.max_score)),
        "reviewing_points": number(peer.reviewing_points(module.max_score)),
        "reviews_counted": str(peer.counted),
    }
    if peer.override is not None:
        values |= {
            "peer_override": number(peer.override.score),
            "peer_override_reason": peer.override.reason,
        }
    return values


def _property_list(values: dict[str, str]) -> ET.Element:
    properties = ET.Element("properties")
    for name, value in values.items():
        ET.SubElement(properties, "property", name=name, value=_text(value))
    return properties


def _case(classname: str, check: CheckResult) -> ET.Element:
    case = ET.Element("testcase", classname=_text(classname), name=_text(check.id), time="0")
    if check.override is not None:
        ET.SubElement(case, "system-out").text = _text(
            f"score set by the instructor to {number(check.score)} of "
            f"{number(check.max_score)} (graded {number(check.override.graded_score)}): "
            f"{check.override.reason}"
        )
    if check.shown_status is CheckStatus.PASSED:
        return case
    if check.override is not None:  # the instructor's score is the verdict: short of full marks
        return _overridden_failure(case, check)
    failed = check.status is CheckStatus.FAILED and not check.grader_error
    kind = "grader_error" if check.grader_error else check.status.value
    element = ET.SubElement(
        case,
        "failure" if failed else "error",
        type=kind,
        message=_text(check.detail.reason or check.feedback or kind),
    )
    element.text = _text(_detail(check))
    return case


def _overridden_failure(case: ET.Element, check: CheckResult) -> ET.Element:
    assert check.override is not None
    element = ET.SubElement(
        case,
        "failure",
        type="override",
        message=_text(
            f"score set by the instructor to {number(check.score)} of "
            f"{number(check.max_score)}: {check.override.reason}"
        ),
    )
    element.text = _text(_detail(check))
    return case


def _nothing_ran(classname: str, name: str, status: str, message: str) -> ET.Element:
    case = ET.Element("testcase", classname=_text(classname), name=_text(name), time="0")
    ET.SubElement(case, "failure", type=status, message=_text(message or status))
    return case


def _detail(check: CheckResult) -> str:
    detail = check.detail
    return "\n".join(
        f"{label}: {value}"
        for label, value in (
            ("check", check.title),
            ("called", detail.call),
            ("expected", detail.expected),
            ("got", detail.got),
            ("why", detail.reason),
            ("hidden check", detail.withheld),
            ("hint", detail.hint),
            ("traceback", detail.traceback),
            ("grader error", check.internal_error),
        )
        if value
    )


def _text(value: str) -> str:
    return _NOT_XML.sub("\ufffd", value)
