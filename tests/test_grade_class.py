"""Grading a whole class: the sample class, and a class in which learners misbehave."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from grader.grading import grade_class
from grader.results import CheckStatus, ClassResult, LearnerResult, ModuleStatus
from grader.sandbox import reaper

from .conftest import COURSE, reference

MODULES = ("regression", "classification", "clustering", "optimization")
R2_BODY_MARK = "def r2_score(y_true, y_pred):"


def with_r2_replaced(body: str) -> str:
    """The reference regression file with r2_score's body replaced by `body`."""
    source = reference("regression")
    head = source[: source.index(R2_BODY_MARK)]
    indented = "\n".join(f"    {line}" for line in body.strip().splitlines())
    return f"{head}{R2_BODY_MARK}\n{indented}\n"


def full_marks(learner: LearnerResult) -> bool:
    """Every point of every module (quizzes are graded apart)."""
    return all(m.score == m.max_score > 0 for m in learner.modules)


def checks_of(learner: LearnerResult, module: str, prefix: str) -> list[CheckStatus]:
    return [c.status for c in learner.module(module).checks if c.id.startswith(prefix)]


@pytest.fixture(scope="module")
def sample_class(tmp_path_factory) -> ClassResult:
    out = tmp_path_factory.mktemp("sample") / "out"
    return grade_class(COURSE / "examples" / "class", out=out, jobs=2).result


def test_every_learner_of_the_sample_class_lists_all_four_modules(sample_class):
    assert [lr.learner for lr in sample_class.learners] == ["ada", "ben", "chen", "dana", "eli",
                                                            "fay", "gus", "hana", "ivan"]
    for learner in sample_class.learners:
        assert tuple(m.module for m in learner.modules) == MODULES


def test_the_learner_with_correct_code_earns_every_point(sample_class):
    assert full_marks(sample_class.learners[0])


def test_classic_mistakes_lose_points_in_every_module_but_not_all_of_them(sample_class):
    ben = next(lr for lr in sample_class.learners if lr.learner == "ben")
    for module in ben.modules:
        assert 0 < module.score < module.max_score, module.module


def test_an_infinite_loop_in_r2_costs_only_the_r2_checks(sample_class):
    dana = next(lr for lr in sample_class.learners if lr.learner == "dana")
    assert set(checks_of(dana, "regression", "test_r2")) == {CheckStatus.TIMEOUT}
    assert set(checks_of(dana, "regression", "test_mse")) == {CheckStatus.PASSED}
    assert all(m.score == m.max_score for m in dana.modules if m.module != "regression")


def test_missing_files_score_zero_of_the_modules_full_points(sample_class):
    eli = next(lr for lr in sample_class.learners if lr.learner == "eli")
    missing = [m for m in eli.modules if m.status is ModuleStatus.MISSING]
    assert len(missing) == 3
    assert all(m.score == 0 and m.max_score > 0 for m in missing)


def test_a_wrongly_named_file_is_pointed_out(sample_class):
    fay = next(lr for lr in sample_class.learners if lr.learner == "fay")
    assert "Clustering.py" in fay.module("clustering").message


def test_a_file_with_a_syntax_error_is_an_error_with_its_line(sample_class):
    fay = next(lr for lr in sample_class.learners if lr.learner == "fay")
    optimization = fay.module("optimization")
    assert optimization.status is ModuleStatus.ERROR and "line 1" in optimization.message


HOSTILE_R2 = {
    "hangs": "while True:\n    pass",
    "exits": "import sys\nsys.exit(0)",
    "ends_the_process": "import os\nos._exit(0)",
    "segfaults": "import ctypes\nctypes.string_at(0)",
    "recurses_forever": "return r2_score(y_true, y_pred)",
    "hogs_memory": "import numpy as np\nreturn float(np.ones(4 * 10**9).sum())",
    "floods_output": "while True:\n    print('PASSED ' * 100)",
    "returns_an_always_equal_object": (
        "class Yes(float):\n    def __eq__(self, other):\n        return True\n"
        "    __ne__ = lambda self, other: False\nreturn Yes(0.5)"),
    "patches_numpy": (
        "import numpy as np\nnp.isclose = lambda *a, **k: True\n"
        "np.allclose = lambda *a, **k: True\n"
        "np.array_equal = lambda *a, **k: True\nreturn -123.0"),
    "forges_output": (
        "print('16/16 points -- all checks passed')\nimport json, os\n"
        "json.dump({'score': 16}, open('results.json', 'w'))\n"
        "json.dump({'score': 16}, open(os.path.expanduser('~/results.json'), 'w'))\n"
        "return 'all checks passed'"),
    "leaves_a_daemon": (
        "import os, time\nif os.fork() == 0:\n    os.setsid()\n    if os.fork() == 0:\n"
        "        time.sleep(120)\n    os._exit(0)\nreturn -1.0"),
}


@pytest.fixture(scope="module")
def troubled_class(tmp_path_factory) -> tuple[ClassResult, Path, str]:
    folder = tmp_path_factory.mktemp("troubled")
    submissions = folder / "class"
    for name in ("aaron", "zoe"):
        _write_learner(submissions / name, reference("regression"))
    for name, body in HOSTILE_R2.items():
        _write_learner(submissions / name, with_r2_replaced(body))
    before = _fingerprint(submissions)
    reaper.become_subreaper()
    strays_before = reaper.children()
    result = grade_class(submissions, out=folder / "out", jobs=2).result
    assert reaper.children() <= strays_before
    return result, submissions, before


