"""The reports: a learner's feedback page, the instructor's class page, the terminal self-check."""

from __future__ import annotations

import base64
import hashlib
import html
import re
from dataclasses import replace
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat import v4
from pygments.lexers import PythonLexer

from grader.load.notebooks import PREAMBLE, NotebookSource, in_cells, notebook_source
from grader.reports import render_check_text, render_class_html, render_learner_html
from grader.reports._highlight import HIGHLIGHT_LIMIT, QuickPythonLexer, code_css, highlighted_lines
from grader.reports._highlight import _css_class as css_class
from grader.reports._histogram import bin_of
from grader.reports._templates import template
from grader.results import (
    Attempt,
    CheckResult,
    CheckStatus,
    ClassResult,
    Detail,
    IsolationLevel,
    Lateness,
    LearnerResult,
    Misconception,
    ModuleResult,
    ModuleStatus,
    Note,
    Override,
    SmallestInput,
)
from grader.results.quizzes import QuestionResult, QuestionStatus, QuizResult

SCRIPT = "<script>alert(1)</script>"
TABLE_SCRIPT = (Path(__file__).resolve().parent.parent / "grader" / "reports" / "templates"
                / "everyone.js").read_text(encoding="utf-8")
BREAKOUT = '"><img src=x onerror=alert(1)>'
HOSTILE = SCRIPT + BREAKOUT
MODULES = ("regression", "classification")
SOURCE = """import numpy as np


def mean_squared_error(y_true, y_pred):
    return float(np.sum((y_true - y_pred) ** 2))


def r2_score(y_true, y_pred):
    ss_res = np.sum((y_true - y_pred) ** 2)
    return 1 - ss_res / 0


print("my R²:", r2_score(np.ones(2), np.zeros(2)))
"""
TRACEBACK = ('  File "regression.py", line 10, in r2_score\n    return 1 - ss_res / 0\n'
             "ZeroDivisionError: division by zero\n")


# --- a small factory of results -------------------------------------------------------------

def check(id: str = "test_mse", status: str = "passed", *, points: float = 1.0,
          title: str = "", visibility: str = "public", feedback: str = "",
          internal_error: str = "", **detail: str) -> CheckResult:
    passed = status == "passed"
    return CheckResult(id=id, title=title or id.removeprefix("test_").replace("_", " "),
                       visibility=visibility,  # type: ignore[arg-type]
                       status=CheckStatus(status), score=points if passed else 0.0,
                       max_score=points, feedback=feedback, detail=Detail(**detail),
                       internal_error=internal_error)


def module(name: str = "regression", *checks: CheckResult, status: str = "graded",
           file: str | None = "", message: str = "", notes: tuple[str, ...] = (),
           output: str = "", source: str = "", **gradebook: Any) -> ModuleResult:
    """A module's result; `gradebook` may add lateness, override, attempt and history."""
    return ModuleResult(module=name, file=f"{name}.py" if file == "" else file,
                        status=ModuleStatus(status), checks=checks,
                        max_score=sum(c.max_score for c in checks), message=message,
                        notes=tuple(Note(text) for text in notes), output=output,
                        source=source, **gradebook)


def learner(name: str, *modules: ModuleResult) -> LearnerResult:
    return LearnerResult(name, modules)


def klass(*learners: LearnerResult, isolation: IsolationLevel | None = None) -> ClassResult:
    return ClassResult("9.9.9", learners, MODULES, isolation)


def wrong_mse(**overrides: Any) -> CheckResult:
    detail = dict(call="mean_squared_error(y_true=[3.0], y_pred=[2.5])", expected="0.25",
                  got="0.5", reason="the answer is twice the expected value",
                  hint="The MSE is the mean, not the sum.", function="mean_squared_error")
    return check("test_mse", "failed", title="MSE of four predictions",
                 feedback="mean_squared_error(y_true=[3.0], y_pred=[2.5]) the answer is twice "
                          "the expected value", **{**detail, **overrides})


def crashing_r2() -> CheckResult:
    return check("test_r2", "error", title="R² of four predictions",
                 feedback="r2_score(y_true=[3.0]) raised ZeroDivisionError: division by zero",
                 call="r2_score(y_true=[3.0])", reason="ZeroDivisionError: division by zero",
                 traceback=TRACEBACK, function="r2_score")


def regression(*checks: CheckResult, **fields: Any) -> ModuleResult:
    return module("regression", *(checks or (check("test_ok"), wrong_mse(), crashing_r2())),
                  **{"source": SOURCE, "output": "hello\n", **fields})


def hostile_learner() -> LearnerResult:
    """A learner who put markup in everything they control."""
    return LearnerResult(HOSTILE, (regression(
        check("test_ok"),
        wrong_mse(got=HOSTILE),
        check("test_x", "failed", feedback=HOSTILE, call=HOSTILE, reason=HOSTILE),
        file=HOSTILE + ".py", source=f"# {HOSTILE}\n", output=HOSTILE,
        notes=(f"line 1: top-level code raised NameError: {HOSTILE}",),
    ), module("classification", check("test_acc"), file=HOSTILE)),
        (quiz(answer=HOSTILE, file=HOSTILE + ".quiz.toml"),))


def question(id: str = "q1", status: str = "incorrect", *, points: float = 1.0,
             **fields: Any) -> QuestionResult:
    score = points if status == "correct" else points / 2 if status == "partial" else 0.0
    return QuestionResult(id=id, title=fields.pop("title", f"Question {id}"),
                          status=QuestionStatus(status), score=score, max_score=points,
                          **fields)


def quiz(*questions: QuestionResult, name: str = "regression", status: str = "graded",
         answer: str = "a", file: str | None = "regression.quiz.toml",
         message: str = "") -> QuizResult:
    questions = questions or (
        question("q1", "correct", answer="b", expected="b", feedback="Right."),
        question("q2", "incorrect", answer=answer, expected="d",
                 feedback="You chose (a): that is R².\nThe answer is (d)."),
    )
    return QuizResult(quiz=name, file=file, status=ModuleStatus(status), questions=questions,
                      max_score=sum(q.max_score for q in questions), message=message,
                      title="Regression metrics")


