"""A learner's fault is the learner's, and feedback never discloses what the hidden-input rule
withholds: learner files returning odd values, and learner files (tests/hostile/verdicts/)
that try every channel a learner reads to get withheld inputs and expected answers back."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from grader.checks.api import check
from grader.checks.collect import CheckSpec, load_trusted_module
from grader.checks.compare import compare, matches
from grader.checks.disclosure import OUTPUT_CUT, WITHHELD
from grader.checks.run import ModuleChecks, module_checks, run_checks
from grader.cli import main
from grader.course import load_course
from grader.results import CheckStatus, ModuleResult
from grader.testing import score

from .conftest import COURSE as COURSE_ROOT
from .conftest import reference

COURSE = load_course(COURSE_ROOT)
VERDICTS = Path(__file__).resolve().parent / "hostile" / "verdicts"
NOT_YOURS = "This check itself failed"


def every_function(module: str, returns: str, *, before: str = "") -> str:
    """A learner file whose every graded function returns the expression `returns`."""
    names = COURSE.module(module).functions
    return ("import numpy as np\nimport fractions, decimal\n" + before
            + "".join(f"def {name}(*args, **kwargs):\n    return {returns}\n" for name in names))


def learners_fault(result: ModuleResult) -> None:
    """Every check of the file passed or is the learner's own failure, told in words."""
    for one in result.checks:
        assert not one.grader_error, (one.id, one.internal_error)
        assert one.passed or (one.feedback and NOT_YOURS not in one.feedback), one.id


# --- 3. a learner's fault is the learner's ---------------------------------------------------

@pytest.mark.parametrize("module", ["regression", "classification"])
@pytest.mark.parametrize("number", ["10**400", "-10**400", "10**5000"])
def test_a_number_no_float_can_hold_fails_each_check_saying_so(module, number):
    result = score(module, every_function(module, number)).result
    learners_fault(result)
    assert all(not c.passed for c in result.checks)
    assert all("larger than any float" in c.feedback or "too large for a float" in c.feedback
               for c in result.checks if c.visibility == "public")


@pytest.mark.parametrize("got, expected", [
    (10**400, 1.0), (-10**400, 3), (2**1100, np.float64(2.0)), (10**4000, np.array(1.0)),
    ((10**400, [1.0]), (1.0, np.array([1.0]))),
])
def test_an_answer_that_reaches_the_grader_unencoded_is_a_mismatch_never_a_raise(got, expected):
    # What a forged reply frame can hold: JSON ints of up to 4300 digits, lists of anything.
    for exact in (False, True):
        mismatch = compare(got, expected, exact=exact)
        assert mismatch is not None and "larger than any float" in mismatch.reason
        assert not matches(got, expected, exact=exact)


Y_TRUE = np.array([3.0, -0.5, 2.0, 7.0])
Y_PRED = np.array([2.5, 0.0, 2.0, 8.0])


@check()
def reads_the_answer_itself(learner):
    """The answer, read by the check's own code"""
    value = learner.mean_squared_error(Y_TRUE, Y_PRED).value
    assert abs(float(np.asarray(value, dtype=float).sum()) - 0.375) < 1e-9


@check()
def unpacks_labels_and_centroids(learner):
    """Labels and centroids, taken apart by the check"""
    labels, centroids = learner.kmeans_step(np.array([[0.0], [1.0]]), np.array([[0.0]])).value
    assert list(labels) == [0, 0] and float(np.asarray(centroids).sum()) == 0.5


def spec(function, visibility: str = "public") -> CheckSpec:
    return CheckSpec(function.__name__, function.__name__, 1.0, "", visibility, function,
                     ("learner",))


def one_check(module: str, function, *, hidden: bool) -> ModuleChecks:
    checks = module_checks(COURSE.module(module), hidden=hidden)
    return replace(checks, checks=(spec(function),))


