"""The similarity engine: rare shared code and rare shared wrong answers rank a pair; the starter
code, what many learners write and the classic mistakes never do."""

from __future__ import annotations

import textwrap

import numpy as np
import pytest

from grader.checks.answer_digest import answer_digest, error_digest
from grader.results import CheckResult, CheckStatus, Detail, Misconception
from grader.similarity.compare import Answer, Submission, compare_module, rare_most
from grader.similarity.fingerprints import winnowed
from grader.similarity.run import evidence
from grader.similarity.tokens import MAX_TOKENS, code_tokens

STUB = textwrap.dedent('''
    """Regression metrics."""
    import numpy as np


    def mean_squared_error(y_true, y_pred):
        """The mean of the squared differences."""
        raise NotImplementedError


    def r2_score(y_true, y_pred):
        """One minus the residual over the total sum of squares."""
        raise NotImplementedError
''')

ORIGINAL = textwrap.dedent('''
    import numpy as np


    def mean_squared_error(y_true, y_pred):
        total = 0.0
        for index in range(len(y_true)):
            gap = y_true[index] - y_pred[index]
            total = total + gap * gap
        return total / len(y_true)


    def r2_score(y_true, y_pred):
        centre = sum(y_true) / len(y_true)
        spread = sum((value - centre) ** 2 for value in y_true)
        if spread == 0:
            return 1.0 if mean_squared_error(y_true, y_pred) == 0 else 0.0
        leftover = sum((t - p) ** 2 for t, p in zip(y_true, y_pred))
        return 1 - leftover / spread
''')

DISGUISED = textwrap.dedent('''
    import numpy as np
    # my own work


    def r2_score(y_true, y_pred):
        """R squared."""
        m = sum(y_true)/len(y_true)
        tot = sum((v - m)**2 for v in y_true)
        if tot == 0:
            return 1.0 if mean_squared_error(y_true, y_pred) == 0 else 0.0
        res = sum((a - b)**2 for a, b in zip(y_true, y_pred))
        unused = [1, 2, 3]
        return 1 - res/tot


    def mean_squared_error(y_true, y_pred):
        acc = 0.0
        for i in range(len(y_true)):
            d = y_true[i] - y_pred[i]
            acc = acc + d*d
        return acc/len(y_true)
''')

INDEPENDENT = [
    textwrap.dedent('''
        import numpy as np


        def mean_squared_error(y_true, y_pred):
            return float(np.mean((np.asarray(y_true) - np.asarray(y_pred)) ** 2))


        def r2_score(y_true, y_pred):
            y_true = np.asarray(y_true, dtype=float)
            ss_res = np.sum((y_true - y_pred) ** 2)
            ss_tot = np.sum((y_true - y_true.mean()) ** 2)
            if ss_tot == 0:
                return 1.0 if ss_res == 0 else 0.0
            return float(1 - ss_res / ss_tot)
    '''),
    textwrap.dedent('''
        import numpy as np


        def mean_squared_error(y_true, y_pred):
            errors = np.subtract(y_true, y_pred)
            return float(errors @ errors / errors.size)


        def r2_score(y_true, y_pred):
            truth = np.array(y_true, dtype=float)
            residual = float(np.square(truth - np.array(y_pred)).sum())
            total = float(np.square(truth - np.average(truth)).sum())
            if not total:
                return 0.0 if residual else 1.0
            return 1.0 - residual / total
    '''),
    textwrap.dedent('''
        import numpy as np


        def mean_squared_error(y_true, y_pred):
            n = len(y_true)
            return sum([(y_true[k] - y_pred[k]) ** 2 for k in range(n)]) / n


        def r2_score(y_true, y_pred):
            mse = mean_squared_error(y_true, y_pred)
            variance = np.var(y_true)
            if variance == 0:
                return 1.0 if mse == 0 else 0.0
            return 1 - mse / variance
    '''),
]


def _class(*sources: str, answers: dict[int, tuple[Answer, ...]] | None = None) -> list[Submission]:
    answers = answers or {}
    return [
        Submission(f"learner{i:02d}", source, answers.get(i, ()))
        for i, source in enumerate(sources)
    ]


def _ranked(submissions: list[Submission]) -> list[tuple[str, str]]:
    found = compare_module(module="regression", submissions=submissions, starter=[STUB])
    return [(p.a, p.b) for p in found.pairs]


def test_a_copy_renamed_reformatted_reordered_and_padded_ranks_first():
    ranked = _ranked(_class(ORIGINAL, *INDEPENDENT, DISGUISED))
    assert ranked[0] == ("learner00", "learner04")


