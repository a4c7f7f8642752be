"""A project's predictions in the reports: the learner's page (tables, bands, charts, what to
improve) and the instructor's class page (leaderboards, spreads, classic mistakes), from
Evaluation records built here as the grader builds them."""

from __future__ import annotations

import math
import re
from html.parser import HTMLParser
from typing import Any

import pytest

from grader.predictions.mistakes import LABELS_AS_PROBABILITIES
from grader.reports._evaluation_view import Scatter, evaluation_views
from grader.reports.html import render_class_html, render_learner_html
from grader.results import (
    ALL_RELEASED,
    CheckResult,
    CheckStatus,
    ClassResult,
    Detail,
    Evaluation,
    FeedbackRelease,
    LearnerResult,
    ModuleResult,
    ModuleStatus,
)
from grader.results.release import Pending

NAN = math.nan
REFERENCE = {
    "linear_regression": {"mae": 3.45, "mse": 89.7, "r2": 0.233},
    "knn": {"accuracy": 0.817, "jaccard": 0.246, "f1": 0.395, "log_loss": 0.665},
    "logistic_regression": {"accuracy": 0.812, "jaccard": 0.252, "f1": 0.402, "log_loss": 0.379},
}
BASELINE = {
    "mean rainfall tomorrow": {"mae": 4.36, "mse": 117.0, "r2": 0.0},
    "majority class": {"accuracy": 0.791, "jaccard": 0.0, "f1": 0.0, "log_loss": 0.513},
}
HELD = FeedbackRelease((Pending("capstone", "manual"),))


def evaluation(
    dataset: str = "validation",
    *,
    mae: float = 3.9,
    f1: float = 0.30,
    log_loss: float = 0.45,
    charts: bool = True,
) -> Evaluation:
    learner = {
        "linear_regression": {"mae": mae, "mse": 100.0, "r2": 0.12},
        "knn": {"accuracy": 0.80, "jaccard": 0.20, "f1": f1, "log_loss": 0.9},
        "logistic_regression": {
            "accuracy": 0.81, "jaccard": 0.22, "f1": 0.25, "log_loss": log_loss},
    }
    best = {"mae": "linear_regression", "mse": "linear_regression", "r2": "linear_regression",
            "accuracy": "logistic_regression", "jaccard": "logistic_regression",
            "f1": "knn" if f1 >= 0.25 else "logistic_regression", "log_loss": "logistic_regression"}
    progress = {"mae": (4.36 - mae) / (4.36 - 3.45), "mse": 0.6, "r2": 0.5, "accuracy": 0.9,
                "jaccard": 0.87, "f1": 0.75, "log_loss": 0.5}
    extra = {}
    if charts:
        extra = dict(
            classifier=best["f1"],
            confusion=((441, 21), (84, 38)),
            roc=((0.0, 0.0), (0.1, 0.5), (0.4, 0.8), (1.0, 1.0)),
            roc_auc=0.817,
            scatter=((0.0, 1.2), (3.0, 2.5), (250.0, 20.0), (12.0, 9.0)),
        )
    return Evaluation(
        dataset=dataset,
        visibility="public" if dataset == "validation" else "hidden",
        rows=584,
        learner=learner,
        reference={model: dict(scores) for model, scores in REFERENCE.items()},
        baseline={model: dict(scores) for model, scores in BASELINE.items()},
        progress=progress,
        best=best,
        **extra,
    )


def capstone(*evaluations: Evaluation, checks: tuple[CheckResult, ...] = ()) -> ModuleResult:
    checks = checks or (
        CheckResult("test_rain_f1_on_the_test_set", "F1 score of your best model, on the test set",
                    "hidden", CheckStatus.PASSED, 3.0, 3.0),
    )
    return ModuleResult("capstone", "capstone.py", ModuleStatus.GRADED, checks,
                        max_score=sum(c.max_score for c in checks), evaluations=evaluations)


def learner(name: str, *evaluations: Evaluation, **options: object) -> LearnerResult:
    return LearnerResult(name, (capstone(*evaluations, **options),))  # type: ignore[arg-type]


def page(result: LearnerResult, release: FeedbackRelease = ALL_RELEASED) -> str:
    return render_learner_html(release.shown(result), course_title="ML")