def converted_notebook(*cells: str | tuple[str, str]) -> NotebookSource:
    """A notebook as Jupyter saves it, turned into source as the grader does: a string is a
    code cell, ("markdown", text) another kind."""
    made = [v4.new_code_cell(cell, id=f"cell-{i}") if isinstance(cell, str)
            else getattr(v4, f"new_{cell[0]}_cell")(cell[1], id=f"cell-{i}")
            for i, cell in enumerate(cells)]
    result = notebook_source(nbformat.writes(v4.new_notebook(cells=made)).encode(),
                             "regression.ipynb")
    assert isinstance(result, NotebookSource), result
    return result


def learner_page(result: LearnerResult | None = None, **options: str) -> str:
    return render_learner_html(result or learner("ada", regression()),
                               course_title="ML from scratch", **options)


def class_page(result: ClassResult | None = None, **options: object) -> str:
    result = result or klass(learner("ada", regression()), hostile_learner())
    return render_class_html(result, course_title="ML from scratch", **options)  # type: ignore[arg-type]


class Page(HTMLParser):
    """What the tests read back from a page: its tags, headings and chart bars."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.figure: str = ""
        self.bars: dict[str, list[int]] = {}
        self.scripts: list[str] = []
        self._in_script = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        self.tags.append((tag, attributes))
        if tag == "script":
            self.scripts.append("")
            self._in_script = True
        if tag == "figure":
            self.figure = attributes.get("data-module") or ""
        if tag == "rect":
            self.bars.setdefault(self.figure, []).append(int(attributes["data-count"] or 0))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.scripts[-1] += data

    def named(self, *names: str) -> list[tuple[str, dict[str, str | None]]]:
        return [(tag, attrs) for tag, attrs in self.tags if tag in names]

    def foreign(self, *names: str) -> list[tuple[str, dict[str, str | None]]]:
        """Elements of these names other than the class page's own table script."""
        own = [index for index, text in enumerate(self.scripts) if text == TABLE_SCRIPT]
        scripts = iter(range(len(self.scripts)))
        return [(tag, attrs) for tag, attrs in self.tags if tag in names
                and not (tag == "script" and not attrs and next(scripts) in own)]

    @property
    def headings(self) -> list[int]:
        return [int(tag[1]) for tag, _ in self.tags if re.fullmatch(r"h[1-6]", tag)]

    @property
    def links(self) -> list[str]:
        return [value or "" for _, attrs in self.tags for name, value in attrs.items()
                if name in ("href", "src", "xlink:href", "action")]


class Code(HTMLParser):
    """The learner's code as a page shows it: each line's label and text, by its id, and the
    lines marked as those a traceback points at."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.text: dict[str, str] = {}
        self.label: dict[str, str] = {}
        self.marked: list[str] = []
        self.headings: list[str] = []
        self._line: str | None = None
        self._in: list[str] = []  # the classes of the open spans inside a line
        self._heading = False
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        classes = (attributes.get("class") or "").split()
        if tag == "span" and self._line is not None:
            self._in.append(" ".join(classes))
        elif tag == "span" and "line" in classes:
            self._line = attributes["id"] or ""
            self.text[self._line] = self.label[self._line] = ""
            if "mentioned" in classes:
                self.marked.append(self._line)
        elif tag == "span" and "between" in classes:
            self._heading = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "span" and self._in:
            self._in.pop()
        elif tag == "span":
            self._line, self._heading = None, False

    def handle_data(self, data: str) -> None:
        if self._heading:
            self.headings.append(data)
        elif self._line is not None and "ln" in self._in:
            self.label[self._line] += data
        elif self._line is not None:
            self.text[self._line] += data

    def lines(self) -> list[str]:
        return list(self.text.values())


def section(page: str, heading: str) -> str:
    """The section of the page a function's checks (or the other checks) are in."""
    start = page.index(f'-h">{heading}</h3>')
    return page[page.rindex("<section", 0, start):page.index("</section>", start)]


def both_pages() -> list[str]:
    return [learner_page(hostile_learner()), class_page()]


# --- safety ---------------------------------------------------------------------------------

@pytest.mark.parametrize("page", both_pages(), ids=["learner", "class"])
def test_markup_a_learner_wrote_appears_only_escaped(page: str) -> None:
    assert SCRIPT not in page and BREAKOUT not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&#34;&gt;&lt;img src=x onerror=alert(1)&gt;" in page
    parsed = Page(page)
    assert not parsed.foreign("script", "img")
    assert not [attrs for _, attrs in parsed.tags if "onerror" in attrs]


def test_every_string_a_learner_controls_reaches_their_page_escaped() -> None:
    def tag(field: str) -> str:
        return f'<i id="{field}">'

    fields = ("id", "file", "output", "feedback", "got", "note")
    page = learner_page(learner(tag("id"), regression(
        check("test_x", "failed", feedback=tag("feedback"), got=tag("got")),
        file=tag("file"), source=tag("source"), output=tag("output"), notes=(tag("note"),))))
    for field in fields:
        assert f"&lt;i id=&#34;{field}&#34;&gt;" in page, field
    assert not Page(page).named("i")
    assert Code(page).lines() == [tag("source")]  # highlighted, token by token, yet only text


def test_highlighted_code_shows_markup_a_learner_wrote_only_as_text() -> None:
    source = ("def r2_score(y_true, y_pred):\n"
              f"    return '</pre>{SCRIPT}'  # </code>{BREAKOUT}\n"
              f'"""</span></pre>{HOSTILE}\n'
              f'{SCRIPT}"""\n'
              f"x = 1 < 2 > 0 & 3  # &amp; &lt;\n")
    page = learner_page(learner("ada", regression(crashing_r2(), source=source)))
    assert SCRIPT not in page and BREAKOUT not in page and "</pre>" + SCRIPT not in page
    parsed = Page(page)
    assert not parsed.named("script", "img")
    assert not [attrs for _, attrs in parsed.tags if "onerror" in attrs]
    assert Code(page).lines() == source.splitlines()  # every character, shown as text


