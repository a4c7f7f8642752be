"""Every reader of learner-controlled data in the grader's own process is bounded: a hostile
notebook or quiz answers file costs at most seconds, never a hang or a crash, and becomes a
result on that learner's file that says what to fix.

Each case runs in a forked process that is killed past its time (`bounded`), so a reader that
hangs fails the test instead of stalling it. Small hostile files are in tests/hostile/parsers/
(see the README there); the large ones are made here.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from grader.load import _ipython_syntax
from grader.load.notebooks import MAX_CELLS, NotebookProblem, NotebookSource, notebook_source
from grader.quiz import QuizResult, QuizStatus, answer_key, grade_answers, grade_quiz

from .conftest import COURSE, reference

HOSTILE = Path(__file__).resolve().parent / "hostile" / "parsers"
SECONDS = 5.0  # generous on a loaded 2-core machine: each case takes under a second alone


def bounded(work: Callable[..., Any], *args: Any, seconds: float = SECONDS) -> Any:
    """`work(*args)`, run in a forked process that must finish within `seconds`."""
    context = multiprocessing.get_context("fork")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_run, args=(send, work, args))  # it may start workers
    started = time.perf_counter()
    child.start()
    send.close()
    ready = receive.poll(seconds)
    elapsed = time.perf_counter() - started
    if not ready:
        child.kill()
        child.join()
        pytest.fail(f"{work.__name__} took more than {seconds} s")
    outcome, value = receive.recv()
    child.join()
    if outcome == "raised":
        pytest.fail(f"{work.__name__} raised {value}")
    assert elapsed < seconds
    return value


def _run(send: Any, work: Callable[..., Any], args: tuple[Any, ...]) -> None:
    try:
        send.send(("returned", work(*args)))
    except BaseException as error:  # noqa: BLE001 - the test reports whatever escaped
        send.send(("raised", f"{type(error).__name__}: {str(error)[:200]}"))


def notebook(*sources: str | list[str], **extra: Any) -> bytes:
    """A format-4 notebook of code cells; `extra` goes into the notebook's JSON as it is."""
    cells = [{"cell_type": "code", "id": f"c{i}", "metadata": {}, "outputs": [],
              "execution_count": None, "source": source} for i, source in enumerate(sources)]
    return json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells,
                       **extra}).encode()


def converted(data: bytes) -> NotebookSource | NotebookProblem:
    return notebook_source(data, "regression.ipynb")


def cell_lines(result: NotebookSource | NotebookProblem, cell: int) -> list[str]:
    assert isinstance(result, NotebookSource), result
    span = next(s for s in result.cells if s.cell == cell)
    return result.source.split("\n")[span.first - 1 : span.last]


# -- notebooks: the cell alignment ---------------------------------------------------------------

REPEATED = 30_000  # lines of about 6 characters: 180 KB, under the code limit


