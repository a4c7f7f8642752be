"""Jupyter notebooks as learner files: read with nbformat, IPython syntax neutralised, graded as
their code cells run top to bottom, and the exercise notebooks kept in step with the stubs.

Notebooks are built here with nbformat, as Jupyter writes them, or read from
tests/scenarios/notebooks/ (see the README there). Grading tests put the converted source
through `grader.testing.score`, the pipeline a learner meets.
"""

from __future__ import annotations

import ast
import importlib.util
import json
import re
import time
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import nbformat
import pytest
from nbformat import v4

from grader.course import Course, load_course
from grader.load import _ipython_syntax
from grader.load.notebooks import (
    PREAMBLE,
    NotebookProblem,
    NotebookSource,
    in_cells,
    notebook_source,
)
from grader.results import ModuleResult, ModuleStatus, Note
from grader.testing import Scored, score

from .conftest import COURSE, ROOT, SCENARIOS

NOTEBOOKS = SCENARIOS / "notebooks"
MODULES = ["regression", "classification", "clustering", "optimization"]
MSE = ("def mean_squared_error(y_true, y_pred):\n"
       "    d = np.asarray(y_true, dtype=float) - np.asarray(y_pred, dtype=float)\n"
       "    return float(np.mean(d ** 2))")
MSE_CHECK = "test_mse_of_four_predictions"


def notebook(*cells: str | tuple[str, str], counts: tuple[int | None, ...] = (),
             **metadata: Any) -> bytes:
    """A notebook as Jupyter saves it: a string is a code cell, ("markdown", text) another kind."""
    made = []
    for i, cell in enumerate(cells):
        kind, text = ("code", cell) if isinstance(cell, str) else cell
        if kind == "code":
            count = counts[i] if i < len(counts) else None
            made.append(v4.new_code_cell(text, id=f"cell-{i}", execution_count=count))
        else:
            made.append(getattr(v4, f"new_{kind}_cell")(text, id=f"cell-{i}"))
    return nbformat.writes(v4.new_notebook(cells=made, metadata=metadata)).encode()


def converted(data: bytes, filename: str = "regression.ipynb") -> NotebookSource:
    result = notebook_source(data, filename)
    assert isinstance(result, NotebookSource), result
    return result


def scenario(name: str) -> NotebookSource:
    return converted((NOTEBOOKS / name).read_bytes(), name)


@cache
def graded(module: str, source: str, root: Path = COURSE) -> Scored:
    return score(module, source, course=course_at(root))


@cache
def course_at(root: Path) -> Course:
    return load_course(root)


def load_notes(result: Scored, nb: NotebookSource) -> dict[str, str]:
    """The sandbox's notes on top-level statements that raised, keyed by "cell C, line L"."""
    notes = {}
    for note in result.result.notes:
        if note.line is not None and (found := re.match(r"top-level code raised (\w+)", note.text)):
            notes[nb.where(note.line)] = found.group(1)
    return notes


def span_lines(nb: NotebookSource, cell: int) -> list[str]:
    span = next(s for s in nb.cells if s.cell == cell)
    return nb.source.split("\n")[span.first - 1 : span.last]


def make_notebooks() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_notebooks",
                                                  ROOT / "exercises" / "make_notebooks.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# -- a notebook as Jupyter saves it ------------------------------------------------------------


def test_a_notebook_saved_by_jupyter_earns_full_marks_as_its_cells_run_top_to_bottom():
    nb = scenario("saved_by_jupyter.ipynb")
    result = graded("regression", nb.source)
    assert result.fraction == 1.0, result.failed()


def test_outputs_images_widget_state_attachments_and_raw_cells_never_reach_the_source():
    nb = scenario("saved_by_jupyter.ipynb")
    for absent in ("iVBORw0KGgo", "CPU times", "Requirement already satisfied", "IntSlider",
                   "attachment:", "raw text", "Traceback", "In ["):
        assert absent not in nb.source


def test_cells_are_numbered_among_all_cells_and_each_line_maps_back_to_its_cell():
    nb = scenario("saved_by_jupyter.ipynb")
    lines = nb.source.split("\n")
    mse = lines.index("def mean_squared_error(y_true, y_pred):") + 1
    assert nb.where(mse) == "cell 5, line 1"  # after a markdown cell, counted too
    assert nb.where(mse + 1) == "cell 5, line 2"
    assert nb.where(1) == "line 1" and nb.locate(1) is None  # the grader's own preamble
    assert [s.cell for s in nb.cells] == [2, 3, 5, 6, 7, 8, 9, 10, 11, 12]