@pytest.mark.parametrize("page", both_pages(), ids=["learner", "class"])
def test_a_page_loads_nothing_from_anywhere_else(page: str) -> None:
    parsed = Page(page)
    assert not parsed.foreign("link", "script", "iframe", "object", "embed", "img")
    for link in parsed.links:
        assert not re.match(r"\s*(https?:|//|\\\\)", link), link
    assert "url(" not in page and "@import" not in page


def test_a_report_link_made_from_a_hostile_learner_id_stays_a_relative_link() -> None:
    links = {"ada": "javascript:alert(1)", HOSTILE: "//evil.example/x.html"}
    page = class_page(report_links=links)
    assert 'href="javascript:' not in page and 'href="//' not in page
    assert 'href="./javascript:alert(1)"' in page and 'href="./evil.example/x.html"' in page


def test_a_grader_error_tells_the_learner_it_is_not_their_fault_and_hides_the_grader_code() -> None:
    secret = '  File "/course/solutions/checks/secret.py", line 9\nNameError: EXPECTED'
    broken = check("test_broken", "error", internal_error=secret,
                   feedback="This check itself failed")
    page = learner_page(learner("ada", regression(check("test_ok"), broken)))
    assert "Not your fault" in page and "grader error" in page
    assert "secret.py" not in page and "EXPECTED" not in page
    text = render_check_text(regression(broken))
    assert "not your fault" in text and "secret.py" not in text


# --- the learner's page ---------------------------------------------------------------------

def test_each_check_shows_its_status_as_a_word_and_an_icon_with_its_points() -> None:
    page = learner_page(learner("ada", regression(
        check("test_ok"), wrong_mse(), crashing_r2(), check("test_slow", "timeout", points=2))))
    for icon, word in (("✔", "passed"), ("✘", "failed"), ("⚠", "error"), ("◷", "timeout")):
        assert f'<span aria-hidden="true">{icon}</span> {word}</span>' in page
    assert '<span class="points">0/2</span> slow' in page


def test_the_header_gives_the_learner_their_total_and_percent() -> None:
    page = learner_page()
    assert "<h1>Feedback for ada</h1>" in page
    assert "1 / 3 points</strong>\n(33.3%)" in page


def test_a_failed_check_shows_the_call_expected_got_why_and_hint() -> None:
    page = learner_page()
    for text in ("<code>mean_squared_error(y_true=[3.0], y_pred=[2.5])</code>", "<dt>Expected</dt>",
                 "<code>0.25</code>", "<code>0.5</code>", "the answer is twice the expected value",
                 "The MSE is the mean, not the sum."):
        assert text in page
    assert page.count("the answer is twice the expected value") == 1  # not said twice


def test_a_crashed_check_shows_the_learners_traceback_and_marks_the_line_in_their_code() -> None:
    page = learner_page()
    assert '<pre class="wrap traceback">  File &#34;regression.py&#34;, line 10' in page
    assert '<span class="line mentioned" id="m1-L10"><span class="ln">▶ 10</span>' in page
    assert Code(page).marked == ["m1-L10"]
    assert "Lines marked" in page


def test_a_functions_code_appears_above_its_checks() -> None:
    page = learner_page()
    mse = section(page, "<code>mean_squared_error</code>")
    r2 = section(page, "<code>r2_score</code>")
    assert Code(mse).lines() == SOURCE.splitlines()[3:5]
    assert Code(r2).lines() == SOURCE.splitlines()[7:10]
    assert mse.index('<pre class="source"') < mse.index("MSE of four predictions")
    assert r2.index('<pre class="source"') < r2.index("R² of four predictions")
    assert "R²" not in mse and "MSE" not in r2
    assert page.index("<code>mean_squared_error</code></h3>") < page.index(
        "<code>r2_score</code></h3>")  # in the order of the learner's file


def test_the_lines_a_traceback_points_at_are_marked_in_that_functions_code() -> None:
    page = learner_page()
    r2 = section(page, "<code>r2_score</code>")
    assert Code(r2).marked == ["m1-L10"] and Code(r2).label["m1-L10"] == "▶ 10"
    assert Code(r2).label["m1-L9"] == "9"  # the file's own line numbers
    assert not Code(section(page, "<code>mean_squared_error</code>")).marked


def test_code_outside_the_functions_is_shown_once_folded_as_the_rest_of_the_file() -> None:
    page = learner_page()
    rest = page[page.index('<details class="rest">'):]
    rest = rest[:rest.index("</details>")]
    assert "<summary>The rest of your file</summary>" in rest
    assert Code(rest).lines() == ["import numpy as np", SOURCE.splitlines()[-1]]
    assert Code(rest).headings == ["⋮"]  # where the functions were taken out
    assert len(Code(page).text) == 2 + 3 + 2  # each line once; blank lines between parts left out


def test_the_rest_of_the_file_opens_when_an_error_points_into_it() -> None:
    top_level = TRACEBACK.replace("line 10, in r2_score", "line 13, in <module>")
    crashed = check("test_r2", "error", call="r2_score(y_true=[3.0])", traceback=top_level,
                    function="r2_score")
    page = learner_page(learner("ada", regression(crashed)))
    assert '<details class="rest" open>' in page
    assert "an error message points at a line here" in page


def test_a_passed_check_joins_the_function_its_id_names_and_others_are_kept_apart() -> None:
    source = ("def kmeans_step(X, centroids):\n    return 1\n\n"
              "def update_centroids(X, labels, centroids):\n    return 2\n")
    page = learner_page(learner("ada", module(
        "clustering",
        check("test_kmeans_step_with_a_tie"),
        check("test_update_two_centroids"),
        check("test_step", "failed", call="update_centroids(X=[[0.0]])", function=""),
        source=source)))
    kmeans = section(page, "<code>kmeans_step</code>")
    assert "kmeans step with a tie" in kmeans and Code(kmeans).lines()[0].startswith("def kmeans")
    assert "update two centroids" in section(page, "Other checks")  # not guessed from words
    assert "step" in section(page, "<code>update_centroids</code>")  # the call names it


