"""The similarity report, for the instructor alone: a class page, a page per module, a
side-by-side page per reported pair, and pairs.csv; and a line per module for the terminal.

    out/index.html                      each module's strongest pairs, clusters, the class view
    out/regression.html                 every reported pair of the module, with its reasons
    out/regression/ada--ben.html        the two submissions side by side, fragments marked
    out/pairs.csv                       every reported pair of every module

Files are named as every file the grader writes for a learner (grader.load.learner_ids.
file_stem). Writing the report again replaces its pages, and removes the pages of pairs no
longer reported. Every page is self-contained, runs no script, and loads nothing.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined, Template

from grader import __version__
from grader._atomic import sync_folder, write_atomic
from grader.reports import code_css
from grader.reports._visible import visible
from grader.reports.html import content_policy
from grader.similarity._evidence import share_words
from grader.similarity._pair_view import ShownCode, pair_view, shown_code
from grader.similarity._pairs_csv import pairs_csv, pairs_csv_rows
from grader.similarity._views import ModuleView, class_rows, module_views
from grader.similarity.model import ModuleSimilarity, Similarity

__all__ = ["describe", "pairs_csv", "pairs_csv_rows", "write_report"]


def write_report(similarity: Similarity, *, out: Path) -> list[Path]:
    """Write the report into `out` (each file atomically) and return the files written."""
    out.mkdir(parents=True, exist_ok=True)
    views = module_views(similarity)
    written = [_write(out / "index.html", _index(similarity, views))]
    for view in views:
        written.append(_write(out / view.page, _module_page(similarity, view)))
        written += _write_pairs(similarity, view, out)
    written.append(_write(out / "pairs.csv", pairs_csv(similarity)))
    sync_folder(out)
    return written


def describe(similarity: Similarity) -> str:
    """A line per module for the terminal: what was compared, reported and skipped (a
    learner's id with its controls shown escaped, never acting on the terminal)."""
    return "\n".join(_module_line(module) for module in similarity.modules)


def _module_line(module: ModuleSimilarity) -> str:
    parts = [f"{module.module}: {module.submissions} submissions compared"]
    count = len(module.pairs)
    if count:
        top = module.pairs[0]
        a, b = visible(top.a, one_line=True), visible(top.b, one_line=True)
        parts.append(
            f"{count} pair{'s' if count != 1 else ''} reported (strongest: {a} and {b}, "
            f"{share_words(top.code_share)} of rare code shared)"
        )
    else:
        parts.append("no pair reported")
    if module.clusters:
        parts.append(f"{len(module.clusters)} cluster{'s' if len(module.clusters) != 1 else ''}")
    if module.skipped:
        parts.append(f"{len(module.skipped)} skipped")
    return ", ".join(parts)


def _write(path: Path, text: str) -> Path:
    # A lone surrogate (a JSON answer may hold "\udc80") has no UTF-8: it is written as the
    # text `\udc80` rather than stop the whole report.
    data = text.encode("utf-8", "backslashreplace")
    write_atomic(path, data, durable=False)  # one flush of the whole folder at the end
    return path


def _write_pairs(similarity: Similarity, view: ModuleView, out: Path) -> list[Path]:
    """Write the pages of the module's shown pairs, and remove those of an earlier run's
    pairs that are no longer reported."""
    written = []

    @cache  # a learner's code is highlighted once, whatever the pairs they are in
    def code(learner: str) -> ShownCode | None:
        source = similarity.sources.get((view.module.module, learner))
        return None if source is None else shown_code(source)

    for row in view.rows:
        page = pair_view(row.pair, rank=row.rank, submissions=view.module.submissions, code=code)
        html = _template("pair.html.j2").render(
            view=page, module=view, code_css=code_css(), **_frame(similarity)
        )
        written.append(_write(out / row.page, html))
    folder = out / view.folder
    if folder.is_dir():
        kept = {path.name for path in written}
        for stale in folder.glob("*--*.html"):
            if stale.name not in kept:
                stale.unlink(missing_ok=True)
    return written


def _index(similarity: Similarity, views: list[ModuleView]) -> str:
    rows, more = class_rows(similarity, views)
    return _template("index.html.j2").render(
        views=views, class_rows=rows, more_class_rows=more, **_frame(similarity)
    )


def _module_page(similarity: Similarity, view: ModuleView) -> str:
    return _template("module.html.j2").render(view=view, **_frame(similarity))


def _frame(similarity: Similarity) -> dict[str, object]:
    """What every page's frame (the reports' base.html.j2) asks for."""
    return {
        "course_title": similarity.course_title,
        "generated": similarity.generated_at,
        "policy": content_policy(""),  # no script at all
        "grader_version": __version__,
    }


@cache
def _environment() -> Environment:
    return Environment(
        # The report's own templates, and the reports' page frame they extend.
        loader=ChoiceLoader(
            [
                PackageLoader("grader.similarity", "templates"),
                PackageLoader("grader.reports", "templates"),
            ]
        ),
        autoescape=True,  # ids, code, answers and words all come from learners
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )


def _template(name: str) -> Template:
    return _environment().get_template(name)
