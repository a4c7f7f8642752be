"""Classes that hand in notebooks: the same code earns the same points as a .py file, a broken
notebook is an error with a clear message while its classmates are graded, and the rule for a
learner who hands in both files."""

from __future__ import annotations

import ast
import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from grader.grading import grade_class
from grader.results import ClassResult, ModuleStatus

from .conftest import COURSE, reference, stub

SAMPLE = COURSE / "examples" / "class"


def as_notebook(source: str) -> str:
    """A .py file as a learner's notebook: a markdown cell, then a cell per top-level
    statement group, each function in its own cell, with outputs and counts out of order."""
    cells = [new_markdown_cell("# My attempt")]
    for number, text in enumerate(reversed(pieces := _pieces(source))):
        cell = new_code_cell(text, execution_count=len(pieces) - number)
        cell.outputs = [new_output("stream", name="stdout", text="ran\n")]
        cells.insert(1, cell)
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                       "language": "python"}
    return nbformat.writes(notebook)


def _pieces(source: str) -> list[str]:
    """The top-level statements of `source`; all of it as one piece when it does not parse."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return [source]
    lines = source.splitlines()
    return ["\n".join(lines[node.lineno - 1 - len(getattr(node, "decorator_list", [])):
                             node.end_lineno]) for node in tree.body]


def scores(result: ClassResult) -> dict[tuple[str, str, str], tuple[str, float]]:
    return {(lr.learner, m.module, c.id): (c.status.value, c.score)
            for lr in result.learners for m in lr.modules for c in m.checks}


@pytest.fixture(scope="module")
def both_ways(tmp_path_factory) -> tuple[ClassResult, ClassResult]:
    """The .py learners of the sample class, graded as they are and with every other learner's
    files turned into notebooks."""
    folder = tmp_path_factory.mktemp("both")
    scripts, mixed = folder / "scripts", folder / "mixed"
    learners = sorted(p for p in SAMPLE.iterdir()
                      if p.is_dir() and not list(p.glob("*.ipynb")))
    for index, learner in enumerate(learners):
        shutil.copytree(learner, scripts / learner.name)
        (mixed / learner.name).mkdir(parents=True)
        for file in learner.iterdir():
            if index % 2 and file.suffix == ".py" and file.stem == file.stem.lower():
                (mixed / learner.name / f"{file.stem}.ipynb").write_text(
                    as_notebook(file.read_text()))
            else:
                shutil.copy(file, mixed / learner.name / file.name)
    return (grade_class(scripts, out=folder / "out1", jobs=2).result,
            grade_class(mixed, out=folder / "out2", jobs=2).result)


def test_half_the_class_in_notebooks_earns_exactly_what_the_same_code_earns_as_scripts(
        both_ways):
    as_scripts, mixed = both_ways
    assert scores(mixed) == scores(as_scripts)
    notebooks = [m.file for lr in mixed.learners for m in lr.modules
                 if m.file and m.file.endswith(".ipynb")]
    assert len(notebooks) >= 6


def test_a_notebook_learner_of_the_sample_class_earns_full_marks(tmp_path):
    result = grade_class(SAMPLE, out=tmp_path / "out", jobs=2).result
    gus = next(lr for lr in result.learners if lr.learner == "gus")
    assert gus.score == gus.max_score
    assert all(m.file.endswith(".ipynb") for m in gus.modules)
    ivan = next(lr for lr in result.learners if lr.learner == "ivan")
    assert ivan.module("regression").status is ModuleStatus.ERROR
    assert "cut off" in ivan.module("regression").message
    assert ivan.module("clustering").status is ModuleStatus.GRADED


BROKEN = {
    "not_json": b"this is not JSON at all",
    "truncated": b'{"cells": [{"cell_type": "code", "source": "def f',
    "empty": b"",
    "old_version": json.dumps({"nbformat": 2, "worksheets": "?"}).encode(),
    "unknown_version": json.dumps({"nbformat": 9, "nbformat_minor": 0, "cells": []}).encode(),
    "no_code_cells": nbformat.writes(new_notebook(cells=[new_markdown_cell("# only words")]))
    .encode(),
    "valid_json_not_a_notebook": json.dumps({"cells": "many", "nbformat": 4,
                                             "nbformat_minor": 5, "metadata": {}}).encode(),
    "not_utf8": b"\xff\xfe\xfa",
}


@pytest.fixture(scope="module")
def broken_class(tmp_path_factory) -> ClassResult:
    folder = tmp_path_factory.mktemp("broken") / "class"
    for name, data in BROKEN.items():
        (folder / name).mkdir(parents=True)
        (folder / name / "regression.ipynb").write_bytes(data)
        (folder / name / "optimization.py").write_text(reference("optimization"))
    for honest in ("aaron", "zoe"):
        (folder / honest).mkdir()
        (folder / honest / "regression.ipynb").write_text(as_notebook(reference("regression")))
    return grade_class(folder, out=folder.parent / "out", jobs=2).result


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_notebook_is_an_error_with_a_one_line_message_and_the_rest_is_graded(
        broken_class, case):
    learner = next(lr for lr in broken_class.learners if lr.learner == case)
    regression = learner.module("regression")
    assert regression.status is ModuleStatus.ERROR and regression.score == 0
    assert regression.message.startswith("regression.ipynb") and "\n" not in regression.message
    optimization = learner.module("optimization")
    assert optimization.score == optimization.max_score > 0


def test_honest_notebooks_around_broken_ones_earn_full_marks(broken_class):
    for name in ("aaron", "zoe"):
        regression = next(lr for lr in broken_class.learners if lr.learner == name).module(
            "regression")
        assert regression.score == regression.max_score > 0


def grade_one(tmp_path: Path, files: dict[str, str]):
    folder = tmp_path / "class" / "kim"
    folder.mkdir(parents=True)
    for name, text in files.items():
        (folder / name).write_text(text)
    result = grade_class(tmp_path / "class", out=tmp_path / "out", jobs=1).result
    return result.learners[0].module("regression")


def handed_out_notebook() -> str:
    return (COURSE / "exercises" / "regression.ipynb").read_text()


def test_with_both_files_the_one_still_as_handed_out_is_not_graded(tmp_path):
    result = grade_one(tmp_path, {"regression.py": stub("regression"),
                                  "regression.ipynb": as_notebook(reference("regression"))})
    assert result.file == "regression.ipynb" and result.score == result.max_score
    assert "regression.py is still as it was handed out" in str(result.notes[0])


def test_with_both_files_changed_both_are_graded_and_the_higher_score_counts(tmp_path):
    half_done = reference("regression").replace("ss_tot = np.sum((y_true - y_true.mean()) ** 2)",
                                                "ss_tot = np.sum(y_true ** 2)")
    assert half_done != reference("regression")
    result = grade_one(tmp_path, {"regression.py": half_done,
                                  "regression.ipynb": as_notebook(reference("regression"))})
    assert result.file == "regression.ipynb" and result.score == result.max_score
    assert "both were graded and the higher score counts" in str(result.notes[0])


def test_with_both_files_as_handed_out_the_py_file_is_graded(tmp_path):
    result = grade_one(tmp_path, {"regression.py": stub("regression"),
                                  "regression.ipynb": handed_out_notebook()})
    assert result.file == "regression.py" and result.score == 0
    assert "both as handed out" in str(result.notes[0])