def test_a_function_with_checks_but_missing_from_the_file_says_so() -> None:
    page = learner_page(learner("ada", regression(
        wrong_mse(), source="import numpy as np\n\ndef mse(a, b):\n    return 0\n")))
    assert "Your code has no function named <code>mean_squared_error</code>." in page
    assert Code(page).lines() == ["import numpy as np", "", "def mse(a, b):", "    return 0"]


def test_a_notebooks_code_is_labelled_by_cell_and_line_and_the_grader_preamble_is_hidden() -> None:
    notebook = converted_notebook(
        ("markdown", "# Regression"),
        "import numpy as np",
        "def mean_squared_error(y_true, y_pred):\n    return 0.0",
        "%matplotlib inline\nprint(mean_squared_error(1, 2))",
    )
    line = notebook.source.splitlines().index("    return 0.0") + 1
    trace = f'  File "regression.ipynb", line {line}, in mean_squared_error\nValueError: no\n'
    result = in_cells(module("regression", wrong_mse(traceback=trace), file="regression.ipynb",
                             source=notebook.source), notebook)
    page = learner_page(learner("ada", result))
    code = Code(section(page, "<code>mean_squared_error</code>"))
    assert list(code.label.values()) == ["cell 3 · line 1", "▶ cell 3 · line 2"]
    rest = Code(page[page.index('<details class="rest">'):])
    assert rest.headings == ["cell 2", "cell 4"]
    assert rest.label[next(iter(rest.label))] == "cell 2 · line 1"
    for hidden in PREAMBLE:
        assert hidden not in Code(page).lines()
    assert "The rest of your notebook" in page
    assert f"line {line} (cell 3, line 2)" in page  # the traceback says it too


def test_a_notebook_cell_that_was_not_run_is_headed_so() -> None:
    notebook = converted_notebook("def f(:\n    pass", "x = 1")
    page = learner_page(learner("ada", module("regression", check("test_ok"),
                                              file="regression.ipynb", source=notebook.source)))
    assert Code(page).headings == ["cell 1 (not run)", "cell 2"]
    assert Code(page).lines() == ["# def f(:", "#     pass", "x = 1"]


def test_code_that_does_not_parse_is_still_shown_whole() -> None:
    source = "import numpy as np\n\ndef r2_score(y_true, y_pred)\n    return 1 / 0\n"
    unloadable = check("test_r2", "error", feedback="not run", traceback=TRACEBACK)
    for status in ("error", "graded"):
        page = learner_page(learner("ada", regression(unloadable, status=status, source=source)))
        assert "<h3>Your code</h3>" in page and "<details class=\"rest\"" not in page
        assert Code(page).lines() == source.splitlines()


def test_a_file_with_windows_line_ends_keeps_its_line_numbers() -> None:
    page = learner_page(learner("ada", regression(source=SOURCE.replace("\n", "\r\n"))))
    assert Code(page).marked == ["m1-L10"]
    assert Code(page).text["m1-L10"] == "    return 1 - ss_res / 0"


