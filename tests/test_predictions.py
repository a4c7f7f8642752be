"""Grading a project by its predictions (grader.predictions): tables, bands, the project
fixture and the behaviour probes, with pipelines written here as plain functions."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from grader.checks.api import Call, CheckFailed, LearnerError, Measured
from grader.checks.disclosure import is_whole, shown
from grader.predictions import HeldOut, Pipeline, Project, TableError, Task, read_table
from grader.predictions.bands import bands_reached, progress
from grader.predictions.evaluate import baselines
from grader.predictions.metrics import (
    METRICS,
    classification_scores,
    confusion,
    regression_scores,
    roc,
)
from grader.predictions.probes import (
    deterministic,
    learns_from_training_rows_only,
    needs_no_target,
    predicts_rows_with_gaps,
)
from grader.reports.terminal import render_check_text
from grader.results import (
    CheckResult,
    CheckStatus,
    Evaluation,
    FeedbackRelease,
    LearnerResult,
    ModuleResult,
    ModuleStatus,
    Pending,
)
from grader.results.evaluation import MAX_POINTS
from grader.sandbox.outcomes import Raised, Returned

AMOUNT = Task("amount", "amount", "regression", ("line",))
WET = Task("wet", "wet", "classification", ("vote",), positive="Yes", smooth=("vote",))


def _table(rows: int, seed: int) -> dict:
    generator = np.random.default_rng(seed)
    x = generator.normal(size=rows)
    amount = np.maximum(3 * x + generator.normal(size=rows), 0.0)
    return {
        "x": x,
        "town": [["North", "South"][i % 2] for i in range(rows)],
        "amount": amount,
        "wet": ["Yes" if value > 1 else "No" for value in amount],
    }


TRAIN = _table(120, seed=1)
PIPELINE = Pipeline("fit_and_predict", TRAIN, (AMOUNT, WET))


def sound(train, test, seed=0):
    """A pipeline that learns from the training rows only: a line through the origin."""
    x, y = train["x"], train["amount"]
    slope = float(np.dot(x, y) / np.dot(x, x))
    mean, scale = float(np.nanmean(x)), float(np.nanstd(x))
    z = (np.nan_to_num(np.asarray(test["x"]), nan=mean) - mean) / scale
    return {"line": slope * (z * scale + mean), "vote": 1 / (1 + np.exp(-4 * (z * scale - 0.4)))}


def scaled_on_every_row(train, test, seed=0):
    """The classic mistake: the scale comes from the training and test rows together."""
    every = np.concatenate([train["x"], test["x"]])
    mean, scale = every.mean(), every.std()
    z = (np.asarray(test["x"]) - mean) / scale
    return {"line": 3 * z, "vote": 1 / (1 + np.exp(-z))}


def _reference_scores(held_out_table: dict) -> dict:
    predicted = sound(TRAIN, held_out_table)
    truth = {task.target: task.truth(held_out_table) for task in PIPELINE.tasks}
    return {
        "line": regression_scores(truth["amount"], predicted["line"]),
        "vote": classification_scores(truth["wet"], predicted["vote"]),
    }


VALIDATION_TABLE = _table(80, seed=2)
VALIDATION = HeldOut("validation", VALIDATION_TABLE, "public", _reference_scores(VALIDATION_TABLE))


class Learner:
    """A learner's module as a check sees it, running a plain function in this process."""

    def __init__(self, function) -> None:
        self.function = function
        self.sent: list[dict] = []  # the test tables each call was sent

    def _reused(self, call: Call) -> None:
        pass

    def __getattr__(self, name: str):
        if name.startswith("_"):
            raise AttributeError(name)

        def call(*args, **kwargs) -> Call:
            self.sent.append(args[1])
            try:
                outcome = Returned(self.function(*args, **kwargs))
            except Exception as error:  # noqa: BLE001 - a learner's function may raise anything
                outcome = Raised(type(error).__name__, str(error), "", None)
            return Call(name, ("train", "test", "seed"), args, kwargs, outcome)

        return call


def _project(function) -> tuple[Project, Learner]:
    learner = Learner(function)
    return Project(learner), learner


# Tables


def test_a_csv_file_becomes_numeric_columns_with_nan_and_text_columns_with_none(tmp_path):
    path = tmp_path / "days.csv"
    path.write_text("day,temp,events\n2016-01-01,41,\n2016-01-02,,Fog,Rain\n".replace(
        "Fog,Rain", '"Fog,Rain"'))
    table = read_table(path)
    assert table["day"] == ["2016-01-01", "2016-01-02"]
    assert table["temp"][0] == 41.0 and np.isnan(table["temp"][1])
    assert table["events"] == [None, "Fog,Rain"]