def test_every_cell_keeps_its_line_count_so_line_numbers_hold():
    raw = json.loads((NOTEBOOKS / "saved_by_jupyter.ipynb").read_text())
    nb = scenario("saved_by_jupyter.ipynb")
    for span in nb.cells:
        written = "".join(raw["cells"][span.cell - 1]["source"]).rstrip().split("\n")
        assert span.last - span.first + 1 == len(written), span


def test_a_plotting_cell_costs_nothing_when_matplotlib_is_missing():
    nb = scenario("saved_by_jupyter.ipynb")
    result = graded("regression", nb.source)
    assert result.fraction == 1.0
    if importlib.util.find_spec("matplotlib") is None:
        raised = load_notes(result, nb)
        assert raised["cell 2, line 3"] == "ModuleNotFoundError"  # import matplotlib.pyplot
        assert raised["cell 8, line 2"] == "NameError"  # plt.plot(...): skipped, nothing else


def test_a_top_level_statement_that_raises_is_reported_at_its_cell_and_line():
    nb = converted(notebook("import numpy as np", ("markdown", "try it:"),
                            f"{MSE}\n\nnp.ones(2) + np.ones(3)"))
    assert load_notes(graded("regression", nb.source), nb) == {"cell 3, line 5": "ValueError"}


def test_a_note_on_a_top_level_statement_lands_on_its_cell_and_line_as_data_and_as_text():
    nb = converted(notebook("import numpy as np", ("markdown", "try it:"),
                            f"{MSE}\n\nnp.ones(2) + np.ones(3)"))
    notes = in_cells(graded("regression", nb.source).result, nb).notes
    raised = next(note for note in notes if "top-level code raised ValueError" in note.text)
    assert (raised.cell, raised.line) == (3, 5)
    assert str(raised).startswith("cell 3, line 5: top-level code raised ValueError: ")


def test_a_note_on_the_graders_own_preamble_on_no_line_or_on_a_cell_stays_as_it_was():
    nb = converted(notebook("import numpy as np", "x = 1"))
    in_a_cell = Note("`display()` belongs to Jupyter", cell=1, line=nb.cells[1].first)
    notes = (Note("top-level code raised NameError", line=1), Note("what you printed is withheld"),
             in_a_cell)
    result = ModuleResult("regression", "regression.ipynb", ModuleStatus.GRADED, notes=notes)
    assert in_cells(result, nb).notes == notes
    assert [str(note) for note in notes[:2]] == ["line 1: top-level code raised NameError",
                                                 "what you printed is withheld"]


def test_cells_run_in_document_order_whatever_their_execution_counts_say():
    wrong = "def mean_squared_error(y_true, y_pred):\n    return 0.0"
    nb = converted(notebook("import numpy as np", wrong, MSE, counts=(1, 9, 2)))
    assert graded("regression", nb.source).check(MSE_CHECK).status == "passed"
    assert any("out of order" in str(note) and "cell 2 shows In [9]" in str(note)
               for note in nb.notes)


def test_functions_spread_over_cells_with_helpers_and_imports_below_them_earn_full_marks():
    nb = scenario("classification_spread_over_cells.ipynb")
    result = graded("classification", nb.source)
    assert result.fraction == 1.0, result.failed()


def test_a_notebook_in_the_old_format_3_is_converted_graded_and_noted():
    nb = scenario("old_format_v3.ipynb")
    assert graded("regression", nb.source).fraction == 1.0
    assert any("format 3" in str(note) and "converted" in str(note) for note in nb.notes)


def test_converting_a_typical_notebook_takes_milliseconds():
    data = (NOTEBOOKS / "saved_by_jupyter.ipynb").read_bytes()
    notebook_source(data, "regression.ipynb")  # the first call imports nbformat
    started = time.perf_counter()
    for _ in range(5):
        notebook_source(data, "regression.ipynb")
    assert (time.perf_counter() - started) / 5 < 0.1


# -- files that cannot be graded ---------------------------------------------------------------

SAVED = (NOTEBOOKS / "saved_by_jupyter.ipynb").read_bytes()
CUT_IN_A_STRING = SAVED[: SAVED.index(b"def mean_squared_error") + 10]
V4 = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}}
CODE = {"cell_type": "code", "id": "a", "metadata": {}, "outputs": [], "execution_count": None,
        "source": "x = 1"}


def as_json(data: Any) -> bytes:
    return json.dumps(data).encode()


