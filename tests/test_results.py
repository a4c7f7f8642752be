"""results.json's format: every result type writes the same keys, in the same order, and reads
back what it wrote."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from grader.results import (
    MAX_NOTE,
    Attempt,
    CheckResult,
    CheckStatus,
    ClassResult,
    Detail,
    IsolationLevel,
    Lateness,
    Misconception,
    ModuleResult,
    ModuleStatus,
    Note,
    Override,
    SmallestInput,
    cap_text,
)


def a_late_module_with_every_kind_of_check() -> ModuleResult:
    detail = Detail(call="mse(y_true=[1.0], y_pred=[2.0])", expected="0.375", got="1.5",
                    reason="returned 1.5, expected 0.375", hint="divide by n", function="mse",
                    misconceptions=(Misconception("sums", "the sum, not the mean", "divide by n",
                                                  "mse"),),
                    diagnosed=True, smallest=SmallestInput("mse(y_true=[1.0], y_pred=[2.0])", "",
                                                           "1.0", "why"))
    checks = (
        CheckResult("test_a", "A", "public", CheckStatus.PASSED, 1.0, 1.0, functions=("mse",)),
        CheckResult("test_b", "B", "hidden", CheckStatus.FAILED, 0.0, 2.0,
                    "mse(...) returned 1.5", detail, functions=("mse", "r2")),
        CheckResult("test_c", "C", "hidden", CheckStatus.ERROR, 0.5, 1.0, "",
                    Detail(traceback="Trace"), internal_error="KeyError",
                    override=Override(0.5, "fair", "2024-05-01T10:00:00", 0.0)),
    )
    lateness = Lateness("2024-05-02T10:00:00", "manifest", "2024-05-01T23:59:00", True, 36060.0,
                        1, 10.0, "10% a day")
    attempt = Attempt(2, "2024-05-02T11:00:00", "regression.py", "ab" * 32, ModuleStatus.GRADED,
                      1.5, 4.0, 1, 3, "2024-05-02T10:00:00", "fp", "1.0")
    history = (Attempt(1, "2024-05-01T11:00:00", None, None, ModuleStatus.MISSING, 0.0, 4.0, 0,
                       0),)
    return ModuleResult("regression", "regression.py", ModuleStatus.GRADED, checks, 4.0, "msg",
                        (Note("a note"),), "printed", "source", lateness, None, attempt, history,
                        0.1234567)


WRITTEN = (
    {'module': 'regression',
     'file': 'regression.py',
     'status': 'graded',
     'score': 1.35,
     'max_score': 4.0,
     'checks': [{'id': 'test_a',
                 'title': 'A',
                 'visibility': 'public',
                 'status': 'passed',
                 'score': 1.0,
                 'max_score': 1.0,
                 'feedback': '',
                 'functions': ['mse']},
                {'id': 'test_b',
                 'title': 'B',
                 'visibility': 'hidden',
                 'status': 'failed',
                 'score': 0.0,
                 'max_score': 2.0,
                 'feedback': 'mse(...) returned 1.5',
                 'detail': {'call': 'mse(y_true=[1.0], y_pred=[2.0])',
                            'expected': '0.375',
                            'got': '1.5',
                            'reason': 'returned 1.5, expected 0.375',
                            'hint': 'divide by n',
                            'function': 'mse',
                            'misconceptions': [{'id': 'sums',
                                                'name': 'the sum, not the mean',
                                                'hint': 'divide by n',
                                                'function': 'mse'}],
                            'diagnosed': True,
                            'smallest': {'call': 'mse(y_true=[1.0], y_pred=[2.0])',
                                         'got': '1.0',
                                         'reason': 'why'}},
                 'functions': ['mse', 'r2']},
                {'id': 'test_c',
                 'title': 'C',
                 'visibility': 'hidden',
                 'status': 'failed',  # the instructor's part marks say so
                 'score': 0.5,
                 'max_score': 1.0,
                 'feedback': '',
                 'detail': {'traceback': 'Trace'},
                 'grader_error': True,
                 'internal_error': 'KeyError',
                 'override': {'score': 0.5,
                              'reason': 'fair',
                              'at': '2024-05-01T10:00:00',
                              'graded_score': 0.0,
                              'graded_status': 'error'}}],
     'message': 'msg',
     'output': 'printed',
     'notes': ['a note'],
     'seconds': 0.1235,
     'checks_score': 1.5,
     'lateness': {'submitted_at': '2024-05-02T10:00:00',
                  'submitted_from': 'manifest',
                  'deadline': '2024-05-01T23:59:00',
                  'extended': True,
                  'late_seconds': 36060.0,
                  'days_late': 1,
                  'penalty_percent': 10.0,
                  'rule': '10% a day'},
     'penalty': 0.15,
     'attempt': {'number': 2,
                 'graded_at': '2024-05-02T11:00:00',
                 'file': 'regression.py',
                 'file_sha256': 'abababababababababababababababababababababababababababababababab',
                 'status': 'graded',
                 'score': 1.5,
                 'max_score': 4.0,
                 'passed': 1,
                 'checks': 3,
                 'submitted_at': '2024-05-02T10:00:00',
                 'checks_fingerprint': 'fp',
                 'grader_version': '1.0'},
     'history': [{'number': 1,
                  'graded_at': '2024-05-01T11:00:00',
                  'file': None,
                  'file_sha256': None,
                  'status': 'missing',
                  'score': 0.0,
                  'max_score': 4.0,
                  'passed': 0,
                  'checks': 0,
                  'submitted_at': None,
                  'checks_fingerprint': '',
                  'grader_version': ''}]}
)


def test_a_module_result_writes_every_key_in_the_order_results_json_has_always_had() -> None:
    assert json.dumps(a_late_module_with_every_kind_of_check().to_dict()) == json.dumps(WRITTEN)


def test_a_module_result_reads_back_what_it_wrote_but_its_source() -> None:
    result = a_late_module_with_every_kind_of_check()
    read = ModuleResult.from_dict(json.loads(json.dumps(result.to_dict())))
    assert read == replace(result, source="", seconds=0.1235)


def test_an_overridden_module_scores_the_override_and_keeps_what_the_checks_gave() -> None:
    result = replace(a_late_module_with_every_kind_of_check(), lateness=None,
                     override=Override(3.0, "by hand", "2024-05-03T00:00:00", 1.35))
    data = result.to_dict()
    assert (data["score"], data["checks_score"]) == (3.0, 1.5) and "penalty" not in data
    assert (result.score, result.checks_score, result.penalty) == (3.0, 1.5, 0.0)


RECORDED = {"level": "weak",
            "layers": {"resource limits": True, "namespaces": False, "landlock": False},
            "open": ["read hidden checks, solutions and other learners' files",
                     "reach the network, loopback included"]}


def test_a_recorded_isolation_level_reads_back_and_writes_the_same_json() -> None:
    read = IsolationLevel.from_dict(json.loads(json.dumps(RECORDED)))
    assert read.layers == (("resource limits", True), ("namespaces", False), ("landlock", False))
    assert json.dumps(read.to_dict()) == json.dumps(RECORDED)


def test_a_class_writes_the_isolation_it_was_graded_at_and_reads_it_back() -> None:
    graded = ClassResult("1.0", (), ("regression",), IsolationLevel.from_dict(RECORDED))
    written = json.loads(json.dumps(graded.to_dict()))
    assert written["grader"]["isolation"] == RECORDED
    assert ClassResult.from_dict(written) == graded


def test_a_class_without_a_recorded_isolation_writes_none_and_reads_back_none() -> None:
    written = ClassResult("1.0", (), ("regression",)).to_dict()
    assert "isolation" not in written["grader"]
    assert ClassResult.from_dict(written).isolation is None


def test_a_weak_level_is_below_medium_and_strong_and_names_only_the_layers_that_were_on() -> None:
    weak = IsolationLevel.from_dict(RECORDED)
    assert weak.below(replace(weak, level="medium")) and weak.below(replace(weak, level="strong"))
    assert not replace(weak, level="strong").below(replace(weak, level="medium"))
    assert not weak.hidden_checks_protected and weak.words() == "weak (resource limits)"
    assert replace(weak, layers=()).words() == "weak"


def test_an_unknown_isolation_level_is_refused_rather_than_recorded() -> None:
    with pytest.raises(ValueError, match="not an isolation level: 'medium-ish'"):
        IsolationLevel.from_dict({**RECORDED, "level": "medium-ish"})


def test_a_note_is_written_as_the_text_results_json_has_always_had() -> None:
    raised = "top-level code raised NameError: x. That statement was skipped"
    assert str(Note(raised, line=4)) == f"line 4: {raised}"
    assert str(Note(raised, line=0)) == f"line 0: {raised}"
    assert str(Note(raised, line=2, cell=3)) == f"cell 3, line 2: {raised}"
    assert str(Note("the cell magic `%%time` was ignored", cell=2)) == \
        "cell 2: the cell magic `%%time` was ignored"
    assert str(Note("ada.py was graded: both as handed out")) == \
        "ada.py was graded: both as handed out"


def test_a_module_writes_its_notes_as_text_and_reads_back_notes_that_write_the_same() -> None:
    notes = (Note("raised", line=4), Note("raised", line=2, cell=3), Note("printed, withheld"))
    written = replace(a_late_module_with_every_kind_of_check(), notes=notes).to_dict()
    assert written["notes"] == ["line 4: raised", "cell 3, line 2: raised", "printed, withheld"]
    read = ModuleResult.from_dict(json.loads(json.dumps(written)))
    assert read.to_dict()["notes"] == written["notes"]


def test_a_long_note_is_cut_as_any_text_is_and_still_points_at_its_cell_and_line() -> None:
    note = Note("x" * 3_000, line=2, cell=3)
    capped = note.capped(MAX_NOTE)
    assert str(capped) == cap_text(str(note), MAX_NOTE)
    assert (capped.cell, capped.line) == (3, 2)
    short = Note("y" * 10, line=7)
    assert short.capped(MAX_NOTE) == short
    assert str(Note("z" * 30, line=12345).capped(5)) == cap_text("line 12345: " + "z" * 30, 5)