def test_a_line_with_a_value_too_many_is_named_with_its_number(tmp_path):
    path = tmp_path / "days.csv"
    path.write_text("day,temp\n2016-01-01,41\n2016-01-02,40,3\n")
    with pytest.raises(TableError, match=r"days.csv:3: 3 values for 2 columns"):
        read_table(path)


def test_a_missing_table_is_a_course_problem_naming_the_file(tmp_path):
    with pytest.raises(TableError, match="nothing.csv: cannot be read"):
        read_table(tmp_path / "nothing.csv")


# Bands


def test_progress_runs_from_the_baseline_to_the_reference_whichever_way_is_better():
    f1, mae = METRICS["f1"], METRICS["mae"]
    assert progress(0.3, baseline=0.0, reference=0.6, metric=f1) == pytest.approx(0.5)
    assert progress(3.0, baseline=4.0, reference=2.0, metric=mae) == pytest.approx(0.5)
    assert progress(5.0, baseline=4.0, reference=2.0, metric=mae) < 0


def test_each_band_reached_counts_and_the_reference_reaches_them_all():
    assert [bands_reached(share) for share in (0.1, 0.25, 0.6, 0.79, 0.8, 1.2)] == [
        0, 1, 2, 2, 3, 3,
    ]


def test_where_the_reference_is_no_better_than_the_baseline_matching_it_is_all_there_is():
    accuracy = METRICS["accuracy"]
    assert progress(0.80, baseline=0.8, reference=0.8, metric=accuracy) == 1.0
    assert progress(0.79, baseline=0.8, reference=0.8, metric=accuracy) == 0.0


# The project fixture


def test_the_pipeline_is_called_once_for_every_check_of_a_held_out_set():
    project, learner = _project(sound)
    for metric in ("mae", "f1", "log_loss"):
        project.meets(PIPELINE, VALIDATION, metric)
    assert len(learner.sent) == 1


def test_the_targets_of_a_held_out_set_are_never_sent_to_the_learner():
    project, learner = _project(sound)
    project.meets(PIPELINE, VALIDATION, "r2")
    assert set(learner.sent[0]) == {"x", "town"}


def test_a_pipeline_as_good_as_the_reference_passes_every_metric_and_is_measured():
    project, _ = _project(sound)
    for metric in METRICS:
        project.meets(PIPELINE, VALIDATION, metric)
    evaluation = project.evaluations["validation"]
    assert evaluation.progress == pytest.approx(dict.fromkeys(METRICS, 1.0))
    assert evaluation.confusion is not None and evaluation.roc and evaluation.scatter


def test_a_pipeline_part_of_the_way_from_the_baseline_earns_the_bands_it_reached():
    base = baselines(PIPELINE, VALIDATION)["mean amount"]["mse"]
    got = VALIDATION.reference["line"]["mse"]  # what `sound` scores
    # A reference so much better that `sound` went 60 % of the way to it.
    better = {**VALIDATION.reference, "line": {"mse": base - (base - got) / 0.6}}
    held_out = HeldOut("validation", VALIDATION_TABLE, "public", better)
    project, _ = _project(sound)
    with pytest.raises(Measured) as failed:
        project.meets(PIPELINE, held_out, "mse")
    assert project.evaluations["validation"].progress["mse"] == pytest.approx(0.6)
    assert failed.value.earned == pytest.approx(2 / 3)
    assert "60% of the way" in failed.value.reason and "2 of 3 bands" in failed.value.reason
    assert "the next band needs" in failed.value.reason


def test_a_baseline_pipeline_earns_nothing_and_is_named_for_what_it_predicts():
    def baseline(train, test, seed=0):
        rows = len(test["x"])
        return {"line": np.full(rows, np.mean(train["amount"])), "vote": np.full(rows, 0.2)}

    project, _ = _project(baseline)
    with pytest.raises(Measured) as regression:
        project.meets(PIPELINE, VALIDATION, "mae")
    with pytest.raises(Measured) as classification:
        project.meets(PIPELINE, VALIDATION, "f1")
    assert regression.value.earned == 0 and classification.value.earned == 0
    assert regression.value.mistake.id == "constant_regression"
    assert classification.value.mistake.id == "majority_class_only"