PROBLEMS = [
    pytest.param(b"", "regression.ipynb is empty", id="an empty file"),
    pytest.param(b" \n\t\n", "regression.ipynb is empty", id="only whitespace"),
    pytest.param(b'{"cells": ["caf\xe9"]}', "is not UTF-8 text (byte 15)", id="not UTF-8"),
    pytest.param(b'{"nbformat": 4,\n "cells": [,]}', "not valid JSON (line 2, column 12",
                 id="not JSON, saying where"),
    pytest.param(b"import numpy as np\n", "looks like Python code; name it regression.py",
                 id="a Python file named .ipynb"),
    pytest.param((NOTEBOOKS / "truncated.ipynb").read_bytes(), "is cut off", id="truncated"),
    pytest.param(CUT_IN_A_STRING, "is cut off", id="truncated inside a string"),
    pytest.param(b"[1, 2]", 'JSON but not a Jupyter notebook: it has no "nbformat" field',
                 id="JSON that is a list"),
    pytest.param(as_json({"name": "x", "cells": []}), 'has no "nbformat" field',
                 id="JSON without nbformat"),
    pytest.param(as_json({**V4, "nbformat": 5, "cells": []}), "format 5, newer than the format 4",
                 id="a future format"),
    pytest.param(as_json({**V4, "nbformat": "4", "cells": []}), "unknown notebook format '4'",
                 id="a format that is not a number"),
    pytest.param(as_json({"nbformat": 2, "worksheets": "x"}),
                 "saved by a very old Jupyter (notebook format 2); open and save it again in "
                 "Jupyter 4+", id="an old format that cannot be converted"),
    pytest.param(as_json(V4), "is not a valid notebook: no 'cells' field", id="no cells"),
    pytest.param(as_json({**V4, "cells": [{k: v for k, v in CODE.items() if k != "source"}]}),
                 "is not a valid notebook: cell 1: 'source' is a required property",
                 id="a cell without source"),
    pytest.param(as_json({**V4, "cells": [{**CODE, "cell_type": "sql"}]}),
                 "cell 1: matches none of the forms the notebook format allows",
                 id="an unknown cell type"),
    pytest.param(as_json({**V4, "cells": [{**CODE, "execution_count": "3"}]}),
                 "cell 1, execution_count: '3' is not of type", id="a wrong field type"),
    pytest.param(notebook(("markdown", "# only words"), ("raw", "x = 1")),
                 "regression.ipynb has no code cells", id="no code cells"),
    pytest.param(notebook("", "  \n", ("markdown", "hi")),
                 "has no code: all its code cells are empty", id="empty code cells"),
    pytest.param(notebook("x <- 1", kernelspec={"name": "ir", "display_name": "R",
                                                "language": "R"}),
                 "is a notebook in R, not Python", id="another language"),
]


@pytest.mark.parametrize(("data", "message"), PROBLEMS)
def test_a_file_that_is_no_usable_notebook_is_a_one_line_problem_that_says_why(data, message):
    problem = notebook_source(data, "regression.ipynb")
    assert isinstance(problem, NotebookProblem)
    assert message in problem.message
    assert problem.message.startswith("regression.ipynb ") and "\n" not in problem.message
    assert len(problem.message) < 300


# -- IPython syntax, neutralised ---------------------------------------------------------------


def test_line_magics_shell_commands_and_help_do_nothing_and_each_gets_a_note(transformer):
    nb = converted(notebook("%matplotlib inline\n%load_ext autoreload\nimport numpy as np",
                            "!pip install numpy\nfiles = !ls\nnp.mean?\n%timeit np.ones(3)"))
    assert span_lines(nb, 1) == ["get_ipython().run_line_magic('matplotlib', 'inline')",
                                 "get_ipython().run_line_magic('load_ext', 'autoreload')",
                                 "import numpy as np"]
    assert span_lines(nb, 2) == ["get_ipython().system('pip install numpy')",
                                 "files = get_ipython().getoutput('ls')",
                                 "get_ipython().run_line_magic('pinfo', 'np.mean')",
                                 "get_ipython().run_line_magic('timeit', 'np.ones(3)')"]
    assert tuple(map(str, nb.notes)) == (
        "cell 1, line 1: `%matplotlib inline` is an IPython magic: it was not run when grading",
        "cell 1, line 2: `%load_ext autoreload` is an IPython magic: it was not run when grading",
        "cell 2, line 1: `!pip install numpy` is a shell command: it was not run when grading",
        "cell 2, line 2: `files = !ls` is a shell command: it was not run when grading",
        "cell 2, line 3: `np.mean?` asks IPython for help: ignored when grading",
        "cell 2, line 4: `%timeit np.ones(3)` is an IPython magic: it was not run when grading",
    )


