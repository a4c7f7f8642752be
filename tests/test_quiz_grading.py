"""Grading a learner's quiz answers: keys, partial credit, tolerances, and bad answers files."""

from __future__ import annotations

import os
import tomllib
from pathlib import Path

import pytest

from grader.quiz import (
    QuestionStatus,
    QuizResult,
    QuizStatus,
    answer_key,
    grade_answers,
    grade_quiz,
    quiz_template,
)

from .quiz_courses import COURSE, QUIZ_HEAD, choices, course_copy, question, write_quiz

MODULES = ("regression", "classification", "clustering", "optimization")
LEARNERS = ("ada", "ben", "learner-42", "Zoë Ünal", "x")


def statuses(result: QuizResult) -> dict[str, QuestionStatus]:
    return {q.id: q.status for q in result.questions}


# Answer keys and blank files


@pytest.mark.parametrize("module", MODULES)
@pytest.mark.parametrize("learner", LEARNERS)
def test_every_answer_key_scores_full_marks_on_its_own_variant(module, learner):
    key = answer_key(module, learner=learner, course_root=COURSE)
    result = grade_answers(module, key, learner=learner, course_root=COURSE)
    assert result.status is QuizStatus.GRADED
    assert result.score == result.max_score > 0
    assert set(statuses(result).values()) == {QuestionStatus.CORRECT}
    assert result.notes == ()


@pytest.mark.parametrize("module", MODULES)
def test_an_untouched_answers_template_scores_zero_with_every_question_not_answered(module):
    template = quiz_template(module, learner="ada", course_root=COURSE)
    result = grade_answers(module, template, learner="ada", course_root=COURSE)
    assert result.status is QuizStatus.GRADED
    assert result.score == 0 and result.max_score > 0
    assert set(statuses(result).values()) == {QuestionStatus.UNANSWERED}
    assert all(q.feedback.startswith("Not answered.") for q in result.questions)


def test_an_empty_answers_file_scores_zero():
    result = grade_answers("regression", "", learner="ada", course_root=COURSE)
    assert result.status is QuizStatus.GRADED
    assert result.score == 0
    assert len(result.questions) == 10


def test_a_missing_answers_file_is_missing_and_scores_zero_of_the_full_points(tmp_path):
    for answers in (None, tmp_path / "regression.quiz.toml"):
        result = grade_quiz("regression", answers, learner="ada", course_root=COURSE)
        assert result.status is QuizStatus.MISSING
        assert (result.score, result.max_score) == (0, 13)
        assert result.file is None
        assert "regression.quiz.toml not found" in result.message
        assert "grader quiz show regression --learner ada" in result.message


def test_a_misnamed_answers_file_is_pointed_out(tmp_path):
    (tmp_path / "Regression.quiz.toml").write_text("")
    result = grade_quiz("regression", tmp_path / "regression.quiz.toml", learner="ada",
                        course_root=COURSE)
    assert result.status is QuizStatus.MISSING
    assert "found Regression.quiz.toml" in result.message


def test_an_answers_file_is_read_from_the_learners_folder(tmp_path):
    answers = tmp_path / "regression.quiz.toml"
    answers.write_text(answer_key("regression", learner="ada", course_root=COURSE))
    result = grade_quiz("regression", answers, learner="ada", course_root=COURSE)
    assert (result.file, result.score, result.max_score) == ("regression.quiz.toml", 13, 13)


# Malformed answers files


def test_malformed_toml_is_an_error_that_says_the_line_and_column():
    text = 'learner = "ada"\n[answers]\nsupervised_or_not = b\n'
    result = grade_answers("regression", text, learner="ada", course_root=COURSE)
    assert result.status is QuizStatus.ERROR
    assert (result.score, result.max_score) == (0, 13)
    assert "line 3, column 21 (`supervised_or_not = b`)" in result.message
    assert 'in quotes (q = "b"' in result.message


def test_a_question_answered_twice_is_an_error_that_says_so():
    text = '[answers]\nmse_unit = "a"\nmse_unit = "b"\n'
    result = grade_answers("regression", text, learner="ada", course_root=COURSE)
    assert result.status is QuizStatus.ERROR
    assert "line 3" in result.message and "answered twice" in result.message


def test_an_answers_table_that_is_not_a_table_is_an_error():
    result = grade_answers("regression", 'answers = "all of them"', learner="ada",
                           course_root=COURSE)
    assert result.status is QuizStatus.ERROR
    assert "[answers] table" in result.message