def test_a_huge_file_is_shown_plain_and_still_escaped() -> None:
    source = f"x = '{SCRIPT}'\n" + f"y = 1  # {'.' * 990}\n" * (HIGHLIGHT_LIMIT // 1000 + 1)
    page = learner_page(learner("ada", regression(check("test_ok"), source=source)))
    assert SCRIPT not in page and Code(page).lines()[0] == f"x = '{SCRIPT}'"
    assert '<span class="s1">' not in page


TRICKY_PYTHON = (
    "match = 1\nmatch x:\n    case [a, *_]:\n        pass\n    case {'k': v} if v: ...\n",
    "type X = int\n_ = 1\nprint(_, type(_))\n",
    "x = rb'\\x00' + Rb\"a\" + f\"{x!r:>{w}}\" + u'é' + fr'{a}' + br'\\d'\n",
    "def f(a, /, *, b=.5, **k) -> None: ...\n",
    "x = 1_000.5e-3j + 0x_ff + 0o7 + 0b1 + 1. + .2 + x.real\n",
    "é = naïve = 1\n\tx\t=\t2  \\\n    + 3\n",
    "@decorator\nclass C(Base, metaclass=M):\n    '''Doc.'''\n    def __init__(self):\n"
    "        self.x = NotImplemented\n",
    "a @= b; (a := 1); a != b >> c\n\"\"\"doc\n\"\"\"\nr'''raw\n'''\n",
    "print(len(x), self.sum, x.print, cls, Ellipsis, ..., __name__, x.__dict__)\n",
    "if x: pass  # comment with \"quotes\"\n\f\nasync def f(): await g()\n",
    "import a.b as c\nfrom . import (d, e)\nfrom x import *\n",
    "try:\n    raise ValueError\nexcept* (TypeError, KeyError) as e:\n    del e\n",
    "lambda: (yield from g())\nnonlocal_ = global_ = True or False and not None\n",
    "width·x = total\u0301y + x.print(print) + rb'\\x' + __x + _\n\n\n    '''doc'''\n"
    "matches = case_ = 1\n",
)


@cache
def pygments_tokens() -> list[tuple[str, list[tuple[Any, str]]]]:
    """Python sources of every kind (the tricky ones above, the grader's and its tests', the
    fixture course's among them, some of the standard library's), each with the tokens
    Pygments' own PythonLexer cuts it into."""
    import ast as some_stdlib_module
    import dataclasses
    import inspect

    repository = Path(__file__).resolve().parent.parent
    files = [path for folder in ("grader", "tests")
             for path in sorted((repository / folder).rglob("*.py"))]
    files += [Path(inspect.getfile(m)) for m in (some_stdlib_module, dataclasses, inspect)]
    sources = [*TRICKY_PYTHON, *(path.read_text(encoding="utf-8") for path in files)]
    assert len(sources) > 60
    pygments_lexer = PythonLexer(stripnl=False, ensurenl=True)
    return [(source, list(pygments_lexer.get_tokens(source))) for source in sources]


def test_the_quick_lexer_cuts_python_into_exactly_the_tokens_pygments_does() -> None:
    quick = QuickPythonLexer(stripnl=False, ensurenl=True)
    for source, expected in pygments_tokens():
        assert list(quick.get_tokens(source)) == expected, source[:80]


def test_each_highlighted_line_is_what_pygments_own_tokens_make_of_it() -> None:
    """highlighted_lines() takes a run of tokens shown plain as one: that changes nothing."""
    for source, tokens in pygments_tokens():
        if len(source) > HIGHLIGHT_LIMIT:  # shown plain: see the test of a huge file
            continue
        expected: list[list[str]] = [[]]
        for token, value in tokens:
            css = css_class(token)
            for index, part in enumerate(value.split("\n")):
                if index:
                    expected.append([])
                if part:
                    text = html.escape(part)
                    expected[-1].append(f'<span class="{css}">{text}</span>' if css else text)
        count = source.count("\n") + (not source.endswith("\n"))  # as highlighted_lines counts
        lines = ["".join(line) for line in expected[:count]]
        assert highlighted_lines(source) == lines, source[:80]


def test_the_code_is_coloured_by_classes_the_page_styles_itself() -> None:
    page = learner_page()
    r2 = section(page, "<code>r2_score</code>")
    assert '<span class="k">def</span> <span class="nf">r2_score</span>' in r2
    assert ".source .k {" in page and ".source .nf {" in page
    assert 'style="' not in r2.replace('style="--ln: ', "")  # colours by class, not inline


def test_what_to_revise_links_each_function_with_failed_checks_to_its_code() -> None:
    page = learner_page()
    revise = page[page.index('<h2 id="revise">'):page.index('<section id="m1"')]
    assert '<a href="#m1-f1"><code>mean_squared_error</code></a>' in revise
    assert '<a href="#m1-f2"><code>r2_score</code></a>' in revise
    assert '<section class="function" id="m1-f1"' in page


def test_a_learner_who_passed_everything_has_nothing_to_revise() -> None:
    page = learner_page(learner("ada", regression(check("test_ok"))))
    assert "Nothing: every check you were graded on passed." in page


def test_hidden_checks_are_marked_hidden() -> None:
    page = learner_page(learner("ada", regression(check("test_secret", visibility="hidden"))))
    assert 'secret <span class="tag">hidden</span>' in page


def test_what_the_code_printed_is_folded_away_in_details() -> None:
    assert "<details>\n<summary>What your code printed</summary>\n<pre class=\"wrap\">hello\n" in (
        learner_page())


def test_missing_and_unloadable_modules_say_why_with_the_message() -> None:
    broken = check("test_acc", "error", feedback="not run", traceback=TRACEBACK)
    page = learner_page(learner("ada", module("regression", status="missing", file=None,
                                              message="no regression.py was handed in"),
                                module("classification", broken, status="error",
                                       message="classification.py could not be loaded")))
    assert "MISSING:</strong> no regression.py was handed in" in page
    assert "ERROR:</strong> classification.py could not be loaded" in page
    assert "None of these checks could run" in page


def test_module_notes_are_shown() -> None:
    page = learner_page(learner("ada", regression(notes=("line 7: top-level code raised",))))
    assert "<h3>Notes</h3>" in page and "<li>line 7: top-level code raised</li>" in page


SUMS = Misconception("mse_sums_instead_of_averaging", "MSE is the sum, not the mean",
                     "your MSE equals the sum of the squared errors: divide by n",
                     "mean_squared_error")


def diagnosed_mse(*misconceptions: Misconception, **fields: Any) -> CheckResult:
    wrong = wrong_mse()
    return replace(wrong, detail=replace(wrong.detail, misconceptions=misconceptions,
                                         diagnosed=True, **fields))


def test_a_wrong_answer_a_classic_mistake_gives_names_it_with_its_hint() -> None:
    page = learner_page(learner("ada", regression(check("test_ok"), diagnosed_mse(SUMS))))
    item = page[page.index('id="check-regression-test_mse"'):]
    item = item[:item.index("</li>")]
    assert "<dt>Classic mistake</dt>" in item
    assert "<strong>MSE is the sum, not the mean.</strong> Your MSE equals the sum" in item


def test_what_to_revise_names_each_classic_mistake_found_and_links_to_its_first_check() -> None:
    page = learner_page(learner("ada", regression(
        diagnosed_mse(SUMS), replace(diagnosed_mse(SUMS), id="test_mse_again"), crashing_r2())))
    revise = page[page.index('<h2 id="revise">'):page.index('<section id="m1"')]
    assert re.search(r"<strong>Classic mistake</strong> in <code>mean_squared_error</code>\s*"
                     r"\(2 checks\):\s*<a href=\"#check-regression-test_mse\">MSE is the sum, "
                     r"not the mean.</a>\s*Your MSE equals", revise)


def test_a_wrong_answer_no_classic_mistake_gives_says_so_plainly() -> None:
    page = learner_page(learner("ada", regression(diagnosed_mse())))
    assert "No known mistake matches this answer." in page
    assert "No known mistake" not in learner_page()  # not diagnosed at all: nothing said


def test_what_is_known_of_a_wrong_answer_no_mistake_gives_takes_the_plain_sentences_place() -> None:
    known = "wrong only on ties: majority_vote passes every check of it without a tie"
    page = learner_page(learner("ada", regression(diagnosed_mse(known=known))))
    assert "Wrong only on ties: majority_vote passes every check of it without a tie." in page
    assert "No known mistake matches this answer." not in page
    text = render_check_text(regression(diagnosed_mse(known=known)))
    assert known in text and "no known mistake" not in text


def test_a_failed_check_shows_the_smallest_input_that_still_fails() -> None:
    smallest = SmallestInput("mean_squared_error(y_true=[9.0, 7.0], y_pred=[10.0, 8.0])",
                             "1.0", "2.0", "returned 2.0, expected 1.0")
    page = learner_page(learner("ada", regression(diagnosed_mse(SUMS, smallest=smallest))))
    block = page[page.index("<dt>Smallest failing input</dt>"):]
    block = block[:block.index("</dl></dd>")]
    for text in ("y_pred=[10.0, 8.0])</code>", "<code>1.0</code>", "<code>2.0</code>",
                 "returned 2.0, expected 1.0"):
        assert text in block


def test_a_hidden_check_says_what_of_it_was_kept_back() -> None:
    kept = "This is a hidden check whose inputs are too large to show whole."
    page = learner_page(learner("ada", regression(diagnosed_mse(withheld=kept, expected=""))))
    assert f"<dt>Hidden check</dt><dd>{kept}</dd>" in page
    assert "<dt>Expected</dt>" not in page


def test_a_passed_check_joins_the_function_the_grader_saw_it_call() -> None:
    source = "def mean_squared_error(y_true, y_pred):\n    return 0\n"
    quiet = replace(check("test_single_sample"), functions=("mean_squared_error",))
    page = learner_page(learner("ada", regression(quiet, source=source)))
    assert "single sample" in section(page, "<code>mean_squared_error</code>")


def late_regression(**fields: Any) -> ModuleResult:
    lateness = Lateness("2026-10-07T09:30:00+02:00", "manifest", "2026-10-05T23:59:00+02:00",
                        True, 120000.0, 2, 20.0, "10% per started day late, at most 50%")
    return regression(check("test_ok", points=4), wrong_mse(), lateness=lateness, **fields)


def test_a_late_module_says_when_it_was_handed_in_and_what_the_penalty_took() -> None:
    page = learner_page(learner("ada", late_regression()))
    assert ("Handed in 2026-10-07 09:30 UTC+02:00 (by the submission list), 2 days late for the "
            "deadline 2026-10-05 23:59 UTC+02:00 (extended for you): 20% of the checks&#39; "
            "score taken off: −0.8 points (10% per started day late, at most 50%).") in page
    assert "The checks gave 4 points; the late penalty takes off 0.8." in page
    assert re.search(r"regression</a></th>\s*<td class=\"num\">3.2 / 5</td>\s*<td>2 days late",
                     page)


def test_an_instructors_overrides_show_with_their_reasons() -> None:
    at = "2026-10-09T10:00:00+00:00"
    overridden = replace(wrong_mse(), score=1.0, override=Override(1.0, "equivalent", at, 0.0))
    page = learner_page(learner("ada", regression(
        check("test_ok"), overridden, override=Override(1.5, "accepted by email", at, 1.0))))
    assert ("Score set by your instructor:</strong>\n1.5 / 2 points (graded 1), on "
            "2026-10-09 10:00 UTC.\nReason: accepted by email") in page
    assert "Score set by your instructor: 1/1 (graded 0). Reason: equivalent" in page
    assert "set by your instructor</td>" in page  # in the table of scores too


def test_earlier_attempts_are_listed_in_a_table() -> None:
    history = (Attempt(1, "2026-10-01T10:00:00+00:00", "regression.py", "a" * 64,
                       ModuleStatus.GRADED, 1.0, 3.0, 1, 3, "2026-10-01T09:00:00+00:00"),
               Attempt(2, "2026-10-02T10:00:00+00:00", "regression.py", "b" * 64,
                       ModuleStatus.ERROR, 0.0, 3.0, 0, 3, None))
    latest = Attempt(3, "2026-10-03T10:00:00+00:00", "regression.py", "c" * 64,
                     ModuleStatus.GRADED, 1.0, 3.0, 1, 3)
    page = learner_page(learner("ada", regression(history=history, attempt=latest)))
    assert "<summary>Attempt 3, graded 2026-10-03 10:00 UTC: 2 earlier attempts</summary>" in page
    rows = re.findall(r'<tr><th scope="row">(\d)</th><td>([^<]*)</td><td>([^<]*)</td>\s*'
                      r'<td class="num">([^<]*)</td><td class="num">([^<]*)</td><td>(\w+)', page)
    assert rows == [("1", "2026-10-01 10:00 UTC", "2026-10-01 09:00 UTC", "1 / 3", "1 / 3",
                     "graded"),
                    ("2", "2026-10-02 10:00 UTC", "unknown", "0 / 3", "0 / 3", "error")]


def test_each_quiz_shows_every_question_with_its_status_points_answers_and_feedback() -> None:
    broken = question("q3", "error", internal_error="KeyError: secret-answer-key")
    page = learner_page(LearnerResult("ada", (regression(),),
                                      (quiz(*quiz().questions, broken),)))
    section_ = page[page.index('<section id="q1"'):]
    assert '<h2 id="q1-h">Quiz: Regression metrics: <code>regression.quiz.toml</code></h2>' in page
    assert '<span aria-hidden="true">✔</span> correct</span> <span class="points">1/1</span> ' \
           "Question q1" in section_
    assert '<span aria-hidden="true">✘</span> incorrect</span>' in section_
    assert "<dt>Your answer</dt><dd><pre class=\"wrap\"><code>a</code>" in section_
    assert "<dt>Expected</dt><dd><pre class=\"wrap\"><code>d</code>" in section_
    assert ('<dd class="feedback">You chose (a): that is R².\nThe answer is (d).</dd>'
            in section_)
    assert "white-space: pre-wrap" in page[:page.index("</style>")]
    assert "Not your fault" in section_ and "secret-answer-key" not in page
    assert '<a href="#q1">Regression metrics quiz</a>:\n1 question to revisit' in page
    assert re.search(r'Regression metrics quiz</a></th>\s*<td class="num">1 / 3</td>', page)


def test_a_missing_quiz_says_so() -> None:
    missing = QuizResult("regression", None, ModuleStatus.MISSING, (), 5.0,
                         "regression.quiz.toml not found")
    page = learner_page(LearnerResult("ada", (regression(),), (missing,)))
    assert "MISSING:</strong> regression.quiz.toml not found" in page
    assert "regression quiz</a>:\nmissing. regression.quiz.toml not found" in page


# --- the class page -------------------------------------------------------------------------

def scored(name: str, passed: int, of: int = 5) -> LearnerResult:
    checks = [check(f"test_{i}", "passed" if i < passed else "failed") for i in range(of)]
    return learner(name, module("regression", *checks), module("classification", check("test_c")))


def test_the_class_page_lists_every_learner_with_totals_that_match() -> None:
    learners = [scored(f"learner{i}", passed=i) for i in range(6)]
    page = class_page(klass(*learners))
    table = page[page.index('id="learners"'):]
    for result in learners:
        row = re.search(rf'<th scope="row">{result.learner}</th>(.*?)</tr>', table, re.S)
        assert row, result.learner
        cells = re.findall(r'<td>([^<]*)', row.group(1))
        assert cells[:2] == [f"{result.score:g}", f"{round(100 * result.score / 6, 1):g}%"]


def test_every_chart_counts_each_learner_once_in_the_right_band() -> None:
    learners = [scored(f"learner{i}", passed=i) for i in (0, 1, 1, 3, 5, 5, 5)]
    bars = Page(class_page(klass(*learners))).bars
    assert bars["regression"] == [1, 0, 2, 0, 0, 0, 1, 0, 0, 3]
    assert bars["classification"] == [0] * 9 + [7]
    assert sum(bars["Overall"]) == 7 and len(bars) == 3


def test_a_score_on_a_band_edge_falls_in_the_band_above_and_full_marks_in_the_last() -> None:
    assert [bin_of(0.0), bin_of(0.3), bin_of(0.7), bin_of(0.999), bin_of(1.0)] == [0, 3, 7, 9, 9]


def test_the_class_page_gives_mean_and_median_per_module_and_overall() -> None:
    page = class_page(klass(scored("a", 1), scored("b", 2), scored("c", 5)))
    assert re.search(r'regression</th><td class="num">5</td>\s*<td class="num">2.67 \(53.3%\)'
                     r'</td>\s*<td class="num">2 \(40%\)', page)
    assert re.search(r'Overall</th><td class="num">6</td>\s*<td class="num">3.67', page)


def test_checks_are_listed_hardest_first_with_their_pass_rate() -> None:
    page = class_page(klass(scored("a", 1), scored("b", 2), scored("c", 4)))
    order = re.findall(r'<code class="id">(test_\w+)</code>', page)
    assert order == ["test_4", "test_2", "test_3", "test_1", "test_0", "test_c"]
    assert re.search(r"test_4</code>.*?<td class=\"num\">0%</td>\s*<td class=\"num\">0 / 3<", page,
                     re.S)


def test_learners_with_a_missing_module_a_timeout_or_a_low_total_need_attention() -> None:
    slow = learner("slow", module("regression", check("test_a", "timeout"), check("test_b")),
                   module("classification", check("test_c")))
    absent = learner("absent", module("regression", check("test_a"), check("test_b")))
    page = class_page(klass(slow, absent, scored("low", 0), scored("fine", 5)))
    attention = page[page.index('id="attention"'):page.index('id="learners"')]
    assert "regression: 1 timeout" in attention and "missing: classification" in attention
    assert "total 16.7%" in attention and "fine" not in attention


def test_a_class_of_two_thousand_learners_renders_every_row() -> None:
    learners = [scored(f"learner{i:04d}", passed=i % 6) for i in range(2000)]
    page = class_page(klass(*learners), report_links={"learner0001": "learner0001.html"})
    table = page[page.index('id="learners"'):page.index('id="scores"')]
    assert len(re.findall(r'<tr(?: data-attention="1")?><th scope="row">', table)) == 2000
    assert '<a href="learner0001.html">learner0001</a>' in table


def test_the_most_frequent_misconceptions_are_counted_by_learner_and_linked_to_their_checks(
) -> None:
    ties = Misconception("vote_ties_to_the_first_seen_label", "tied vote to the first label",
                         "break ties by the smallest label", "majority_vote")
    twice = regression(diagnosed_mse(SUMS), replace(diagnosed_mse(SUMS), id="test_mse_50"))
    voted = module("classification", replace(diagnosed_mse(ties), id="test_vote"))
    page = class_page(klass(learner("ben", twice, voted), learner("cy", regression(
        diagnosed_mse(SUMS))), learner("dee", regression())), report_links={
        "ben": "learners/ben.html", "cy": "learners/cy.html"})
    table = page[page.index('<h2 id="misconceptions">'):page.index('<h2 id="checks">')]
    rows = re.findall(r'<tr><th scope="row">([^<]*)<br>.*?<td class="num">(\d+)</td>', table, re.S)
    assert rows == [("MSE is the sum, not the mean", "2"), ("tied vote to the first label", "1")]
    assert '<a href="learners/ben.html#check-regression-test_mse">ben</a>' in table
    assert '<a href="learners/cy.html#check-regression-test_mse">cy</a>' in table
    assert '<a href="learners/ben.html#check-classification-test_vote">ben</a>' in table
    assert "dee" not in table


def test_quizzes_get_a_chart_a_column_and_count_in_the_total() -> None:
    learners = [LearnerResult(f"l{i}", (regression(check("test_ok")),), (quiz(),) if i else ())
                for i in range(3)]
    result = replace(klass(*learners), modules=("regression",), quizzes=("regression",))
    page = class_page(result)
    bars = Page(page).bars
    assert bars["regression quiz"] == [1, 0, 0, 0, 0, 2, 0, 0, 0, 0]
    assert "regression quiz <span class=\"muted\">/&nbsp;2</span>" in page
    row = re.search(r'>l1</th>(.*?)</tr>', page, re.S).group(1)
    assert re.findall(r"<td>([^<]*)", row) == ["2", "66.7%", "1", "1", ""]
    assert "missing: regression quiz" in page  # l0 handed in no quiz


def test_late_work_puts_a_learner_on_the_attention_list() -> None:
    page = class_page(klass(learner("slowpoke", late_regression(), module("classification",
                                                                           check("test_c")))))
    attention = page[page.index('id="attention"'):page.index('id="learners"')]
    assert "regression 2 days late, −0.8 points" in attention


def test_everyone_is_in_one_table_that_scripts_can_sort_and_filter_and_that_reads_without() -> (
        None):
    page = class_page(klass(scored("fine", 5), scored("low", 0)))
    table = page[page.index('<table class="learners" id="everyone">'):]
    assert '<tr data-attention="1"><th scope="row">low</th>' in table
    assert "<tr><th scope=\"row\">fine</th>" in table
    assert '<div id="everyone-controls" class="controls" hidden>' in page  # shown by the script
    assert '<label for="everyone-filter">Learner id contains</label>' in page


def content_policy(page: str) -> str:
    return re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">',
                     page).group(1)


