"""The shipped capstone holds together: the scores its checks state are the reference's, the
reference beats the naive baselines (else the bands mean nothing), the three tables are the
script's seeded split of the same days, and nothing of the private test set reaches learners.

A test of the shipped course (exercises/, solutions/), not of the grader: it reads ROOT."""

from __future__ import annotations

import datetime
import importlib.util
import os
import re
import subprocess
import sys
import zipfile
from functools import cache
from pathlib import Path
from types import ModuleType

import numpy as np
import pytest

from grader.course import load_course
from grader.predictions import METRICS, HeldOut, Pipeline, read_table
from grader.predictions.evaluate import baselines, best_score
from grader.predictions.metrics import scores
from grader.release import release_course

from .conftest import ROOT

pytestmark = pytest.mark.shipped_course

PUBLIC = ROOT / "exercises" / "data" / "weather"
PRIVATE = ROOT / "solutions" / "data" / "weather_test.csv"
CHECK_FILES = {
    "validation": (ROOT / "exercises" / "checks" / "test_capstone.py", "VALIDATION"),
    "test": (ROOT / "solutions" / "checks" / "test_capstone_hidden.py", "TEST"),
}
CITIES = ("Beijing", "Chicago", "Mumbai", "San Diego")


def load(path: Path, name: str) -> ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@cache
def held_out(name: str) -> tuple[Pipeline, HeldOut]:
    """The pipeline and held-out set as the check file that grades on it builds them."""
    path, attribute = CHECK_FILES[name]
    checks = load(path, f"_capstone_checks_{name}")
    return checks.WEATHER, getattr(checks, attribute)


@cache
def reference_scores(name: str) -> dict[str, dict[str, float]]:
    """The reference pipeline's scores on a held-out set, recomputed as the grader measures."""
    pipeline, held = held_out(name)
    reference = load(ROOT / "solutions" / "capstone.py", "_capstone_reference")
    predicted = reference.fit_and_predict(
        pipeline.train, held.features(pipeline), seed=pipeline.seed
    )
    return {
        model: scores(task.kind, task.truth(held.table), predicted[model])
        for task in pipeline.tasks
        for model in task.models
    }


def day_keys(table: dict) -> list[tuple[str, str]]:
    return list(zip(table["city"], table["date"], strict=True))


def tables() -> dict[str, dict]:
    return {
        "train": read_table(PUBLIC / "train.csv"),
        "validation": read_table(PUBLIC / "validation.csv"),
        "test": read_table(PRIVATE),
    }


def exercise_files() -> list[Path]:
    found = (ROOT / "exercises").rglob("*")
    return [p for p in found if p.is_file() and "__pycache__" not in p.parts]


@pytest.mark.parametrize("name", CHECK_FILES)
def test_the_reference_scores_a_check_file_states_are_the_reference_pipelines(name):
    stated = held_out(name)[1].reference
    recomputed = reference_scores(name)
    assert set(stated) == set(recomputed)
    for model, metrics in recomputed.items():
        assert set(stated[model]) == set(metrics), model
        for metric, value in metrics.items():
            assert stated[model][metric] == pytest.approx(value, abs=1e-9), (model, metric)


@pytest.mark.parametrize("name", CHECK_FILES)
def test_the_reference_beats_each_naive_baseline_on_every_metric(name):
    pipeline, held = held_out(name)
    naive = baselines(pipeline, held)
    reference = reference_scores(name)
    for metric in ("mae", "mse", "r2", "accuracy", "jaccard", "f1", "log_loss"):
        best = best_score(reference, metric)
        floor = best_score(naive, metric)
        assert METRICS[metric].better(best, floor), (metric, best, floor)


def test_the_three_tables_are_the_scripts_seeded_split_of_pairs_of_days():
    found = tables()
    keys = {name: day_keys(table) for name, table in found.items()}
    assert [len(keys[name]) for name in found] == [1606, 584, 365]
    days = {name: set(k) for name, k in keys.items()}
    assert not days["train"] & days["validation"]
    assert not days["train"] & days["test"]
    assert not days["validation"] & days["test"]
    first, last = datetime.date(2016, 1, 1), datetime.date(2017, 12, 30)
    every = sorted(
        (city, (first + datetime.timedelta(n)).isoformat())
        for city in CITIES
        for n in range((last - first).days + 1)
    )
    # the split itself: make_weather.py's seeded permutation of each city's pairs of days;
    # a test pair gives its first day, and its second is in no table
    pairs = [(every[i], every[i + 1]) for i in range(0, len(every), 2)]
    script = load(ROOT / "solutions" / "data" / "make_weather.py", "_make_weather")
    order = np.random.default_rng(script.SEED).permutation(len(pairs))
    tested, validated = int(0.25 * len(pairs)), int(0.45 * len(pairs))
    expected = {
        "train": sorted(day for p in order[validated:] for day in pairs[p]),
        "validation": sorted(day for p in order[tested:validated] for day in pairs[p]),
        "test": sorted(pairs[p][0] for p in order[:tested]),
    }
    for name in found:
        assert keys[name] == expected[name], name