def test_a_symbolic_link_is_not_followed(tmp_path):
    target = tmp_path / "elsewhere.toml"
    target.write_text(answer_key("regression", learner="ada", course_root=COURSE))
    (tmp_path / "regression.quiz.toml").symlink_to(target)
    result = grade_quiz("regression", tmp_path / "regression.quiz.toml", learner="ada",
                        course_root=COURSE)
    assert result.status is QuizStatus.ERROR
    assert "symbolic link" in result.message and result.score == 0


def test_a_file_that_is_not_text_is_an_error(tmp_path):
    (tmp_path / "regression.quiz.toml").write_bytes(b"\xff\xfe\x00answers")
    result = grade_quiz("regression", tmp_path / "regression.quiz.toml", learner="ada",
                        course_root=COURSE)
    assert result.status is QuizStatus.ERROR
    assert "UTF-8" in result.message


def key_with(learner: str, **answers: str) -> str:
    """ada's (or another learner's) answer key with some answers replaced by TOML values."""
    lines = answer_key("regression", learner=learner, course_root=COURSE).splitlines()
    for question_id, value in answers.items():
        lines = [f"{question_id} = {value}" if line.startswith(f"{question_id} = ") else line
                 for line in lines]
    return "\n".join(lines)


def test_a_text_where_a_number_is_asked_costs_only_that_question():
    result = grade_answers("regression", key_with("ada", mse_of_six='"about three"'),
                           learner="ada", course_root=COURSE)
    assert result.score == 11
    wrong = result.question("mse_of_six")
    assert wrong.status is QuestionStatus.INVALID
    assert 'a number is asked for, and "about three" is not one' in wrong.feedback
    assert wrong.answer == "about three"


def test_a_number_in_quotes_is_read_as_a_number():
    key = tomllib.loads(answer_key("regression", learner="ada", course_root=COURSE))
    value = key["answers"]["mse_of_six"]
    result = grade_answers("regression", key_with("ada", mse_of_six=f'" {value} "'),
                           learner="ada", course_root=COURSE)
    assert result.score == 13


def test_a_decimal_comma_gets_a_message_that_says_so():
    result = grade_answers("regression", key_with("ada", mse_of_six='"2,5"'),
                           learner="ada", course_root=COURSE)
    assert "write numbers with a decimal point, 2.5" in result.question("mse_of_six").feedback


def test_a_choice_that_does_not_exist_costs_only_that_question():
    result = grade_answers("regression", key_with("ada", mse_unit='"f"', overfitting="2"),
                           learner="ada", course_root=COURSE)
    assert result.score == 11
    assert result.question("mse_unit").status is QuestionStatus.INVALID
    assert '"f" is not one of the choices: they are a to d' in result.question("mse_unit").feedback
    assert 'give the letter of your choice in quotes' in result.question("overfitting").feedback


def test_a_choice_that_does_not_exist_among_several_is_ignored_and_the_rest_scored():
    right = tomllib.loads(answer_key("regression", learner="ada", course_root=COURSE))
    chosen = [*right["answers"]["r2_statements"], "z"]
    result = grade_answers("regression", key_with("ada", r2_statements=repr(chosen)
                                                  .replace("'", '"')),
                           learner="ada", course_root=COURSE)
    question = result.question("r2_statements")
    assert (question.status, question.score) == (QuestionStatus.CORRECT, 2)
    assert "Ignored: z (no such choice" in question.feedback


def test_an_unknown_question_id_is_ignored_with_a_note_and_costs_nothing():
    text = answer_key("regression", learner="ada", course_root=COURSE) + "\nbonus = 100\n"
    result = grade_answers("regression", text, learner="ada", course_root=COURSE)
    assert result.score == 13
    assert result.notes == ("[answers] has `bonus`, which is no question of this quiz: ignored",)


def test_a_misspelt_question_id_is_named_in_the_question_feedback():
    text = key_with("ada").replace("\nmse_of_six =", "\nmse_of_6 =")
    result = grade_answers("regression", text, learner="ada", course_root=COURSE)
    question = result.question("mse_of_six")
    assert question.status is QuestionStatus.UNANSWERED and result.score == 11
    assert "An answer was given under `mse_of_6`" in question.feedback
    assert "did you mean `mse_of_six`?" in result.notes[0]


