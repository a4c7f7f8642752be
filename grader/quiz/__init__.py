"""Quizzes: each module's question bank, every learner's own variant of it, and its grading.

    grade_quiz("regression", folder / "regression.quiz.toml", learner="ada", course_root=root)
    show_quiz("regression", learner="ada", course_root=root)       # text + answers template
    show_quiz_html("regression", learner="ada", course_root=root)  # a self-contained page
    check_quiz_files(root)                                          # authoring mistakes, with lines

Quizzes are graded in the trusted process: a learner's answers file is data (TOML), never
code. The answer keys, feedback and generators live in solutions/quizzes/ only.
"""

from __future__ import annotations

from grader.quiz.authoring import build_learner_files, check_quiz_files
from grader.quiz.files import (
    QuizError,
    QuizFileError,
    QuizInputError,
    answers_filename,
    load_quiz,
    quiz_modules,
)
from grader.quiz.grading import grade_answers, grade_quiz
from grader.quiz.model import Choice, Question, QuestionType, Quiz
from grader.quiz.render import (
    answer_key,
    quiz_template,
    show_quiz,
    show_quiz_html,
    write_quiz_handout,
)
from grader.results.quizzes import QuestionResult, QuestionStatus, QuizResult, QuizStatus

__all__ = [
    "Choice",
    "Question",
    "QuestionResult",
    "QuestionStatus",
    "QuestionType",
    "Quiz",
    "QuizError",
    "QuizFileError",
    "QuizInputError",
    "QuizResult",
    "QuizStatus",
    "answer_key",
    "answers_filename",
    "build_learner_files",
    "check_quiz_files",
    "grade_answers",
    "grade_quiz",
    "load_quiz",
    "quiz_modules",
    "quiz_template",
    "show_quiz",
    "show_quiz_html",
    "write_quiz_handout",
]
