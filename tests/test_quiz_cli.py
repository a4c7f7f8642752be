"""`grader quiz show | check | build`, in-process and as a real process, as a user runs them.

These run once grader/cli.py has the `quiz` commands (the quiz hand-over gives their code);
until then they are skipped, and `pytest -ra` says so.
"""

from __future__ import annotations

import tomllib

import pytest
from click.testing import CliRunner

from grader.cli import main

from .quiz_courses import course_copy


@pytest.fixture
def course(tmp_path, monkeypatch):
    root = course_copy(tmp_path)
    monkeypatch.setenv("GRADER_COURSE", str(root))
    return root


def test_quiz_show_prints_the_learners_variant_and_template(course):
    done = CliRunner().invoke(main, ["quiz", "show", "regression", "--learner", "ada"])
    assert done.exit_code == 0, done.output
    assert "Regression metrics: the regression quiz" in done.output
    assert 'learner = "ada"' in done.output


def test_quiz_show_writes_the_page_and_the_template_but_never_over_answers(course, tmp_path):
    page, answers = tmp_path / "quiz.html", tmp_path / "regression.quiz.toml"
    args = ["quiz", "show", "regression", "--learner", "ada", "--html", str(page),
            "--answers", str(answers)]
    assert CliRunner().invoke(main, args).exit_code == 0
    assert page.read_text().startswith("<!DOCTYPE html>")
    assert tomllib.loads(answers.read_text())["learner"] == "ada"
    answers.write_text("my answers")
    again = CliRunner().invoke(main, args)
    assert again.exit_code == 2 and "exists: not replaced" in again.output
    assert answers.read_text() == "my answers"


def test_quiz_show_of_an_unknown_module_is_bad_input(course):
    done = CliRunner().invoke(main, ["quiz", "show", "statistics", "--learner", "ada"])
    assert done.exit_code == 2
    assert "unknown module 'statistics'" in done.output


def test_quiz_check_lists_mistakes_with_their_lines_and_fails(course):
    source = course / "solutions" / "quizzes" / "regression.toml"
    source.write_text(source.read_text().replace("points = 1", "points = 0", 1))
    done = CliRunner().invoke(main, ["quiz", "check"])
    assert done.exit_code == 1
    assert "solutions/quizzes/regression.toml:" in done.output and "`points`" in done.output


def test_quiz_build_writes_the_stale_learners_copy(course):
    source = course / "solutions" / "quizzes" / "regression.toml"
    source.write_text(source.read_text().replace("Regression metrics", "Regression, again"))
    assert CliRunner().invoke(main, ["quiz", "build", "--check"]).exit_code == 1
    done = CliRunner().invoke(main, ["quiz", "build"])
    assert done.exit_code == 0 and "wrote: exercises/quizzes/regression.toml" in done.output
    assert CliRunner().invoke(main, ["quiz", "check"]).output == "no mistakes in the quiz files\n"


@pytest.mark.slow
def test_a_learner_shows_their_quiz_from_a_terminal(run_grader, tmp_path):
    done = run_grader("quiz", "show", "clustering", "--learner", "ben", "--answers",
                      tmp_path / "clustering.quiz.toml")
    assert done.returncode == 0, done.stderr
    assert "k-means: the clustering quiz" in done.stdout
    assert (tmp_path / "clustering.quiz.toml").is_file()


@pytest.mark.slow
def test_the_quiz_check_of_the_course_passes_from_a_terminal(run_grader):
    done = run_grader("quiz", "check")
    assert (done.returncode, done.stdout) == (0, "no mistakes in the quiz files\n")