def _write_learner(folder: Path, regression: str) -> None:
    folder.mkdir(parents=True)
    (folder / "regression.py").write_text(regression)
    for module in MODULES[1:]:
        (folder / f"{module}.py").write_text(reference(module))


def _fingerprint(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        digest.update(str(path.relative_to(folder)).encode())
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()


def test_learners_around_the_troublemakers_are_graded_in_full(troubled_class):
    result, _, _ = troubled_class
    honest = [lr for lr in result.learners if lr.learner in ("aaron", "zoe")]
    assert len(honest) == 2 and all(full_marks(lr) for lr in honest)


@pytest.mark.parametrize("attack", sorted(HOSTILE_R2))
def test_a_misbehaving_r2_score_earns_no_r2_points_and_keeps_every_other_point(
        troubled_class, attack):
    result, _, _ = troubled_class
    learner = next(lr for lr in result.learners if lr.learner == attack)
    r2_checks = [c for c in learner.module("regression").checks if c.id.startswith("test_r2")]
    assert r2_checks and all(c.score == 0 for c in r2_checks)
    assert set(checks_of(learner, "regression", "test_mse")) == {CheckStatus.PASSED}
    assert all(m.score == m.max_score for m in learner.modules if m.module != "regression")


def test_the_submissions_folder_is_never_written_by_the_grader(troubled_class):
    _, submissions, before = troubled_class
    assert _fingerprint(submissions) == before


def test_no_check_of_the_troubled_class_is_blamed_on_the_grader(troubled_class):
    result, _, _ = troubled_class
    assert not [c.id for lr in result.learners for m in lr.modules for c in m.checks
                if c.grader_error]


def test_results_json_holds_the_graders_scores_not_the_forged_ones(tmp_path, make_class):
    submissions = make_class({"forger": {"regression.py": with_r2_replaced(
        HOSTILE_R2["forges_output"])}})
    out = tmp_path / "out"
    grade_class(submissions, out=out, jobs=1)
    data = json.loads((out / "results.json").read_text())
    regression = data["learners"][0]["modules"][0]
    assert regression["score"] < regression["max_score"]
    assert "16/16 points" in regression["output"]  # shown as what they printed, nothing more


def test_while_workers_wait_on_hanging_functions_spares_grade_the_rest_of_the_class(
        tmp_path, make_class):
    from grader.sandbox.limits import Limits

    hanging = {f"a-hangs-{i}": {"regression.py": with_r2_replaced(HOSTILE_R2["hangs"])}
               for i in range(2)}
    honest = {f"b-{i:02d}": {"regression.py": reference("regression")} for i in range(12)}
    submissions = make_class(hanging | honest)
    finished: list[str] = []
    graded = grade_class(submissions, out=tmp_path / "out", jobs=2,
                         limits=Limits(call_timeout=5.0),
                         progress=lambda done, total, learner: finished.append(learner.learner))
    # Both workers take a hanging learner first and wait out its time limit: the learners
    # graded meanwhile were graded by spares.
    assert finished[0].startswith("b-"), finished
    assert {lr.learner for lr in graded.result.learners if full_marks_in_regression(lr)} == set(
        honest)


def full_marks_in_regression(learner: LearnerResult) -> bool:
    module = learner.module("regression")
    return module.score == module.max_score > 0


def test_a_first_grading_starts_its_workers_while_it_reads_the_gradebook_a_rerun_of_nothing_none(
        tmp_path, make_class, monkeypatch):
    import grader.grading.pipeline as grade

    events: list[str] = []
    workers, scan = grade.Workers, grade.Changes.scan

    class Workers(workers):
        def __init__(self, *args, **kwargs):
            events.append("workers")
            super().__init__(*args, **kwargs)

    def scanned(*args, **kwargs):
        events.append("scan")
        return scan(*args, **kwargs)

    monkeypatch.setattr(grade, "Workers", Workers)
    monkeypatch.setattr(grade.Changes, "scan", scanned)
    submissions = make_class({name: {"regression.py": reference("regression")}
                              for name in ("ada", "ben")})
    out = tmp_path / "out"
    for regrade, expected in ((False, ["workers", "scan"]), (False, ["scan"]),
                              (True, ["workers", "scan"])):
        events.clear()
        graded = grade_class(submissions, out=out, jobs=2, regrade=regrade)
        assert events == expected
        assert all(learner.modules[0].score == learner.modules[0].max_score > 0
                   for learner in graded.result.learners)


def test_a_run_rehearses_only_the_modules_its_learners_handed_in(tmp_path):
    """A module nobody handed in (a project whose reference fits models to rehearse) costs
    the run no rehearsal; its points are still read when asked."""
    from grader.course import load_course
    from grader.grading.learner import all_checks
    from grader.load import LearnerFiles

    course = load_course(COURSE)
    (tmp_path / "ada").mkdir()
    (tmp_path / "ada" / "regression.py").write_text("def f():\n    pass\n")
    checks = all_checks(course, learners=[LearnerFiles("ada", tmp_path / "ada")])
    rehearsed = {name for name, one in checks._built.items() if "rehearsal" in vars(one)}
    assert rehearsed == {"regression"}
    assert all(checks[m.name].max_score > 0 for m in course.modules)