ODD_ANSWERS = {
    "an int beyond every float": "10**400",
    "ints beyond every float in a list": "[1, 10**400]",
    "infinity": "float('inf')",
    "NaN in an array": "np.array([np.nan, 0.375])",
    "a complex number": "1 + 2j",
    "a ragged nested list": "[[0.375], [0.0, 0.0]]",
    "a very deep nesting": "deep()",
    "a text": "'about 0.375'",
    "None": "None",
    "bytes": "b'about 0.375'",
    "a dict": "{'mse': 0.375}",
    "an object": "object()",
    "an array of objects": "np.array([object(), object()])",
}
DEEP = ("def deep():\n    nested = 0.375\n    for _ in range(200):\n        nested = [nested]\n"
        "    return nested\n")


@pytest.mark.parametrize("hidden", [False, True], ids=["self-check", "graded"])
@pytest.mark.parametrize("answer", ODD_ANSWERS.values(), ids=ODD_ANSWERS.keys())
def test_an_odd_answer_a_checks_own_code_chokes_on_is_that_checks_failure(answer, hidden):
    checks = one_check("regression", reads_the_answer_itself, hidden=hidden)
    result = run_checks(checks, every_function("regression", answer, before=DEEP),
                        "regression.py", limits=COURSE.limits)
    learners_fault(result)
    (only,) = result.checks
    assert only.status is CheckStatus.FAILED and "could not use" in only.feedback


@pytest.mark.parametrize("answer", ["(1.0, 2.0, 3.0)", "(np.array([0, 0]),)", "[0, 0, 0]", "0.5"])
def test_a_tuple_of_the_wrong_length_is_the_learners_failure_where_the_reference_fits(answer):
    checks = one_check("clustering", unpacks_labels_and_centroids, hidden=True)
    result = run_checks(checks, every_function("clustering", answer), "clustering.py",
                        limits=COURSE.limits)
    learners_fault(result)
    assert result.checks[0].status is CheckStatus.FAILED


@check()
def breaks_on_every_answer(learner):
    """A check with a bug of its own"""
    learner.mean_squared_error(Y_TRUE, Y_PRED).value.no_such_attribute  # noqa: B018


@pytest.mark.parametrize("answer", ["0.375", "None"])
def test_a_check_that_breaks_on_the_references_answer_too_stays_the_graders_error(answer):
    checks = one_check("regression", breaks_on_every_answer, hidden=True)
    result = run_checks(checks, every_function("regression", answer), "regression.py",
                        limits=COURSE.limits)
    assert result.checks[0].grader_error


REAL_NUMBERS = {
    "Fraction": "lambda x: fractions.Fraction(x)",
    "Decimal": "lambda x: decimal.Decimal(repr(x))",
}


def as_other_reals(module: str, real: str) -> str:
    """The reference solution, its every number turned into another real number type: plain
    numbers themselves, lists of them for arrays (an array of objects for a table), tuples
    part by part."""
    return reference(module) + f'''

import decimal
import fractions
import types as _types

import numpy as np

_real = {real}


def _convert(value):
    if isinstance(value, tuple):
        return tuple(_convert(part) for part in value)
    array = np.asarray(value)
    if array.ndim == 0:
        return _real(array.item())
    if array.ndim == 2:
        return np.array([[_real(v) for v in row] for row in array.tolist()], dtype=object)
    return [_real(v) for v in array.tolist()]


def _wrapped(function):
    def answer(*args, **kwargs):
        return _convert(function(*args, **kwargs))
    return answer


_plain = dict(globals())  # what the reference's functions call among themselves: the originals
for _name, _function in list(_plain.items()):
    if isinstance(_function, _types.FunctionType) and not _name.startswith("_"):
        globals()[_name] = _wrapped(_types.FunctionType(
            _function.__code__, _plain, _name, _function.__defaults__, _function.__closure__))
'''


@pytest.mark.parametrize("module", ["regression", "optimization", "clustering"])
@pytest.mark.parametrize("real", REAL_NUMBERS.values(), ids=REAL_NUMBERS.keys())
def test_right_answers_as_fractions_or_decimals_earn_every_point(module, real):
    result = score(module, as_other_reals(module, real)).result
    assert result.score == result.max_score, [c.feedback for c in result.checks if not c.passed]