class Tables(HTMLParser):
    """Each table of a page whose class is asked for: its rows, each cell's text (but for
    what only a phone shows: whose model a row is, under its name)."""

    def __init__(self, page: str, kind: str) -> None:
        super().__init__()
        self.kind, self.tables, self.depth = kind, [], 0
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.phone_only = False
        self.feed(page)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table" and self.kind in (dict(attrs).get("class") or "").split():
            self.tables.append([])
            self.depth = 1
        elif self.depth and tag == "tr":
            self.row = []
        elif self.depth and tag in ("td", "th"):
            self.cell = []
        elif self.cell is not None and tag == "br":
            self.cell.append(" ")
        elif tag == "span" and "kind" in (dict(attrs).get("class") or "").split():
            self.phone_only = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "span":
            self.phone_only = False
        if not self.depth:
            return
        if tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "tr" and self.row is not None:
            self.tables[-1].append(self.row)
            self.row = None
        elif tag == "table":
            self.depth = 0

    def handle_data(self, data: str) -> None:
        if self.cell is not None and not self.phone_only:
            self.cell.append(data)


def rows_of(html: str, kind: str) -> list[list[list[str]]]:
    return Tables(html, kind).tables


# --- the learner's page ---------------------------------------------------------------------

def test_the_comparison_table_shows_each_model_beside_the_reference_and_the_baseline() -> None:
    regression, classification = rows_of(page(learner("ada", evaluation())), "comparison")
    assert regression[0][:3] == ["Model", "Whose", "MAE lower is better"]
    assert regression[1][:3] == ["linear_regression", "yours", "3.900 ★"]
    assert regression[2] == ["linear_regression", "reference", "3.450", "89.700", "0.233"]
    assert regression[3] == ["mean rainfall tomorrow", "baseline", "4.360", "117.000", "0.000"]
    assert [row[:2] for row in classification[1:]] == [
        ["knn", "yours"], ["logistic_regression", "yours"], ["knn", "reference"],
        ["logistic_regression", "reference"], ["majority class", "baseline"]]
    assert classification[0][-1] == "log loss lower is better"


def test_the_best_model_per_metric_is_marked_and_only_it() -> None:
    _, classification = rows_of(page(learner("ada", evaluation(f1=0.30, log_loss=0.45))),
                                "comparison")
    header, knn, logistic = classification[0], classification[1], classification[2]
    marked = {(row[0], header[i].split()[0]) for row in (knn, logistic)
              for i, cell in enumerate(row) if cell.endswith("★")}
    # F1: higher is better, knn's 0.30; log loss: lower is better, the logistic's 0.45
    assert marked == {("knn", "F1"), ("logistic_regression", "accuracy"),
                      ("logistic_regression", "Jaccard"), ("logistic_regression", "log")}
    assert not any("★" in cell for row in classification[3:] for cell in row)


def test_a_metric_that_is_not_a_finite_number_shows_as_a_dash_and_is_never_drawn() -> None:
    damaged = Evaluation.from_dict({
        **evaluation().to_dict(),
        "learner": {"linear_regression": {"mae": "nan", "mse": "inf", "r2": "-inf"}},
        "progress": {"mae": "nan", "mse": "inf"},
        "roc": [[0.0, 0.0], ["nan", 0.5], [1.0, 1.0]],
        "scatter": [[1.0, "nan"], ["inf", 2.0], [3.0, 4.0]],
        "roc_auc": "nan",
    })
    html = page(learner("ada", damaged))
    regression = rows_of(html, "comparison")[0]
    assert regression[1] == ["linear_regression", "yours", "—", "—", "—"]
    assert not re.search(r"\b(nan|inf)\b", html, re.IGNORECASE)
    assert "not measured" in html  # the bands of MAE and MSE
    assert html.count("<circle") == 1  # the one finite point of the scatter
    assert "2 not finite, not drawn" in html
    assert "AUC —" in html


def test_a_learner_sees_the_test_set_evaluation_only_once_the_feedback_is_released() -> None:
    ada = learner("ada", evaluation("validation"), evaluation("test", charts=False))
    before, after = page(ada, HELD), page(ada)
    assert 'data-dataset="validation"' in before and 'data-dataset="test"' not in before
    assert "On the private test set" not in before
    assert "the private test set is shown once the module's feedback is released" in before
    assert 'data-dataset="test"' in after and "On the private test set" in after
    assert "Rain tomorrow, on the test set" in after


def test_the_test_set_is_never_drawn_even_when_a_damaged_result_holds_its_charts() -> None:
    # a hidden evaluation never carries charts; one from an edited results.json might
    charted_test = evaluation("test", charts=True)
    html = page(learner("ada", charted_test))
    section = html[html.index('data-dataset="test"'):]
    assert "<svg" not in section and "confusion-matrix" not in section
    assert "<svg" not in html  # the test set is the only evaluation here