def test_labels_returned_as_probabilities_are_named_on_the_log_loss():
    def labels(train, test, seed=0):
        predicted = sound(train, test)
        return {"line": predicted["line"], "vote": (predicted["vote"] > 0.5).astype(float)}

    project, _ = _project(labels)
    with pytest.raises(Measured) as failed:
        project.meets(PIPELINE, VALIDATION, "log_loss")
    assert failed.value.mistake.id == "labels_as_probabilities"


@pytest.mark.parametrize(
    ("answer", "reason"),
    [
        (lambda rows: [1.0] * rows, "did not return a dict"),
        (lambda rows: {"line": np.zeros(rows)}, "has no predictions for 'vote'"),
        (lambda rows: {"line": np.zeros(rows), "vote": np.full(rows, 2.0)}, "not probabilities"),
        (lambda rows: {"line": np.full(rows, np.nan), "vote": np.zeros(rows)}, "NaN"),
    ],
)
def test_predictions_of_the_wrong_form_fail_saying_what_is_wrong(answer, reason):
    project, _ = _project(lambda train, test, seed=0: answer(len(test["x"])))
    with pytest.raises(CheckFailed, match=reason):
        project.predictions(PIPELINE, VALIDATION)


def test_fewer_predictions_than_rows_is_named_as_rows_dropped():
    def drops(train, test, seed=0):
        return {model: values[:-3] for model, values in sound(train, test).items()}

    project, _ = _project(drops)
    with pytest.raises(CheckFailed, match="77 predictions of 'line' for 80 rows") as failed:
        project.predictions(PIPELINE, VALIDATION)
    assert failed.value.mistake.id == "test_rows_dropped"


def test_the_baselines_are_the_training_mean_and_the_training_share_of_the_positive_class():
    found = baselines(PIPELINE, VALIDATION)
    truth = AMOUNT.truth(VALIDATION_TABLE)
    expected = regression_scores(truth, np.full(80, np.mean(TRAIN["amount"])))
    assert found["mean amount"] == pytest.approx(expected)
    assert found["majority class"]["f1"] == 0.0  # the share of wet days is under a half


# Probes


def test_a_pipeline_that_learns_from_the_training_rows_only_passes_every_probe():
    project, _ = _project(sound)
    for probe in (
        learns_from_training_rows_only,
        deterministic,
        predicts_rows_with_gaps,
        needs_no_target,
    ):
        probe(project, PIPELINE, VALIDATION)


def test_scaling_fitted_on_the_rows_to_predict_is_named():
    project, _ = _project(scaled_on_every_row)
    with pytest.raises(CheckFailed, match="differently on their own") as failed:
        learns_from_training_rows_only(project, PIPELINE, VALIDATION)
    assert failed.value.mistake.id == "fitted_on_test_rows"


def test_a_pipeline_that_ignores_its_seed_is_named():
    def unseeded(train, test, seed=0):
        predicted = sound(train, test)
        noise = np.random.default_rng().normal(scale=0.01, size=len(test["x"]))
        return {"line": predicted["line"] + noise, "vote": predicted["vote"]}

    project, _ = _project(unseeded)
    with pytest.raises(CheckFailed, match="differently when called again") as failed:
        deterministic(project, PIPELINE, VALIDATION)
    assert failed.value.mistake.id == "not_seeded"


def test_a_pipeline_that_crashes_on_a_missing_value_fails_the_gaps_probe():
    def strict(train, test, seed=0):
        if np.isnan(test["x"]).any():
            raise ValueError("Input X contains NaN.")
        return sound(train, test)

    project, _ = _project(strict)
    with pytest.raises(LearnerError, match="contains NaN"):
        predicts_rows_with_gaps(project, PIPELINE, VALIDATION)


def test_a_pipeline_that_needs_its_own_target_is_told_it_forgot_to_drop_it():
    def keeps_wet(train, test, seed=0):
        test["wet"]  # noqa: B018 - a feature it was trained with
        return sound(train, test)

    project, learner = _project(keeps_wet)
    with pytest.raises(CheckFailed, match="hold wet") as failed:
        needs_no_target(project, PIPELINE, VALIDATION)
    assert failed.value.mistake.id == "target_as_feature"
    decoys = [sent["wet"] for sent in learner.sent if "wet" in sent]
    assert decoys and all(set(column) == {TRAIN["wet"][0]} for column in decoys)


def test_a_classifier_that_needs_the_other_target_is_told_it_leaks():
    def uses_amount(train, test, seed=0):
        np.asarray(test["amount"])
        return sound(train, test)

    project, _ = _project(uses_amount)
    with pytest.raises(CheckFailed, match="hold amount") as failed:
        needs_no_target(project, PIPELINE, VALIDATION)
    assert failed.value.mistake.id == "target_leaks_through_column"