def test_no_page_may_load_anything_and_only_the_class_pages_own_script_may_run() -> None:
    learner_policy = content_policy(learner_page())
    assert "default-src 'none'" in learner_policy and "script-src 'none'" in learner_policy
    page = class_page()
    digest = base64.b64encode(hashlib.sha256(TABLE_SCRIPT.encode()).digest()).decode()
    assert f"script-src 'sha256-{digest}'" in content_policy(page)
    assert Page(page).scripts == [TABLE_SCRIPT]


# --- both pages -----------------------------------------------------------------------------

@pytest.mark.parametrize("page", both_pages(), ids=["learner", "class"])
def test_headings_go_down_one_level_at_a_time_from_a_single_h1(page: str) -> None:
    levels = Page(page).headings
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(after <= before + 1 for before, after in zip(levels, levels[1:], strict=False))


@pytest.mark.parametrize("page", both_pages(), ids=["learner", "class"])
def test_a_page_is_english_utf8_readable_on_a_phone_and_printable(page: str) -> None:
    assert page.startswith("<!DOCTYPE html>\n<html lang=\"en\">")
    assert '<meta charset="utf-8">' in page
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in page
    assert "@media print" in page


def test_both_pages_say_which_grader_and_isolation_graded_them() -> None:
    page = learner_page(isolation="namespaces+landlock", generated="2026-01-05 10:00")
    assert "learner code ran with isolation: namespaces+landlock" in page
    assert "generated 2026-01-05 10:00" in page and "Graded by grader " in page
    isolation = IsolationLevel("strong", (("landlock", True), ("seccomp", False)))
    page = class_page(klass(scored("a", 1), isolation=isolation))
    assert "Graded by grader 9.9.9" in page and "isolation: strong (landlock)" in page