def test_answers_above_the_answers_table_count_too():
    key = tomllib.loads(answer_key("regression", learner="ada", course_root=COURSE))["answers"]
    text = f'mse_unit = "{key["mse_unit"]}"\n[answers]\n'
    result = grade_answers("regression", text, learner="ada", course_root=COURSE)
    assert result.question("mse_unit").status is QuestionStatus.CORRECT


# Copying a classmate's answers


def test_answers_copied_from_a_classmate_fail_the_computed_questions():
    copied = answer_key("regression", learner="ada", course_root=COURSE)
    result = grade_answers("regression", copied, learner="ben", course_root=COURSE)
    for question_id in ("mse_of_six", "r2_of_five"):
        question = result.question(question_id)
        assert question.status is QuestionStatus.INCORRECT
        assert "the right answer for the numbers of the variant this answers file was made " \
               "for, not for yours" in question.feedback
    assert "made for ada's variant, not for yours" in result.notes[0]
    assert result.score < result.max_score / 2


def test_an_answers_file_of_an_older_variant_is_pointed_out():
    text = answer_key("regression", learner="ada", course_root=COURSE).replace(
        'variant = "', 'variant = "0ld', 1)
    result = grade_answers("regression", text, learner="ada", course_root=COURSE)
    assert result.score == 13
    assert "made for variant 0ld" in result.notes[0]


# Partial credit, tolerances and normalisation, on quizzes of known shape


@pytest.fixture
def course(tmp_path) -> Path:
    return course_copy(tmp_path)


def graded(root: Path, answers: str, learner: str = "ada") -> QuizResult:
    return grade_answers("regression", f"[answers]\n{answers}\n", learner=learner,
                         course_root=root)


@pytest.fixture
def select_all(course) -> Path:
    """Three points; choices a, b, c are right and d, e wrong, in this order for everyone."""
    body = "shuffle = false\n" + choices("A", "B", "C", "D", "E", correct=(0, 1, 2))
    write_quiz(course, "regression", QUIZ_HEAD + question("pick", "multiple", body, points=3))
    return course


@pytest.mark.parametrize(("answer", "score", "status"), [
    ('["a", "b", "c"]', 3, "correct"),
    ('["a", "b"]', 2, "partial"),
    ('["c"]', 1, "partial"),
    ('["a", "b", "d"]', 1, "partial"),  # (2 right − 1 wrong) / 3 right
    ('["a", "b", "c", "d"]', 2, "partial"),
    ('["a", "d"]', 0, "incorrect"),  # (1 − 1) / 3
    ('["a", "d", "e"]', 0, "incorrect"),  # (1 − 2) / 3 is below 0: 0, never negative
    ('["d", "e"]', 0, "incorrect"),
    ("[]", 0, "unanswered"),
])
def test_select_all_that_apply_earns_right_chosen_minus_wrong_chosen_over_right(
        select_all, answer, score, status):
    result = graded(select_all, f"pick = {answer}")
    assert result.question("pick").score == pytest.approx(score)
    assert result.question("pick").status.value == status


def test_choosing_every_choice_never_earns_all_the_points(select_all):
    result = graded(select_all, 'pick = ["a", "b", "c", "d", "e"]')
    assert result.question("pick").score == pytest.approx(1)  # (3 − 2) / 3 of 3 points
    assert "(3 − 2) / 3 of the points = 33%" in result.question("pick").feedback


def test_select_all_answers_may_be_written_as_a_string_of_letters(select_all):
    for answer in ('"a, b, c"', '"A B C"', '"c;b;a"'):
        assert graded(select_all, f"pick = {answer}").question("pick").score == 3


def test_select_all_feedback_marks_right_wrong_and_missed_choices(select_all):
    feedback = graded(select_all, 'pick = ["a", "d"]').question("pick").feedback
    assert "✔ (a) A — Feedback on A." in feedback
    assert "✘ (d) D — Feedback on D." in feedback
    assert "missed (b) B — Feedback on B." in feedback


def test_all_or_nothing_multiple_choice_gives_points_only_for_exactly_the_right_choices(course):
    body = "shuffle = false\npartial_credit = false\n" + choices("A", "B", "C", correct=(0, 1))
    write_quiz(course, "regression", QUIZ_HEAD + question("pick", "multiple", body, points=2))
    assert graded(course, 'pick = ["a", "b"]').score == 2
    assert graded(course, 'pick = ["a"]').score == 0
    assert graded(course, 'pick = ["a", "b", "c"]').score == 0