def test_a_pipeline_that_fails_with_or_without_targets_keeps_its_own_error():
    def broken(train, test, seed=0):
        raise RuntimeError("my bug")

    project, _ = _project(broken)
    with pytest.raises(LearnerError, match="my bug"):
        needs_no_target(project, PIPELINE, VALIDATION)


@pytest.mark.shipped_course
def test_the_shipped_tables_read_with_the_columns_the_stub_promises():
    data = Path(__file__).resolve().parent.parent / "exercises" / "data" / "weather"
    table = read_table(data / "train.csv")
    assert isinstance(table["avg_temp"], np.ndarray) and isinstance(table["city"], list)
    assert {"rainfall_tomorrow", "rain_tomorrow"} <= set(table)


# The evaluation in the results


def _evaluation(visibility: str = "public") -> Evaluation:
    project, _ = _project(sound)
    held_out = HeldOut("test" if visibility == "hidden" else "validation", VALIDATION_TABLE,
                       visibility, VALIDATION.reference)
    project.predictions(PIPELINE, held_out)
    return project.evaluations[held_out.name]


def test_an_evaluation_survives_results_json_as_it_was():
    evaluation = _evaluation()
    assert Evaluation.from_dict(json.loads(json.dumps(evaluation.to_dict()))) == evaluation


def test_an_evaluation_of_the_private_set_draws_no_chart_of_its_targets():
    evaluation = _evaluation("hidden")
    assert evaluation.learner and not evaluation.charted


def test_a_damaged_evaluation_in_results_json_cannot_make_a_report_draw_without_end():
    data = _evaluation().to_dict() | {"roc": [[0.5, 0.5]] * 50_000, "rows": 80}
    assert len(Evaluation.from_dict(data).roc) == MAX_POINTS


def test_before_release_a_learner_sees_the_validation_evaluation_and_not_the_private_one():
    module = ModuleResult(
        "capstone", "capstone.py", ModuleStatus.GRADED,
        checks=(CheckResult("test_f1", "F1", "hidden", CheckStatus.PASSED, 3.0, 3.0),),
        max_score=3.0, evaluations=(_evaluation(), _evaluation("hidden")),
    )
    learner = LearnerResult("ada", (module,))
    held = FeedbackRelease((Pending("capstone", "manual"),)).shown(learner)
    assert [e.dataset for e in held.modules[0].evaluations] == ["validation"]
    released = FeedbackRelease().shown(learner)
    assert [e.dataset for e in released.modules[0].evaluations] == ["validation", "test"]


def test_a_table_in_a_call_line_is_told_by_its_size_and_columns_never_its_values():
    text = shown(VALIDATION.features(PIPELINE))
    assert text == "<table of 80 rows × 2 columns: x, town>"
    assert not is_whole(VALIDATION.features(PIPELINE))


def test_the_self_check_prints_the_models_beside_the_reference_and_the_baseline():
    evaluation = _evaluation()
    evaluation = Evaluation.from_dict(evaluation.to_dict() | {
        "learner": {"line": {"mae": float("nan"), "mse": 1.0, "r2": 0.5},
                    "vote": evaluation.learner["vote"]},
    })
    module = ModuleResult("capstone", "capstone.py", ModuleStatus.GRADED, max_score=1.0,
                          evaluations=(evaluation,))
    text = render_check_text(module)
    assert "Your models on the validation set (80 rows)" in text
    line = next(row for row in text.splitlines() if row.strip().startswith("line"))
    assert line.split()[1:] == ["—", "1.000*", "0.500*"]
    assert any(row.strip().startswith("baseline: majority class") for row in text.splitlines())


@pytest.mark.parametrize(
    "damage",
    [{"rows": "x"}, {"confusion": [[1]]}, {"roc": [[0.1], "x", [0.2, 0.3]]},
     {"learner": {"line": {"mae": "a lot"}}}, {"roc_auc": "high"}],
)
def test_a_hand_edited_evaluation_is_read_as_far_as_it_can_be(damage):
    data = _evaluation().to_dict() | damage
    read = Evaluation.read(data)
    assert read is not None and read.dataset == "validation"