def contrast(ink: str, paper: str) -> float:
    def luminance(colour: str) -> float:
        channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(ink), luminance(paper)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_text_colour_reads_at_least_4_5_to_1_on_its_background() -> None:
    colours = dict(re.findall(r"--([\w-]+): (#[0-9a-f]{6})", learner_page()))
    inks = [name for name in colours if name.endswith("ink")]
    assert len(inks) >= 8
    for ink in inks:
        background = colours.get(ink.removesuffix("ink") + "bg") or colours["paper"]
        assert contrast(colours[ink], background) >= 4.5, ink
        assert contrast(colours[ink], colours["paper"]) >= 4.5, ink


def test_every_colour_of_the_code_reads_at_least_4_5_to_1_even_on_a_marked_line() -> None:
    colours = dict(re.findall(r"--([\w-]+): (#[0-9a-f]{6})", learner_page()))
    inks = set(re.findall(r"color: (#[0-9A-Fa-f]{6})", code_css()))
    assert len(inks) >= 5
    for ink in inks:
        for background in ("code-bg", "mark-bg", "paper"):
            assert contrast(ink.lower(), colours[background]) >= 4.5, (ink, background)


def test_templates_are_compiled_once_autoescaped_and_strict() -> None:
    assert template("learner.html.j2") is template("learner.html.j2")
    environment = template("learner.html.j2").environment
    assert environment.autoescape is True
    assert environment.undefined.__name__ == "StrictUndefined"