@pytest.fixture(scope="module")
def huge_class(tmp_path_factory) -> tuple[subprocess.CompletedProcess[str], Path]:
    folder = tmp_path_factory.mktemp("huge")
    for learner, number in (("hugo", "10**400"), ("nora", "-10**400"), ("max", "10**5000")):
        (folder / "class" / learner).mkdir(parents=True)
        for module in ("regression", "classification"):
            (folder / "class" / learner / f"{module}.py").write_text(every_function(module, number))
    done = subprocess.run([sys.executable, "-m", "grader", "grade", folder / "class", "--out",
                           folder / "out", "--jobs", "2"], cwd=COURSE_ROOT, capture_output=True,
                          text=True, timeout=600)
    return done, folder / "out"


def test_grading_a_class_that_returns_ints_beyond_every_float_exits_0(huge_class):
    done, out = huge_class
    assert done.returncode == 0, done.stderr
    assert '"grader_error"' not in (out / "results.json").read_text()


# --- 4. feedback never discloses what the rule withholds -------------------------------------

TEN_TRUE, TEN_PRED = np.arange(10.0), np.arange(10.0) + 1.0


@check()
def mse_of_ten_predictions(learner):
    """MSE of ten predictions (public, shown whole, large enough to make smaller)"""
    learner.mean_squared_error(TEN_TRUE, TEN_PRED).should_be_close(1.0)


@check()
def mse_of_fifty_predictions(learner, reference):
    """MSE of fifty predictions (hidden, withheld)"""
    y_true, y_pred = np.arange(50.0), np.arange(50.0) * 2
    learner.mean_squared_error(y_true, y_pred).should_be_close(
        reference.mean_squared_error(y_true, y_pred))


def test_a_function_that_hangs_while_a_smaller_input_is_sought_is_still_called_by_later_checks():
    # The search for a smaller failing input now runs before the checks that send withheld
    # inputs: what it costs must change none of their scores.
    checks = replace(module_checks(COURSE.module("regression"), hidden=True), checks=(
        spec(mse_of_ten_predictions), replace(spec(mse_of_fifty_predictions, "hidden"),
                                              fixtures=("learner", "reference"))))
    source = ("import time\nimport numpy as np\n"
              "def mean_squared_error(y_true, y_pred):\n"
              "    if len(y_true) < 10:\n        time.sleep(60)\n"
              "    errors = np.mean((np.asarray(y_true) - np.asarray(y_pred)) ** 2)\n"
              "    return float(errors if len(y_true) == 50 else 2 * errors)\n")
    result = run_checks(checks, source, "regression.py",
                        limits=COURSE.limits.but(call_timeout=0.5))
    ten, fifty = result.checks
    assert ten.status is CheckStatus.FAILED and fifty.status is CheckStatus.PASSED

HIDDEN = load_trusted_module(COURSE_ROOT / "solutions/checks/test_regression_hidden.py",
                             "test_verdicts_regression_hidden")
REFERENCE = load_trusted_module(COURSE_ROOT / "solutions/regression.py",
                                "test_verdicts_reference")
WITHHELD_INPUTS = [*HIDDEN.RANDOM_TRUE[3:], *HIDDEN.RANDOM_PRED[3:]]  # the rule shows 3 of each
EXPECTED = [REFERENCE.mean_squared_error(HIDDEN.RANDOM_TRUE, HIDDEN.RANDOM_PRED),
            REFERENCE.r2_score(HIDDEN.RANDOM_TRUE, HIDDEN.RANDOM_PRED)]
# What a learner would work the expected answers out from: ratios and differences to answers
# of theirs (1.0, 0.0, the sign flipped).
DERIVED = [*EXPECTED, *(1 / e for e in EXPECTED), *(-e for e in EXPECTED),
           *(1 - e for e in EXPECTED), *(e - 1 for e in EXPECTED)]