def test_neutralised_syntax_grades_like_plain_python_and_the_stand_ins_do_nothing(transformer):
    learner = ("def mean_squared_error(y_true, y_pred):\n"
               "    display(y_true)\n"
               "    get_ipython().run_line_magic('time', '')\n"
               "    %time d = 1\n"
               "    return float(np.mean((np.asarray(y_true) - np.asarray(y_pred)) ** 2))")
    nb = converted(notebook("%matplotlib inline\nimport numpy as np", learner, "!ls -la"))
    assert graded("regression", nb.source).check(MSE_CHECK).status == "passed"
    assert [str(n).split(":")[0] for n in nb.notes] == [
        "cell 1, line 1", "cell 2, line 2", "cell 2, line 3", "cell 2, line 4", "cell 3, line 1"]
    assert "`display()` belongs to Jupyter" in str(nb.notes[1])
    assert "`get_ipython()` belongs to Jupyter" in str(nb.notes[2])


def test_a_time_cell_magic_is_dropped_and_its_cell_still_defines_the_functions(transformer):
    nb = converted(notebook("import numpy as np", f"%%time\n{MSE}"))
    assert graded("regression", nb.source).check(MSE_CHECK).status == "passed"
    rendered = tuple(map(str, nb.notes))
    assert rendered == ("cell 2: the cell magic `%%time` was ignored and the cell's code "
                        "graded without it",)
    assert span_lines(nb, 2)[0] == "# %%time"


@pytest.mark.parametrize("magic", ["%%bash", "%%html", "%%writefile regression.py",
                                   "%%python3", "%%javascript"])
def test_a_cell_of_any_other_cell_magic_is_not_run_and_says_so(magic, transformer):
    nb = converted(notebook("import numpy as np", f"{magic}\n{MSE}"))
    assert span_lines(nb, 2) == [f"# {line}" for line in f"{magic}\n{MSE}".split("\n")]
    rendered = tuple(map(str, nb.notes))
    assert rendered == (f"cell 2 starts with `{magic}`: Jupyter does not run such a cell as "
                        "Python, so the grader did not run it either",)
    assert "def mean_squared_error" not in nb.source.replace("# def", "")


def test_a_cell_with_a_syntax_error_is_not_run_and_the_other_cells_are_graded(transformer):
    nb = converted(notebook("import numpy as np", "def r2_score(y_true, y_pred:\n    pass", MSE))
    result = graded("regression", nb.source)
    assert result.check(MSE_CHECK).status == "passed"
    rendered = tuple(map(str, nb.notes))
    assert rendered == ("cell 2, line 1: SyntaxError: '(' was never closed; the cell was not run "
                        "when grading",)


def test_a_magic_continued_over_two_lines_keeps_the_cells_line_numbers(transformer):
    nb = converted(notebook("import numpy as np\n%timeit \\\n    np.ones(3)\nx = 1"))
    assert span_lines(nb, 1) == ["import numpy as np",
                                 "get_ipython().run_line_magic('timeit', '     np.ones(3)')",
                                 "", "x = 1"]


def test_magic_characters_inside_strings_and_expressions_are_left_alone(transformer):
    code = "s = '''\n%not_a_magic\n!not_a_command\n'''\nx = 5 % 3\ny = (10\n% 3)\nz = x != 2"
    nb = converted(notebook(code))
    assert span_lines(nb, 1) == code.split("\n")
    assert nb.notes == ()


def test_the_exercise_notebooks_self_check_cell_is_neutralised_without_a_note(transformer):
    nb = converted(notebook("import numpy as np", "!grader check regression.ipynb"))
    assert span_lines(nb, 2) == ["get_ipython().system('grader check regression.ipynb')"]
    assert nb.notes == ()


IPYTHON_SYNTAX = [
    "%matplotlib inline",
    "x = !ls\n!!ls\nnp.mean?\n?np.mean\nnp.mean??\n??",
    "def f():\n    %time g()\n    return 1\n%timeit \\\n  f(2)",
    "\n\n  x = 1\n  y = 2",
    ">>> x = 1\n... y = 2",
    "x = %who_ls\na, b = !!ls",
    "np.*mean*?\n%foo?\nobj.attr[0]?",
    "if x:\n    y = !ls\n    z = %env HOME",
    "print('what?')  # why?\nx = 1",
    "x != 3\ny //= 2\nz = 5 % 3",
    "s = \'\'\'\n%no\n!no\n\'\'\'",
    "/print 1 2\n,print a b\n;print a b",
    "!echo \"it's\"",
    "d = {'a': 1,\n     'b': 2}\n%who",
    "files = !ls -la *.py\nfor f in files:\n    !echo {f}",
]