# --- the terminal ---------------------------------------------------------------------------

def test_the_terminal_shows_one_status_line_per_check() -> None:
    text = render_check_text(regression())
    assert "PASS     1/1  ok\n" in text
    assert "FAIL     0/1  MSE of four predictions\n" in text
    assert "ERROR    0/1  R² of four predictions\n" in text


def test_the_terminal_shows_called_expected_got_why_and_hint_under_a_failed_check() -> None:
    text = render_check_text(regression())
    for line in ("      called:   mean_squared_error(y_true=[3.0], y_pred=[2.5])",
                 "      expected: 0.25", "      got:      0.5",
                 "      why:      the answer is twice the expected value",
                 "      hint:     The MSE is the mean, not the sum.",
                 '        File "regression.py", line 10, in r2_score'):
        assert line + "\n" in text


def test_a_multi_line_value_lines_up_under_its_first_line() -> None:
    text = render_check_text(regression(wrong_mse(expected="[[1, 2],\n [3, 4]]")))
    assert "      expected: [[1, 2],\n                 [3, 4]]\n" in text


def test_the_terminal_ends_with_the_score_and_how_many_checks_to_fix() -> None:
    assert render_check_text(regression()).endswith(
        "regression.py: 1/3 points — 2 checks to fix\n")
    assert render_check_text(regression(check("test_ok"))).endswith(
        "regression.py: 1/1 points — all public checks pass\n")


def test_a_missing_module_gives_its_message_on_the_terminal() -> None:
    text = render_check_text(module("regression", status="missing", file=None,
                                    message="no regression.py was handed in"))
    assert text == "regression: 0/0 points — missing\nno regression.py was handed in\n"


def test_the_terminal_is_plain_text_without_colour_and_styled_with_it() -> None:
    plain = render_check_text(regression(), isolation="landlock")
    assert "\x1b[" not in plain
    assert "(learner code ran with isolation: landlock)" in plain
    assert "\x1b[" in render_check_text(regression(), color=True)


def test_no_terminal_line_ends_in_spaces() -> None:
    text = render_check_text(regression(wrong_mse(expected="1 \n2 ")))
    assert not [line for line in text.splitlines() if line != line.rstrip()]


# --- end to end -----------------------------------------------------------------------------

@pytest.mark.slow
def test_a_crash_graded_in_the_real_sandbox_is_marked_on_the_learners_own_line() -> None:
    from grader.testing import score

    source = ("def mean_squared_error(y_true, y_pred):\n    return 0.0\n\n"
              "def r2_score(y_true, y_pred):\n    return 1 / 0\n")
    result = score("regression", source, hidden=False).result
    page = learner_page(learner("ada", result))
    assert '<span class="line mentioned" id="m1-L5"><span class="ln">▶ 5</span>' in page
    text = render_check_text(result)
    assert "FAIL " in text and '  File "regression.py", line 5, in r2_score' in text