def test_independent_work_is_not_reported_however_alike_short_functions_are():
    found = compare_module(
        module="regression", submissions=_class(ORIGINAL, *INDEPENDENT), starter=[STUB]
    )
    assert found.pairs == ()


def test_two_learners_who_handed_in_the_stub_are_never_reported():
    edited = STUB.replace('"""The mean of the squared differences."""', "# todo")
    found = compare_module(
        module="regression",
        submissions=_class(STUB, STUB, edited, *INDEPENDENT),
        starter=[STUB],
    )
    assert found.pairs == ()


def test_without_the_starter_code_left_out_the_stub_alone_would_be_reported():
    """The stub is what makes two stub-only submissions alike: the mutation of the above."""
    found = compare_module(module="regression", submissions=_class(STUB, STUB), starter=[])
    assert [(p.a, p.b) for p in found.pairs] == [("learner00", "learner01")]


def test_what_many_learners_write_is_no_evidence_of_copying():
    """Twelve learners write the same line; two of them share nothing else."""
    common = "    return float(np.mean((np.asarray(y_true) - np.asarray(y_pred)) ** 2))\n"
    sources = [
        f"import numpy as np\n\ndef mean_squared_error(y_true, y_pred):\n{common}\n"
        f"def r2_score(y_true, y_pred):\n    return {i} * float(np.var(y_true)) - {i + 100}\n"
        for i in range(12)
    ]
    found = compare_module(module="regression", submissions=_class(*sources), starter=[STUB])
    assert rare_most(12) < 12
    assert found.pairs == ()


def test_the_same_rare_wrong_answer_on_the_same_check_is_evidence_with_its_reason():
    wrong = Answer("test_r2_hidden_constant", "R² of a constant target", "failed", "ab12", "nan")
    found = compare_module(
        module="regression",
        submissions=_class(*INDEPENDENT, answers={0: (wrong,) * 1, 1: (wrong,)}),
        starter=[STUB],
    )
    assert found.pairs == ()  # one shared result: not enough alone
    more = tuple(
        Answer(f"test_hidden_{n}", f"check {n}", "failed", f"digest{n}", str(n)) for n in range(3)
    )
    found = compare_module(
        module="regression",
        submissions=_class(*INDEPENDENT, answers={0: (wrong, *more), 1: (wrong, *more)}),
        starter=[STUB],
    )
    (pair,) = found.pairs
    assert (pair.a, pair.b) == ("learner00", "learner01")
    assert [r.check_id for r in pair.results][0] == "test_hidden_0"
    assert {r.learners for r in pair.results} == {2}


def test_a_wrong_answer_many_learners_gave_is_no_evidence():
    wrong = tuple(Answer(f"test_{n}", f"check {n}", "failed", f"d{n}", "") for n in range(4))
    alone = (f"def mean_squared_error(a, b):\n    return {i}\n" for i in range(9))
    sources = [*INDEPENDENT, *alone]
    found = compare_module(
        module="regression",
        submissions=_class(*sources, answers=dict.fromkeys(range(12), wrong)),
        starter=[STUB],
    )
    assert found.pairs == ()


def test_a_copy_with_its_functions_moved_shows_where_each_fragment_is_in_both():
    found = compare_module(
        module="regression", submissions=_class(ORIGINAL, DISGUISED), starter=[STUB]
    )
    (pair,) = found.pairs
    lines_a = ORIGINAL.splitlines()
    lines_b = DISGUISED.splitlines()
    spans = {(f.a_lines, f.b_lines) for f in pair.fragments}
    r2_a = next(i for i, line in enumerate(lines_a, 1) if "def r2_score" in line)
    r2_b = next(i for i, line in enumerate(lines_b, 1) if "def r2_score" in line)
    assert any(a[0] >= r2_a and b[0] <= r2_b + 3 for a, b in spans)
    assert pair.longest == pair.fragments[0]
    assert pair.longest.tokens >= max(f.tokens for f in pair.fragments)


def test_three_learners_sharing_one_copy_are_a_cluster():
    found = compare_module(
        module="regression",
        submissions=_class(ORIGINAL, DISGUISED, ORIGINAL.replace("total", "s"), *INDEPENDENT),
        starter=[STUB],
    )
    (cluster,) = found.clusters
    assert cluster.learners == ("learner00", "learner01", "learner02")
    assert cluster.pairs == 3


def test_a_submission_with_no_code_is_skipped_with_why():
    found = compare_module(
        module="regression", submissions=_class(ORIGINAL, "   \n"), starter=[STUB]
    )
    assert [(s.learner, s.why) for s in found.skipped] == [("learner01", "no code to compare")]