def test_ipython_and_the_fallback_rewrite_a_notebooks_ipython_syntax_alike():
    ipython = _ipython_syntax.ipython_transformer()
    if ipython is None:
        pytest.skip("IPython is not installed")
    for cell in IPYTHON_SYNTAX:
        assert _ipython_syntax.fallback_transform_cell(cell) == ipython(cell), cell


def test_the_source_opens_with_the_stand_ins_and_nothing_of_the_learners_before_them():
    nb = converted(notebook("x = 1"))
    assert nb.source.split("\n")[: len(PREAMBLE)] == list(PREAMBLE)
    assert nb.source.endswith("# %% cell 1\nx = 1\n")


# -- the exercise notebooks ----------------------------------------------------------------------
# That the shipped notebooks are what their stubs generate is the shipped course's own affair;
# that a notebook as handed out scores zero and with the reference earns full marks is the
# grader's, on the fixture course, and the shipped course's, on its own notebooks.

SHIPPED = pytest.mark.shipped_course
BOTH_COURSES = [pytest.param(COURSE, id="fixture"),
                pytest.param(ROOT, id="shipped", marks=SHIPPED)]


@SHIPPED
@pytest.mark.parametrize("module", MODULES)
def test_each_exercise_notebook_is_exactly_what_its_stub_generates(module):
    """Fails when a stub changes and its notebook is not regenerated, or a notebook is edited
    by hand: run `python exercises/make_notebooks.py`."""
    generated = make_notebooks().notebook_text(ROOT / "exercises" / f"{module}.py")
    committed = (ROOT / "exercises" / f"{module}.ipynb").read_bytes()
    assert generated.encode("utf-8") == committed, (
        f"exercises/{module}.ipynb is out of date: run python exercises/make_notebooks.py")


@SHIPPED
def test_the_drift_check_catches_a_stub_edited_without_regenerating(tmp_path: Path):
    stub = tmp_path / "regression.py"
    stub.write_text((ROOT / "exercises" / "regression.py").read_text().replace(
        "The mean of the squared differences", "The average of the squared differences"))
    generated = make_notebooks().notebook_text(stub)
    assert generated.encode("utf-8") != (ROOT / "exercises" / "regression.ipynb").read_bytes()
    assert make_notebooks().main(["--check"]) == 0  # the repository's own notebooks are fresh


@SHIPPED
def test_an_exercise_notebook_has_stable_role_named_cells_and_no_outputs():
    nb = nbformat.reads((ROOT / "exercises" / "regression.ipynb").read_text(), as_version=4)
    assert [c.id for c in nb.cells] == [
        "intro", "imports", "mean_squared_error-example", "mean_squared_error",
        "r2_score-example", "r2_score", "check-intro", "check"]
    assert all(not c.get("outputs") and c.get("execution_count") is None
               for c in nb.cells if c.cell_type == "code")
    assert nb.cells[-1].source == "!grader check regression.ipynb"


def with_reference(module: str, root: Path) -> bytes:
    """The module's exercise notebook with each stub cell replaced by the reference function."""
    nb = nbformat.reads((root / "exercises" / f"{module}.ipynb").read_text(), as_version=4)
    reference = (root / "solutions" / f"{module}.py").read_text()
    tree = ast.parse(reference)
    functions = {node.name: ast.get_source_segment(reference, node) for node in tree.body
                 if isinstance(node, ast.FunctionDef)}
    others = [ast.get_source_segment(reference, node) for node in tree.body[1:]
              if not isinstance(node, ast.FunctionDef)]
    for cell in nb.cells:
        if cell.id in functions:
            cell.source = functions.pop(cell.id)
        elif cell.id == "imports":
            cell.source = "\n".join([cell.source, *others])
    assert not functions, f"no stub cell for {sorted(functions)}"
    return nbformat.writes(nb).encode()


@pytest.mark.parametrize("root", BOTH_COURSES)
@pytest.mark.parametrize("module", MODULES)
def test_the_reference_pasted_into_an_exercise_notebook_earns_full_marks(module, root):
    nb = converted(with_reference(module, root), f"{module}.ipynb")
    result = graded(module, nb.source, root)
    assert result.fraction == 1.0, result.failed()
    assert nb.notes == ()


@pytest.mark.parametrize("root", BOTH_COURSES)
@pytest.mark.parametrize("module", MODULES)
def test_an_exercise_notebook_as_handed_out_scores_zero(module, root):
    nb = converted((root / "exercises" / f"{module}.ipynb").read_bytes(), f"{module}.ipynb")
    result = graded(module, nb.source, root)
    assert result.score == 0 and result.max_score > 0
    assert nb.notes == ()