ATTACKS = sorted(path.stem for path in VERDICTS.glob("*.py"))
# Those that try to get values out as text (the exit code, a small number, has a test of its own)
TEXT_ATTACKS = [attack for attack in ATTACKS if attack != "exit_with_an_input"]


def needles(values) -> set[str]:
    """Each value as the grader's own texts print it (6 significant digits) and as a learner
    would (repr), cut so that a longer rendering of the same value still holds it."""
    return {text for v in values for text in (f"{float(v):.6g}", repr(float(v))[:8])}


def leaks(text: str) -> set[str]:
    return {needle for needle in needles([*WITHHELD_INPUTS, *DERIVED]) if needle in text}


@pytest.fixture(scope="module")
def attacked(tmp_path_factory) -> tuple[subprocess.CompletedProcess[str], Path]:
    """The hostile files graded as a class, one learner each, as a real `grader grade`."""
    folder = tmp_path_factory.mktemp("verdicts")
    for attack in ATTACKS:
        (folder / "class" / attack).mkdir(parents=True)
        (folder / "class" / attack / "regression.py").write_text(
            (VERDICTS / f"{attack}.py").read_text())
    done = subprocess.run([sys.executable, "-m", "grader", "grade", folder / "class", "--out",
                           folder / "out", "--jobs", "2"], cwd=COURSE_ROOT, capture_output=True,
                          text=True, timeout=600)
    return done, folder / "out"


def learner_entry(out: Path, learner: str) -> dict:
    for line in (out / "results.json").read_text().splitlines():
        if line.startswith('{"learner": ' + json.dumps(learner)):
            return json.loads(line.rstrip(","))
    raise KeyError(learner)


def test_every_attack_is_graded_as_the_learners_own_failure_and_the_run_exits_0(attacked):
    done, out = attacked
    assert done.returncode == 0, done.stderr
    for attack in ATTACKS:
        for one in learner_entry(out, attack)["modules"][0]["checks"]:
            assert "grader_error" not in one, (attack, one["id"])


@pytest.mark.parametrize("attack", TEXT_ATTACKS)
def test_no_withheld_input_or_expected_answer_reaches_results_json(attacked, attack):
    _, out = attacked
    assert not leaks(json.dumps(learner_entry(out, attack), ensure_ascii=False))


@pytest.mark.parametrize("attack", TEXT_ATTACKS)
def test_no_withheld_input_or_expected_answer_reaches_the_learners_report(attacked, attack):
    _, out = attacked
    assert not leaks((out / "learners" / f"{attack}.html").read_text())


def test_no_withheld_input_or_expected_answer_reaches_the_class_summary(attacked):
    _, out = attacked
    assert not leaks((out / "index.html").read_text() + (out / "grades.csv").read_text())


@pytest.mark.parametrize("format_", ["csv", "gradescope", "junit", "json"])
def test_no_withheld_input_or_expected_answer_reaches_any_export(attacked, format_, tmp_path):
    _, out = attacked
    target = tmp_path / "export"
    done = CliRunner().invoke(main, ["export", "--format", format_, "--db",
                                     str(out / "gradebook.sqlite"), "--out", str(target)],
                              catch_exceptions=False)
    assert done.exit_code == 0, done.output
    files = [target] if target.is_file() else sorted(p for p in target.rglob("*") if p.is_file())
    assert files and not leaks("".join(p.read_text() for p in files))


@pytest.mark.parametrize("format_", ["gradescope", "junit"])
def test_an_export_says_what_a_hidden_check_kept_back(attacked, format_, tmp_path):
    _, out = attacked
    target = tmp_path / "export"
    CliRunner().invoke(main, ["export", "--format", format_, "--db",
                              str(out / "gradebook.sqlite"), "--out", str(target),
                              "--learner", "ratio_from_a_constant_answer"],
                       catch_exceptions=False)
    files = [target] if target.is_file() else sorted(p for p in target.rglob("*") if p.is_file())
    text = "".join(p.read_text() for p in files)
    assert "hidden check: This is a hidden check whose inputs are too large" in text