@pytest.fixture
def numbers(course) -> Path:
    quiz = QUIZ_HEAD + "".join([
        question("absolute", "numeric", "answer = 2.5\nabs_tol = 0.01"),
        question("relative", "numeric", "answer = 200\nrel_tol = 0.01"),
        question("both", "numeric", "answer = 10\nabs_tol = 0.5\nrel_tol = 0.01"),
        question("exact", "numeric", "answer = 0.3"),
    ])
    write_quiz(course, "regression", quiz)
    return course


@pytest.mark.parametrize(("question_id", "right", "wrong"), [
    ("absolute", [2.5, 2.491, 2.509, 2.51], [2.489, 2.52, -2.5]),
    ("relative", [200, 198, 201.9, 202], [197.9, 202.1, 2]),
    ("both", [9.5, 10.5], [9.49, 10.51]),  # max(0.5, 0.01 × 10) = 0.5
    ("exact", [0.3, 0.1 + 0.2], [0.30001, 0.3 + 1e-6]),  # equal up to rounding only
])
def test_a_number_is_right_within_the_larger_of_its_tolerances(numbers, question_id, right,
                                                               wrong):
    for value in right:
        assert graded(numbers, f"{question_id} = {value!r}").question(question_id).status \
            is QuestionStatus.CORRECT, value
    for value in wrong:
        assert graded(numbers, f"{question_id} = {value!r}").question(question_id).status \
            is QuestionStatus.INCORRECT, value


def test_a_wrong_number_is_told_the_answer_and_its_tolerance(numbers):
    feedback = graded(numbers, "absolute = 3").question("absolute").feedback
    assert feedback == "You answered 3; the answer is 2.5 ± 0.01."


def test_a_number_that_is_not_finite_is_not_read(numbers):
    result = graded(numbers, "absolute = nan\nrelative = inf\nboth = true")
    assert set(statuses(result).values()) == {QuestionStatus.INVALID, QuestionStatus.UNANSWERED}
    assert "not a finite number" in result.question("absolute").feedback


@pytest.fixture
def words(course) -> Path:
    quiz = QUIZ_HEAD + "".join([
        question("word", "text", 'accept = ["worse", "less good"]'),
        question("name", "text", 'accept = ["NumPy"]\ncase_sensitive = true'),
    ])
    write_quiz(course, "regression", quiz)
    return course


@pytest.mark.parametrize("answer", ["worse", "Worse", "  WORSE.  ", "less   good", "Less Good.",
                                    "ｗｏｒｓｅ"])
def test_a_short_text_ignores_case_spaces_a_final_full_stop_and_unicode_forms(words, answer):
    assert graded(words, f'word = "{answer}"').question("word").status is QuestionStatus.CORRECT


@pytest.mark.parametrize("answer", ["worst", "not better", "worse!", "lessgood"])
def test_a_short_text_that_is_not_accepted_is_wrong(words, answer):
    question = graded(words, f'word = "{answer}"').question("word")
    assert question.status is QuestionStatus.INCORRECT
    assert 'Accepted: "worse" or "less good".' in question.feedback


def test_a_case_sensitive_short_text_keeps_its_case(words):
    assert graded(words, 'name = "NumPy"').question("name").status is QuestionStatus.CORRECT
    assert graded(words, 'name = "numpy"').question("name").status is QuestionStatus.INCORRECT


def test_a_list_where_a_short_text_is_asked_is_not_read(words):
    question = graded(words, 'word = ["worse"]').question("word")
    assert question.status is QuestionStatus.INVALID


@pytest.fixture
def one_choice(course) -> Path:
    body = choices("Right", "Wrong 1", "Wrong 2", "Wrong 3", correct=(0,))
    write_quiz(course, "regression", QUIZ_HEAD + question("one", "single", body, points=2))
    return course


def test_a_single_choice_is_read_in_the_learners_own_order(one_choice):
    for learner in ("ada", "ben", "chen", "dana"):
        key = answer_key("regression", learner=learner, course_root=one_choice)
        label = tomllib.loads(key)["answers"]["one"]
        result = graded(one_choice, f'one = "{label}"', learner=learner)
        assert result.score == 2
        assert result.question("one").feedback == f"Right: ({label}) Right — Feedback on Right."