def test_no_test_days_answer_is_in_any_table():
    """A day's targets are its next day's `rainfall` and `rain_today`: the next day of a test
    day is in no table, learners' or the test's own."""
    found = tables()
    held = set().union(*(day_keys(table) for table in found.values()))
    for city, date in day_keys(found["test"]):
        tomorrow = str(datetime.date.fromisoformat(date) + datetime.timedelta(1))
        assert (city, tomorrow) not in held, (city, date)


def test_each_days_targets_are_its_next_days_rainfall_and_rain():
    """Checked wherever the next day is a row too (not a test day's, nor each city's last)."""
    rainfall, rain = {}, {}
    for table in tables().values():
        for i, key in enumerate(day_keys(table)):
            rainfall[key] = table["rainfall"][i]
            rain[key] = table["rain_today"][i]
    for table in tables().values():
        for i, (city, date) in enumerate(day_keys(table)):
            tomorrow = (city, str(datetime.date.fromisoformat(date) + datetime.timedelta(1)))
            if tomorrow not in rainfall:  # a test day's next day, in no table; or the last
                continue
            assert table["rainfall_tomorrow"][i] == rainfall[tomorrow], (city, date)
            assert table["rain_tomorrow"][i] == rain[tomorrow], (city, date)
            assert table["rain_tomorrow"][i] == ("Yes" if rainfall[tomorrow] >= 0.254 else "No")


def test_the_test_table_never_appears_under_exercises():
    private = PRIVATE.read_bytes()
    for path in exercise_files():
        assert path.name != PRIVATE.name, path
        assert path.read_bytes() != private, path


def private_leaks(files: dict[str, str]) -> list[tuple[str, str]]:
    """Where the texts hold a row of the test table, or its targets in a row's order."""
    test = read_table(PRIVATE)
    lines = PRIVATE.read_text().splitlines()[1:]
    targets = np.asarray(test["rainfall_tomorrow"], dtype=float)
    rains = "".join("1" if value == "Yes" else "0" for value in test["rain_tomorrow"])
    leaks = []
    for name, text in files.items():
        leaks += [(name, line) for line in lines if line in text]
        numbers = np.array([float(n) for n in re.findall(r"-?\d+(?:\.\d+)?(?:e-?\d+)?", text)])
        if len(numbers) >= len(targets):  # the rainfall targets as a run of numbers
            runs = np.lib.stride_tricks.sliding_window_view(numbers, len(targets))
            if np.any(np.all(np.isclose(runs, targets, atol=1e-6), axis=1)):
                leaks.append((name, "rainfall_tomorrow"))
        words = "".join("1" if w == "Yes" else "0" for w in re.findall(r"\b(?:Yes|No)\b", text))
        if rains in words or rains in re.sub(r"[^01]", "", text):
            leaks.append((name, "rain_tomorrow"))
    return leaks


def test_no_file_learners_receive_holds_the_test_tables_rows_or_targets():
    files = {
        str(path.relative_to(ROOT)): path.read_bytes().decode("utf-8", "replace")
        for path in exercise_files()
    }
    assert not private_leaks(files)


def test_the_leak_scan_finds_the_targets_wherever_they_are_written():
    test = read_table(PRIVATE)
    as_json = str([float(v) for v in test["rainfall_tomorrow"]])
    as_labels = "\n".join(test["rain_tomorrow"])
    a_row = PRIVATE.read_text().splitlines()[7]
    found = private_leaks({"json": as_json, "labels": as_labels, "row": f"notes\n{a_row}\n"})
    assert [name for name, _ in found] == ["json", "labels", "row"]


@pytest.fixture(scope="module")
def released(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("capstone") / "out"
    released = release_course(course=load_course(ROOT), out=out)
    unzipped = out.parent / "unzipped"
    with zipfile.ZipFile(released.zip) as archive:
        archive.extractall(unzipped)
    return unzipped


def test_the_release_carries_the_public_tables_and_their_card_and_nothing_private(released):
    data = released / "exercises" / "data"
    assert sorted(p.relative_to(data).as_posix() for p in data.rglob("*") if p.is_file()) == [
        "weather/README.md", "weather/train.csv", "weather/validation.csv"]
    for name in ("README.md", "train.csv", "validation.csv"):
        assert (data / "weather" / name).read_bytes() == (PUBLIC / name).read_bytes()
    files = {
        str(p.relative_to(released)): p.read_bytes().decode("utf-8", "replace")
        for p in released.rglob("*")
        if p.is_file()
    }
    assert not private_leaks(files)
    assert "weather_test" not in " ".join(files)


def test_the_released_checks_read_their_tables_from_the_unzipped_bundle(released):
    checks = load(released / "exercises" / "checks" / "test_capstone.py", "_released_checks")
    assert (released / "exercises" / "data" / "weather").resolve() == checks.DATA
    assert checks.VALIDATION.rows == 584 and len(checks.WEATHER.train["city"]) == 1606


def test_grader_check_in_the_unzipped_bundle_grades_the_stub_as_not_implemented(released):
    """The course loads there, data and all: the stub's checks run and fail, no course error."""
    env = {k: v for k, v in os.environ.items() if k != "GRADER_COURSE"}  # as a learner runs it
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [sys.executable, "-m", "grader", "check", "capstone.py"],
        cwd=released / "exercises",
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 1, done.stdout + done.stderr
    assert "capstone.py: 0/16 points" in done.stdout
    assert "not implemented" in done.stdout.lower()