@pytest.mark.parametrize(("cell", "magics"), [
    pytest.param("%matplotlib inline\n" + "x = 1\n" * REPEATED, [1], id="a magic, then repeats"),
    pytest.param("x = 1\n" * REPEATED + "%who", [REPEATED + 1], id="repeats, then a magic"),
    pytest.param("%ls\nx = 1\n" * (REPEATED // 2), list(range(1, REPEATED, 2)),
                 id="magics between repeats"),
    pytest.param("x = 1\n" * 100 + "%timeit \\\n    f()\n" + "x = 1\n" * REPEATED, [101],
                 id="a continued magic among repeats"),
])
def test_a_notebook_of_repeated_lines_is_converted_in_seconds_with_every_line_in_place(
        cell, magics, transformer):
    result = bounded(converted, notebook(cell))
    original = cell.rstrip().split("\n")
    lines = cell_lines(result, 1)
    assert len(lines) == len(original)
    rewritten = [number for number, line in enumerate(lines, 1) if "get_ipython()" in line]
    assert rewritten == magics
    continued = {number + 1 for number in magics if original[number - 1].endswith("\\")}
    assert all(lines[number - 1] == ("" if number in continued else line)
               for number, line in enumerate(original, 1) if number not in magics)


# -- notebooks: IPython syntax ------------------------------------------------------------------


@pytest.mark.parametrize("cell", [
    pytest.param("x" + " " * 20_000 + "?", id="spaces before a question mark"),
    pytest.param("x" + " " * 20_000 + "$", id="spaces before $ and no IPython syntax"),
    pytest.param("%ls\n" + ("x" + " " * 400 + "$\n") * 60, id="a magic and spaces before $"),
    pytest.param("%ls\n" * 400 + "x = 1\n" * 3_000, id="hundreds of magics in a long cell"),
])
def test_a_cell_that_makes_ipythons_tokenizer_quadratic_is_rewritten_in_seconds(cell):
    if _ipython_syntax.ipython_transformer() is None:
        pytest.skip("IPython is not installed")
    result = bounded(converted, notebook("import numpy as np", cell))
    assert isinstance(result, NotebookSource)
    assert len(cell_lines(result, 2)) == len(cell.rstrip().split("\n"))


@pytest.mark.parametrize("cell", [
    pytest.param("(" + "x" * 40_000 + ")?", id="a long name that is no help target"),
    pytest.param("(" + "x.y" * 10_000 + "[)?", id="a long dotted name that is no help target"),
    pytest.param("# \\\n" * 20_000 + "x?", id="comment lines ending in backslashes"),
])
def test_a_cell_that_made_the_fallback_quadratic_is_rewritten_in_seconds(cell, transformer):
    result = bounded(converted, notebook("import numpy as np", cell))
    assert isinstance(result, NotebookSource)
    assert len(cell_lines(result, 2)) == len(cell.rstrip().split("\n"))


def test_many_cells_of_ipython_syntax_share_one_budget_and_take_seconds_together():
    cells = ["%ls\n" + ("x" + " " * 150 + "$\n") * 10] * 100
    result = bounded(converted, notebook(*cells))
    assert isinstance(result, NotebookSource)
    assert len(result.cells) == 100


# -- notebooks: size, count and depth ------------------------------------------------------------


def _cells(count: int) -> bytes:
    return notebook(*["x = 1"] * count)


@pytest.mark.parametrize(("data", "message"), [
    pytest.param(_cells(MAX_CELLS + 1), f"has {MAX_CELLS + 1} cells; a notebook may have at "
                 f"most {MAX_CELLS}", id="too many code cells"),
    pytest.param(json.dumps({"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "id": f"m{i}", "metadata": {}, "source": "x"}
        for i in range(100_000)]}).encode(), "has 100000 cells", id="100,000 markdown cells"),
    pytest.param(notebook("x = 1\n" * 60_000), "holds 351 KB of code; its code cells may hold "
                 "at most 256 KB", id="too much code in one cell"),
    pytest.param(notebook(*["x = 1\n" * 600] * 100), "holds 351 KB of code",
                 id="too much code over many cells"),
    pytest.param(notebook(["x = 1\n"] * 60_000), "holds 351 KB of code",
                 id="too much code as a list of lines"),
    pytest.param(b'{"nbformat": 4, "cells": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
                 "is nested more than 64 levels deep", id="nesting past json's recursion"),
    pytest.param((HOSTILE / "deep_metadata.ipynb").read_bytes(),
                 "is nested more than 64 levels deep", id="metadata 300 deep"),
    pytest.param((HOSTILE / "deep_cell_metadata.ipynb").read_bytes(),
                 "is nested more than 64 levels deep", id="a cell's metadata 100 deep"),
])
def test_a_notebook_past_a_limit_is_a_one_line_problem_that_names_the_limit(data, message):
    result = bounded(converted, data)
    assert isinstance(result, NotebookProblem), result
    assert message in result.message
    assert result.message.startswith("regression.ipynb ") and "\n" not in result.message


@pytest.mark.parametrize("extra", [
    pytest.param({"cells": [{"cell_type": "code", "id": "c", "metadata": {}, "execution_count":
                             None, "source": "import numpy as np", "outputs": [
                                 {"output_type": "stream", "name": "stdout", "text": ""}]
                             * 200_000}]}, id="200,000 outputs"),
    pytest.param({"cells": [{"cell_type": "code", "id": "c", "metadata": {}, "outputs": [],
                             "execution_count": None, "source": "import numpy as np",
                             "attachments": {f"a{i}.png": {"image/png": ""}
                                             for i in range(100_000)}}]},
                 id="100,000 attachments"),
])
def test_outputs_and_attachments_cost_next_to_nothing_to_read(extra):
    result = bounded(converted, notebook(**extra), seconds=3.0)
    assert isinstance(result, NotebookSource), result
    assert "import numpy as np" in result.source


# -- quiz answers files -------------------------------------------------------------------------


def graded(text: str) -> QuizResult:
    return grade_answers("regression", text, learner="ada", course_root=COURSE)


def graded_file(path: Path) -> QuizResult:
    return grade_quiz("regression", path, learner="ada", course_root=COURSE)