def test_the_validation_set_is_drawn_confusion_matrix_roc_and_rainfall() -> None:
    html = page(learner("ada", evaluation()))
    matrix = rows_of(html, "confusion-matrix")[0]
    assert matrix == [["", "Predicted: No rain", "Predicted: Rain"],
                      ["True: No rain", "441 76%", "21 4%"],
                      ["True: Rain", "84 14%", "38 7%"]]
    assert html.count("<svg") == 2 and "AUC 0.817" in html
    assert html.count("<circle") == 4 and 'class="chance"' in html


def test_the_rainfall_axis_keeps_light_days_apart_beside_a_day_of_250_mm() -> None:
    scatter = evaluation_views((evaluation(),), "m1")[0].scatter
    assert isinstance(scatter, Scatter)
    xs = [x for x, _ in scatter.points]  # actual 0, 3, 250 and 12 mm
    # on a straight axis 0 and 3 mm would be 1% of the plot apart
    assert (xs[1] - xs[0]) / Scatter.size > 0.2
    assert max(xs) <= Scatter.pad + Scatter.size + 1e-9


def test_what_to_improve_names_the_metric_furthest_from_the_reference() -> None:
    html = page(learner("ada", evaluation(mae=4.2)))
    assert "Your MAE is the furthest from the reference&#39;s on the validation set" in html
    assert "18% of the way between the baseline&#39;s 4.360 and the reference&#39;s 3.450" in html


def test_what_to_improve_says_probabilities_too_sure_when_log_loss_is_worse_than_baseline() -> None:
    html = page(learner("ada", evaluation(log_loss=5.9)))
    assert "Even your best log loss (0.900) is worse than the baseline" in html
    assert "too sure of themselves" in html
    assert "Your log loss is the furthest" not in html


def test_what_to_improve_says_an_r2_below_the_baselines_is_worse_than_the_mean() -> None:
    worse = evaluation()
    worse.learner["linear_regression"]["r2"] = -0.4
    assert "R² is -0.400, below 0" in page(learner("eve", worse))
    as_baseline = evaluation()
    as_baseline.learner["linear_regression"]["r2"] = -0.002  # the mean's own R² off its days
    as_baseline.baseline["mean rainfall tomorrow"]["r2"] = -0.002
    assert "below 0" not in page(learner("ben", as_baseline))


def test_what_to_improve_names_the_classic_mistake_the_checks_recognised() -> None:
    wrong = CheckResult(
        "test_rain_log_loss_on_the_validation_set", "log loss of your best model",
        "public", CheckStatus.FAILED, 0.0, 1.0,
        detail=Detail(function="fit_and_predict", misconceptions=(LABELS_AS_PROBABILITIES,)))
    html = page(learner("dev", evaluation(), checks=(wrong,)))
    improve = html[html.index("What to improve"):html.index("On the validation set")]
    assert "The checks recognised a classic mistake: labels returned as probabilities." in improve
    assert 'href="#check-capstone-test_rain_log_loss_on_the_validation_set"' in improve


def test_a_learners_page_rendered_without_the_class_boards_shows_no_board() -> None:
    """The class's boards come from publishing (tests/test_capstone_leaderboard.py): a page
    rendered from one learner's result alone ranks nobody."""
    html = page(learner("ada", evaluation()))
    assert "leaderboard" not in html.lower() and "Rank" not in html


# --- the class page ---------------------------------------------------------------------------

def klass(*learners: LearnerResult) -> ClassResult:
    return ClassResult("test", learners, ("capstone",))


def class_page(result: ClassResult) -> str:
    return render_class_html(result, course_title="ML", report_links={})


def test_the_leaderboard_ranks_rainfall_by_mae_and_rain_by_f1_on_the_test_set() -> None:
    result = klass(
        learner("ada", evaluation(), evaluation("test", mae=3.6, f1=0.30)),
        learner("ben", evaluation(), evaluation("test", mae=3.5, f1=0.41)),
        learner("cleo", evaluation(), evaluation("test", mae=4.0, f1=0.30)),
        learner("dev", evaluation(), evaluation("test", mae=NAN, f1=0.10)),
    )
    rainfall, rain = rows_of(class_page(result), "leaderboard")
    assert [row[:3] for row in rainfall[1:5]] == [
        ["1", "ben", "3.500"], ["2", "ada", "3.600"], ["3", "cleo", "4.000"], ["4", "dev", "—"]]
    assert rainfall[5][1:3] == ["reference", "3.450"] and rainfall[6][1:3] == ["baseline", "4.360"]
    # equal F1 scores share a rank, the next one counts them both
    assert rain[0][2] == "F1 score higher is better"  # the column ranked by, first
    assert [(row[0], row[1], row[2]) for row in rain[1:5]] == [
        ("1", "ben", "0.410"), ("2", "ada", "0.300"), ("2", "cleo", "0.300"), ("4", "dev", "0.250")]