@pytest.mark.parametrize("answer", ['"B"', '"(b)"', '"b)"', '["b"]', '" b "'])
def test_a_single_choice_may_be_written_in_the_usual_ways(course, answer):
    body = "shuffle = false\n" + choices("A", "B", correct=(1,))
    write_quiz(course, "regression", QUIZ_HEAD + question("one", "single", body))
    assert graded(course, f"one = {answer}").question("one").status is QuestionStatus.CORRECT


def test_a_wrong_choice_shows_its_own_feedback_and_the_right_ones(course):
    body = "shuffle = false\n" + choices("A", "B", correct=(1,))
    write_quiz(course, "regression", QUIZ_HEAD + question("one", "single", body))
    feedback = graded(course, 'one = "a"').question("one").feedback
    assert feedback == ("You chose (a) A — Feedback on A.\n"
                        "The answer is (b) B — Feedback on B.")


def test_an_explanation_is_shown_after_every_answer(course):
    quiz = QUIZ_HEAD + question("n", "numeric", 'answer = 1\nexplanation = "Because."')
    write_quiz(course, "regression", quiz)
    for answer in ("1", "2", '""', '"one"'):
        assert graded(course, f"n = {answer}").question("n").feedback.endswith("Because.")


# Mistakes of the course are never the learner's


BREAKS_FOR_SOME = """
def numbers(rng, reference):
    value = int(rng.integers(0, 100))
    if value % 2:
        raise ValueError("an odd number")
    return {"value": value, "answer": value}
"""


def test_a_generator_that_breaks_for_a_learner_is_a_grader_error_and_never_theirs(course):
    quiz = QUIZ_HEAD + question("n", "computed", 'generator = "numbers"', text="{value}?")
    write_quiz(course, "regression", quiz, BREAKS_FOR_SOME)
    results = [graded(course, "n = 1", learner=f"l{i}").question("n") for i in range(12)]
    broken = [r for r in results if r.grader_error]
    assert broken and len(broken) < len(results)
    for result in broken:
        assert result.status is QuestionStatus.ERROR
        assert "a problem of the course and not of your answer" in result.feedback
        assert "numbers() raised ValueError: an odd number" in result.internal_error
        assert result.to_dict()["grader_error"] is True


# The result's shape


def test_a_quiz_result_has_the_shape_of_a_module_entry_and_round_trips():
    text = key_with("ada", mse_unit='"x"')
    result = grade_answers("regression", text, learner="ada", course_root=COURSE)
    data = result.to_dict()
    assert list(data)[:6] == ["quiz", "file", "status", "score", "max_score", "questions"]
    assert (data["quiz"], data["file"], data["status"]) == ("regression", "regression.quiz.toml",
                                                           "graded")
    assert set(data["questions"][0]) >= {"id", "status", "score", "max_score", "feedback"}
    assert QuizResult.from_dict(data) == result


def test_the_sample_class_quiz_answers_are_right_wrong_partial_malformed_and_copied():
    folder = COURSE / "examples" / "class"
    results = {learner: grade_quiz("regression", folder / learner / "regression.quiz.toml",
                                   learner=learner, course_root=COURSE)
               for learner in sorted(os.listdir(folder))}
    assert results["ada"].score == results["gus"].score == 13
    assert 0 < results["ben"].score < 13 and QuestionStatus.INCORRECT in \
        statuses(results["ben"]).values()
    assert QuestionStatus.PARTIAL in statuses(results["chen"]).values()
    assert QuestionStatus.UNANSWERED in statuses(results["chen"]).values()
    assert results["dana"].status is QuizStatus.ERROR and "line 18" in results["dana"].message
    assert "made for ada's variant" in results["eli"].notes[0]
    assert results["eli"].question("mse_of_six").status is QuestionStatus.INCORRECT
    assert {QuestionStatus.INVALID, QuestionStatus.UNANSWERED} <= \
        set(statuses(results["fay"]).values())
    assert results["hana"].status is QuizStatus.MISSING
    for learner in ("ada", "gus"):
        for module in MODULES[1:]:
            result = grade_quiz(module, folder / learner / f"{module}.quiz.toml",
                                learner=learner, course_root=COURSE)
            assert result.score == result.max_score, (learner, module)