def test_an_evaluation_that_is_no_record_at_all_leaves_the_rest_of_the_result_readable():
    module = ModuleResult("capstone", "capstone.py", ModuleStatus.GRADED, max_score=1.0,
                          evaluations=(_evaluation(),))
    data = module.to_dict() | {"evaluations": [7, {"learner": 3}, _evaluation().to_dict()]}
    assert len(ModuleResult.from_dict(data).evaluations) == 2


# The metrics, held to scikit-learn's


def _classifications():
    generator = np.random.default_rng(7)
    for rows in (1, 2, 5, 40, 300):
        actual = generator.integers(0, 2, rows)
        yield actual, generator.random(rows)
        yield actual, np.round(generator.random(rows), 1)  # ties among the scores
        yield actual, (generator.random(rows) > 0.5).astype(float)  # labels as probabilities
    yield np.zeros(6, int), np.zeros(6)  # never rain, never predicted: a zero division
    yield np.array([1, 0, 1, 1]), np.array([0.5, 0.5, 0.5, 1.0])  # 0.5 is no rain


@pytest.mark.parametrize(("actual", "probability"), list(_classifications()))
def test_the_classification_metrics_are_scikit_learns(actual, probability):
    from sklearn import metrics

    predicted = (probability > 0.5).astype(int)
    expected = {
        "accuracy": metrics.accuracy_score(actual, predicted),
        "jaccard": metrics.jaccard_score(actual, predicted, zero_division=0.0),
        "f1": metrics.f1_score(actual, predicted, zero_division=0.0),
        "log_loss": metrics.log_loss(actual, y_proba=probability, labels=[0, 1]),
    }
    assert classification_scores(actual, probability) == pytest.approx(expected, rel=1e-12)
    assert confusion(actual, predicted) == tuple(
        map(tuple, metrics.confusion_matrix(actual, predicted, labels=[0, 1]).tolist()))
    if 0 < actual.sum() < actual.size:
        fpr, tpr, area = roc(actual, probability)
        their_fpr, their_tpr, _ = metrics.roc_curve(actual, probability, drop_intermediate=False)
        assert area == pytest.approx(metrics.roc_auc_score(actual, probability), rel=1e-12)
        assert np.allclose(fpr, their_fpr) and np.allclose(tpr, their_tpr)


def _regressions():
    generator = np.random.default_rng(8)
    for rows in (1, 3, 50):
        actual = generator.gamma(0.5, 4.0, rows)
        yield actual, actual + generator.normal(size=rows)
    yield np.full(4, 2.5), np.full(4, 2.5)  # constant targets, perfectly predicted
    yield np.full(4, 2.5), np.array([2.0, 2.5, 3.0, 2.5])  # constant targets, missed


@pytest.mark.parametrize(("actual", "predicted"), list(_regressions()))
def test_the_regression_metrics_are_scikit_learns(actual, predicted):
    from sklearn import metrics

    expected = {
        "mae": metrics.mean_absolute_error(actual, predicted),
        "mse": metrics.mean_squared_error(actual, predicted),
    }
    if actual.size > 1:
        expected["r2"] = metrics.r2_score(actual, predicted)
    found = regression_scores(actual, predicted)
    assert {k: found[k] for k in expected} == pytest.approx(expected, rel=1e-12)


def test_a_private_sets_evaluation_waits_for_the_release_even_in_a_module_without_hidden_checks():
    module = ModuleResult("capstone", "capstone.py", ModuleStatus.GRADED, max_score=0.0,
                          evaluations=(_evaluation(), _evaluation("hidden")))
    held = FeedbackRelease((Pending("capstone", "manual"),)).shown(LearnerResult("ada", (module,)))
    assert [e.dataset for e in held.modules[0].evaluations] == ["validation"]


def test_once_released_a_learner_sees_the_private_sets_scores_to_three_decimals_only():
    """Their last digits could spell out the targets to a pipeline built to probe them; the
    instructor keeps them whole."""
    hidden = _evaluation("hidden")
    module = ModuleResult("capstone", "capstone.py", ModuleStatus.GRADED, max_score=0.0,
                          evaluations=(_evaluation(), hidden))
    learner = LearnerResult("ada", (module,))
    shown = FeedbackRelease().shown(learner).modules[0].evaluations
    scores = [v for e in shown if e.visibility == "hidden"
              for values in (*e.learner.values(), *e.reference.values(), e.progress)
              for v in values.values()]
    assert scores and all(v == round(v, 3) for v in scores)
    assert shown[0] == module.evaluations[0]  # the validation set's, the learner's to see whole
    assert FeedbackRelease().marked(learner).modules[0].evaluations[1] == hidden