def withheld_checks(out: Path, attack: str) -> list[dict]:
    checks = learner_entry(out, attack)["modules"][0]["checks"]
    return [c for c in checks if c["id"] in ("test_mse_of_fifty_random_predictions",
                                             "test_r2_of_fifty_random_predictions")]


@pytest.mark.parametrize("attack", ["ratio_from_a_constant_answer",
                                    "differences_from_a_zero_answer", "return_the_inputs"])
def test_a_wrong_answer_to_withheld_inputs_is_told_without_any_value_or_position(attacked,
                                                                                 attack):
    _, out = attacked
    for one in withheld_checks(out, attack):
        detail = one["detail"]
        assert one["status"] == "failed" and detail["withheld"] == WITHHELD
        assert "expected" not in detail and "got" not in detail and "smallest" not in detail
        said = one["feedback"].replace(detail["call"], "") + detail["reason"]
        for words in ("times", "sign", "first is at", "values are wrong", "shape"):
            assert words not in said, (one["id"], words)


@pytest.mark.parametrize("attack", ["raise_the_inputs", "traceback_of_the_inputs"])
def test_an_error_on_withheld_inputs_names_only_pythons_own_exception_type(attacked, attack):
    _, out = attacked
    for one in withheld_checks(out, attack):
        detail = one["detail"]
        assert one["status"] == "error" and "traceback" not in detail
        assert detail["reason"] in ("ValueError", "AssertionError", "RuntimeError",
                                    "an exception"), detail["reason"]


def test_a_crash_on_withheld_inputs_does_not_say_its_exit_code(attacked):
    _, out = attacked
    (mse, _) = withheld_checks(out, "exit_with_an_input")
    assert mse["status"] == "error" and "exit code" not in json.dumps(mse)
    assert mse["detail"]["reason"] == "the process running your code stopped before it answered"


def test_what_a_file_printed_once_withheld_inputs_were_sent_is_kept_back_saying_why(attacked):
    _, out = attacked
    module = learner_entry(out, "print_the_inputs")["modules"][0]
    assert module["output"].startswith("y_true") and OUTPUT_CUT in module["notes"]
    assert OUTPUT_CUT in (out / "learners" / "print_the_inputs.html").read_text()


def test_what_a_file_printed_before_any_withheld_input_was_sent_is_shown_whole(attacked):
    _, out = attacked
    module = learner_entry(out, "print_at_load_then_the_inputs")["modules"][0]
    assert module["output"].startswith("my own check: mean_squared_error([1, 2], [1, 4]) = 2.0\n")
    assert OUTPUT_CUT in module["notes"]


def test_a_process_started_again_shows_nothing_it_printed_after_the_first_withheld_input(
        attacked):
    _, out = attacked
    module = learner_entry(out, "leave_the_inputs_for_the_next_process")["modules"][0]
    assert module.get("output", "") == "starting\n" and OUTPUT_CUT in module["notes"]


def test_a_public_check_shows_its_error_in_full_and_no_input_sent_ahead_is_in_it(attacked):
    _, out = attacked
    checks = learner_entry(out, "read_the_calls_sent_ahead")["modules"][0]["checks"]
    public = next(c for c in checks if c["id"] == "test_mse_of_four_predictions")
    assert public["status"] == "error" and "ValueError" in public["detail"]["traceback"]
    assert not leaks(json.dumps(public))


def test_a_public_checks_wrong_answer_is_still_explained_in_full_in_a_graded_run(attacked):
    _, out = attacked
    checks = learner_entry(out, "ratio_from_a_constant_answer")["modules"][0]["checks"]
    public = next(c for c in checks if c["id"] == "test_mse_of_four_predictions")
    assert public["detail"]["expected"] == "0.375" and public["detail"]["got"] == "1.0"
    assert public["detail"]["reason"] == "returned 1.0, expected 0.375"