@pytest.mark.parametrize("name", ["nested_lists.quiz.toml", "nested_tables.quiz.toml",
                                  "nested_lists_above_answers.quiz.toml"])
def test_an_answers_file_nested_too_deeply_is_an_error_on_that_quiz(name):
    result = bounded(graded, (HOSTILE / name).read_text())
    assert result.status is QuizStatus.ERROR and result.score == 0
    assert "nests lists or tables too deeply to be read" in result.message


@pytest.mark.parametrize(("text", "message"), [
    pytest.param("[answers]\n" + "a" + ".a" * 30_000 + " = 1\n",
                 "line 2 is 60005 characters long", id="a key dotted 30,000 deep"),
    pytest.param("[answers]\n" + "a" + ".a" * 900 + " = 1\n",
                 "line 2: a key dotted more than 16 levels deep", id="a key dotted 900 deep"),
    pytest.param("a" + ".a" * 900 + " = 1\n" + "[answers]\n",
                 "line 1: a key dotted more than 16 levels deep", id="above [answers]"),
    pytest.param("[" + "a." * 900 + "a]\nx = 1\n",
                 "line 1: a key dotted more than 16 levels deep", id="a table header"),
    pytest.param("[answers]\nmse_unit = {" + '"a".' * 15_000 + '"a" = 1}\n',
                 "characters long; a line may hold at most 2000", id="quoted keys in a table"),
])
def test_an_answers_file_of_deeply_dotted_keys_is_an_error_in_bounded_time(text, message):
    result = bounded(graded, text)
    assert result.status is QuizStatus.ERROR
    assert message in result.message


def test_thousands_of_keys_are_an_error_that_says_one_line_per_question():
    text = "".join(f"k{i} = 1\n" for i in range(2_000)) + "[answers]\n"
    result = bounded(graded, text)
    assert result.status is QuizStatus.ERROR
    assert "has 2001 keys; an answers file has one line per question (at most 500)" \
        in result.message


def test_notes_about_keys_that_are_no_question_are_capped():
    key = answer_key("regression", learner="ada", course_root=COURSE)
    result = graded(key + "".join(f"unknown_{i} = 1\n" for i in range(300)))
    assert result.status is QuizStatus.GRADED and result.score == result.max_score
    assert len(result.notes) == 20
    assert result.notes[-1] == "... and 281 more notes"


@pytest.mark.parametrize("size", [70 * 1024, 900 * 1024])
def test_an_answers_file_larger_than_64_kb_is_an_error_that_gives_the_limit(tmp_path, size):
    key = answer_key("regression", learner="ada", course_root=COURSE)
    path = tmp_path / "regression.quiz.toml"
    path.write_text(key + ("# " + "x" * 70 + "\n") * (size // 73))
    result = bounded(graded_file, path)
    assert result.status is QuizStatus.ERROR
    assert "a learner file may be at most 64 KB" in result.message


# -- a class: the learners around hostile files are graded in full -----------------------------


def _grade_class_of(folder: Path) -> list[tuple[str, str, str, str]]:
    from grader.grading import grade_class

    result = grade_class(folder, out=folder.parent / "out", jobs=2).result
    return [(learner.learner, learner.module("regression").status.value,
             learner.module("regression").message, learner.quiz("regression").message)
            for learner in result.learners]


def test_a_class_with_hostile_notebooks_and_answers_files_is_graded_in_full(tmp_path):
    folder = tmp_path / "class"
    files = {
        "ada": {"regression.py": reference("regression").encode(),
                "regression.quiz.toml": answer_key("regression", learner="ada",
                                                   course_root=COURSE).encode()},
        "hal": {"regression.ipynb": notebook("%ls\nx = 1\n" * 15_000),
                "regression.quiz.toml": (HOSTILE / "nested_lists.quiz.toml").read_bytes()},
        "ivy": {"regression.ipynb": _cells(MAX_CELLS + 1),
                "regression.quiz.toml": ("a" + ".a" * 900 + " = 1\n").encode()},
    }
    for learner, named in files.items():
        (folder / learner).mkdir(parents=True)
        for name, data in named.items():
            (folder / learner / name).write_bytes(data)
    ada, hal, ivy = bounded(_grade_class_of, folder, seconds=120)
    assert ada == ("ada", "graded", "", "")
    assert hal[1] == "graded" and "nests lists or tables too deeply" in hal[3]
    assert ivy[1] == "error" and f"has {MAX_CELLS + 1} cells" in ivy[2]
    assert "a key dotted more than 16 levels deep" in ivy[3]