def test_the_leaderboard_is_on_the_validation_set_while_no_test_set_was_measured() -> None:
    html = class_page(klass(learner("ada", evaluation()), learner("ben", evaluation(mae=3.5))))
    assert "capstone: Rainfall tomorrow, on the validation set" in html
    assert "Rainfall tomorrow, on the test set" not in html


def test_each_metric_spreads_across_the_class_with_the_baseline_and_reference_marked() -> None:
    result = klass(*(learner(f"l{i}", evaluation("test", mae=3.5 + i / 10)) for i in range(8)))
    html = class_page(result)
    mae = html[html.index("<h4>MAE</h4>"):]
    mae = mae[:mae.index("</figure>")]
    assert mae.count('class="bar"') == 10
    assert sum(map(int, re.findall(r'<rect class="bar"[^>]*><title>(\d+)</title>', mae))) == 8
    assert 'class="mark reference"' in mae and 'class="mark baseline"' in mae
    assert "8 learners, from 3.45 to 4.36." in mae


def test_the_class_counts_the_classic_mistakes_the_capstone_checks_recognised() -> None:
    def wrong(visibility: str) -> CheckResult:
        return CheckResult(
            f"test_rain_log_loss_on_the_{visibility}_set", "log loss", visibility,
            CheckStatus.FAILED, 0.0, 1.0,
            detail=Detail(function="fit_and_predict", misconceptions=(LABELS_AS_PROBABILITIES,)))

    result = klass(learner("dev", evaluation(), checks=(wrong("public"), wrong("hidden"))),
                   learner("eve", evaluation(), checks=(wrong("public"),)),
                   learner("ada", evaluation()))
    table = rows_of(class_page(result), "misconceptions")[0]
    assert table[1][0].startswith("labels returned as probabilities")
    assert table[1][1:4] == ["capstone", "fit_and_predict", "2"]


@pytest.mark.parametrize("damaged", [
    {"learner": {"knn": {"f1": "inf"}}},
    {"learner": {}, "best": {}},
    {"baseline": {}, "reference": {}},
    {"learner": {"linear_regression": {"mae": -1.7e308, "mse": 1e300, "r2": -1e308}},
     "baseline": {"mean rainfall tomorrow": {"mae": 1.7e308}}},
])
def test_a_damaged_evaluation_leaves_the_class_page_whole(damaged: dict) -> None:
    bad = Evaluation.from_dict({**evaluation("test").to_dict(), **damaged})
    html = class_page(klass(learner("ada", bad), learner("ben", evaluation("test"))))
    assert "ben" in html and not re.search(r"\b(nan|inf)\b", html, re.IGNORECASE)
    assert not re.search(r"\d{12}", html)  # no number in hundreds of digits
    assert not re.search(r"\d{12}", page(learner("ada", bad)))


# --- the shipped course's capstone ----------------------------------------------------------

def _shipped(path: str) -> object:
    import importlib.util

    from .conftest import ROOT

    spec = importlib.util.spec_from_file_location(f"shipped_{path.replace('/', '_')}", ROOT / path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.shipped_course
def test_the_reference_pipelines_page_shows_the_numbers_the_capstone_checks_hold() -> None:
    """The shipped reference, measured as the checks measure it, on the validation set: every
    number of its table is the REFERENCE the public checks state, and it reaches every band."""
    import numpy as np

    from grader.predictions.evaluate import evaluate

    checks: Any = _shipped("exercises/checks/test_capstone.py")
    reference: Any = _shipped("solutions/capstone.py")
    weather, validation = checks.WEATHER, checks.VALIDATION
    predicted = reference.fit_and_predict(weather.train, validation.features(weather), seed=0)
    measured = evaluate(weather, validation, {k: np.asarray(v) for k, v in predicted.items()})
    html = page(learner("ada", measured))
    regression, classification = rows_of(html, "comparison")
    yours = {row[0]: row[2:] for row in (*regression[1:], *classification[1:]) if row[1] == "yours"}
    for model, scores in checks.REFERENCE.items():
        assert [cell.rstrip(" ★") for cell in yours[model]] == [
            f"{value:.3f}" for value in scores.values()], model
    assert html.count("3/3 bands") == 7
    assert "<svg" in html and html.count("<circle") == validation.rows