def test_names_layout_comments_docstrings_and_type_hints_do_not_change_the_tokens():
    plain = "def f(a, b=2):\n    return np.mean(a + b, axis=0)\n"
    dressed = (
        'def f(first: np.ndarray, second: int = 2) -> float:\n    """Doc."""\n'
        "    # why\n    return np.mean((first + second), axis=0)  # done\n"
    )
    assert code_tokens(plain).kinds == code_tokens(dressed).kinds
    assert code_tokens(plain).kinds != code_tokens(plain.replace(".mean", ".sum")).kinds


def test_odd_names_and_comment_words_are_kept_aside_as_words():
    words = code_tokens("residual_total = 0  # Accumulate the residuals\n").words
    assert {"residual_total", "#accumulate", "#residuals"} <= words
    assert code_tokens("x" * 10_000 + " = 1\n").words == {"x" * 80}


@pytest.mark.parametrize(
    "hostile",
    [
        "(" * 100_000,
        "x = [" + "[" * 5000 + "]" * 5000 + "]\n",
        "\x00\xff garbage \udcff ''' unterminated",
        "def f(:\n  return ))\n" * 1000,
    ],
)
def test_code_that_is_not_python_or_nests_without_end_still_gives_tokens(hostile):
    tokens = code_tokens(hostile)
    assert len(tokens.kinds) == len(tokens.lines) <= MAX_TOKENS
    winnowed(tokens.kinds)


def test_a_huge_file_is_compared_up_to_the_bound_and_said_to_be_cut():
    tokens = code_tokens("x = y + 1\n" * 200_000)
    assert tokens.cut
    assert len(tokens.kinds) <= MAX_TOKENS


def test_winnowing_finds_every_run_of_shared_tokens_long_enough():
    """Any run of K + WINDOW - 1 tokens two files share gives them a fingerprint in common."""
    rng = np.random.default_rng(5)
    for _ in range(50):
        a = [int(x) for x in rng.integers(0, 30, 200)]
        b = [int(x) for x in rng.integers(0, 30, 200)]
        at = int(rng.integers(0, 180))
        b[50:63] = a[at : at + 13]
        assert set(winnowed(a)) & set(winnowed(b))


def test_the_same_answer_summed_in_another_order_has_the_same_digest():
    values = np.random.default_rng(0).normal(size=1000)
    assert answer_digest(float(np.sum(values))) == answer_digest(float(sum(sorted(values))))
    assert answer_digest([1.0, 2.0]) == answer_digest(np.array([1, 2]))
    assert answer_digest(0.375) != answer_digest(1.5)
    assert answer_digest(np.array([1.0, np.nan])) != answer_digest(np.array([1.0, np.inf]))
    assert answer_digest((np.ones(2), {"a": 1})) != answer_digest((np.ones(2), {"a": 2}))
    assert error_digest("IndexError: out of bounds") != error_digest("KeyError: 3")


def _check(status: str, **detail: object) -> CheckResult:
    return CheckResult(
        id="test_mse_hidden", title="MSE", visibility="hidden", status=CheckStatus(status),
        score=0.0, max_score=1.0, detail=Detail(**detail),  # type: ignore[arg-type]
    )


def test_a_wrong_answer_or_an_error_with_its_digest_is_evidence():
    answer = evidence(_check("failed", got="4.2", answer="00ff00ff00ff00ff"))
    assert answer is not None and (answer.answer, answer.shown) == ("00ff00ff00ff00ff", "4.2")
    assert evidence(_check("error", reason="IndexError", answer="aa" * 8)) is not None


@pytest.mark.parametrize(
    ("status", "detail"),
    [
        ("passed", {}),
        ("error", {"call": "mean_squared_error(...)"}),  # the stub's "not implemented": no digest
        ("timeout", {"reason": "did not return within 2 s"}),
        ("failed", {"answer": "ab" * 8, "misconceptions": (
            Misconception("mse_sums", "MSE summed", "divide by n", "mean_squared_error"),)}),
    ],
)
def test_the_stubs_errors_time_limits_and_classic_mistakes_are_never_evidence(status, detail):
    assert evidence(_check(status, **detail)) is None


@pytest.mark.timeout(60)
def test_the_digest_of_an_answer_nested_without_end_is_bounded():
    """A trillion leaves (shared lists): without the bound on items this would not end."""
    ragged = [[[["x"] * 1000] * 1000] * 1000] * 1000
    assert len(answer_digest(ragged)) == 16
    assert answer_digest(ragged) != answer_digest([[[["y"] * 1000] * 1000] * 1000] * 1000)
