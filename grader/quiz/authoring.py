"""For quiz authors: check every quiz file of a course, and write the learners' copies.

The instructor's `solutions/quizzes/<module>.toml` is the one file to edit: a question, its
choices, its answer key and feedback sit together. `build_learner_files` writes from it the
learners' `exercises/quizzes/<module>.toml` (the same questions, no keys), as
make_notebooks.py writes the notebooks from the stubs; the check says when one is stale.
"""

from __future__ import annotations

from pathlib import Path

from grader._atomic import write_atomic
from grader.course import CourseError
from grader.quiz._lines import Lines
from grader.quiz._parse import Problem, parse_quiz
from grader.quiz.files import QuizError, QuizFileError, QuizFiles, load_generators, module_names
from grader.quiz.model import Question, Quiz, Side
from grader.quiz.render import render_learner_file
from grader.quiz.variants import GeneratorProblem, Generators, draw, placeholders, variant_seed

__all__ = ["build_learner_files", "check_quiz_files", "learner_copy"]

# Learner ids the check draws every computed question for.
SAMPLE_LEARNERS = ("sample-1", "sample-2", "sample-3", "sample-4", "sample-5")


def check_quiz_files(course_root: Path) -> list[str]:
    """Every mistake in the course's quiz files, each as `path:line: what to fix`."""
    try:
        modules = module_names(course_root)
    except CourseError as error:
        return [str(error)]
    problems: list[Problem] = []
    for module in _quiz_names(course_root):
        problems += _check_module(QuizFiles(course_root, module), modules)
    return [str(p) for p in problems]


def _quiz_names(course_root: Path) -> list[str]:
    folders = (course_root / "solutions" / "quizzes", course_root / "exercises" / "quizzes")
    found = {
        p.stem
        for folder in folders
        if folder.is_dir()
        for p in (*folder.glob("*.toml"), *folder.glob("*.py"))
    }
    return sorted(found)


def _check_module(files: QuizFiles, modules: tuple[str, ...]) -> list[Problem]:
    here = files.source if files.source.is_file() else files.learner
    if files.module not in modules:
        return [
            Problem(
                files.relative(here if here.is_file() else files.generators),
                1,
                f"no module {files.module!r} in exercises/course.toml (its modules "
                f"are {', '.join(modules)})",
            )
        ]
    if not files.source.is_file():
        what = files.learner if files.learner.is_file() else files.generators
        return [
            Problem(
                files.relative(what),
                1,
                f"{files.relative(files.source)} not found: this quiz has no answer key",
            )
        ]
    quiz, problems = _read(files, files.source, "instructor")
    if quiz is not None and not problems:
        problems += _check_generators(files, quiz)
        problems += _check_learner_copy(files, quiz)
    return problems


def _read(files: QuizFiles, path: Path, side: Side) -> tuple[Quiz | None, list[Problem]]:
    return parse_quiz(
        path.read_text(encoding="utf-8"),
        path=files.relative(path),
        module=files.module,
        side=side,
        file=path,
    )


def _check_learner_copy(files: QuizFiles, quiz: Quiz) -> list[Problem]:
    learner = files.relative(files.learner)
    if not files.learner.is_file():
        return [
            Problem(
                files.relative(files.source),
                1,
                f"the learners' copy {learner} is missing: run `grader quiz build`",
            )
        ]
    _, problems = _read(files, files.learner, "learner")
    if problems:
        return problems
    expected = render_learner_file(quiz).splitlines()
    actual = files.learner.read_text(encoding="utf-8").splitlines()
    if expected == actual:
        return []
    line = next(
        (n for n, (a, b) in enumerate(zip(expected, actual, strict=False), 1) if a != b),
        min(len(expected), len(actual)) + 1,
    )
    source = files.relative(files.source)
    return [
        Problem(
            learner,
            line,
            f"out of date with {source}: run `grader quiz build` (edit "
            "the instructor's file, not this one)",
        )
    ]


def _check_generators(files: QuizFiles, quiz: Quiz) -> list[Problem]:
    computed = [q for q in quiz.questions if q.type == "computed"]
    if not computed:
        return []
    where = files.relative(files.source)
    lines = Lines(files.source.read_text(encoding="utf-8"))
    try:
        generators = load_generators(files.module, course_root=files.root)
    except QuizError as error:
        return [Problem(files.relative(files.generators), 1, str(error))]
    if generators is None:
        return [
            Problem(
                where,
                computed[0].line,
                f"{files.relative(files.generators)} not "
                "found: computed questions need their generators",
            )
        ]
    return [
        problem for q in computed for problem in _check_generator(q, generators, quiz, where, lines)
    ]


def _check_generator(
    question: Question, generators: Generators, quiz: Quiz, where: str, lines: Lines
) -> list[Problem]:
    index = lines.question_index(question.line)
    line = lines.key("generator", index) if index is not None else question.line
    here = f"question `{question.id}`"
    if "answer" in placeholders(question.text):
        return [
            Problem(
                where,
                lines.key("text", index),
                f"{here}: the text shows {{answer}}, which gives the answer away",
            )
        ]
    shown = []
    for learner in SAMPLE_LEARNERS:
        try:
            params, _ = draw(question, generators, _sample_seed(quiz, learner, question))
        except GeneratorProblem as problem:
            return [Problem(where, line, f"{here}: {problem}")]
        shown.append(repr(sorted(params.items(), key=lambda item: item[0])))
        if unknown := sorted(set(placeholders(question.explanation)) - {*params, "answer"}):
            return [
                Problem(
                    where,
                    lines.key("explanation", index),
                    f"{here}: the explanation uses {{{unknown[0]}}}, which "
                    f"{question.generator}() does not return",
                )
            ]
    if len(set(shown)) == 1:
        return [
            Problem(
                where,
                line,
                f"{here}: {question.generator}() gives every learner the "
                "same numbers: draw them with its `rng` argument",
            )
        ]
    return []


def _sample_seed(quiz: Quiz, learner: str, question: Question) -> int:
    return variant_seed("params", quiz.id, learner, question.id)  # the seeds learners get


def build_learner_files(course_root: Path, *, check: bool = False) -> list[Path]:
    """Write each quiz's learners' copy that is out of date (only list them when `check`);
    the paths written or out of date. Raises QuizError when an instructor's file has mistakes."""
    stale = []
    for module in _quiz_names(course_root):
        files = QuizFiles(course_root, module)
        if not files.source.is_file():
            continue
        text = learner_copy(files)
        current = files.learner.read_text(encoding="utf-8") if files.learner.is_file() else None
        if current != text:
            stale.append(files.learner)
            if not check:
                write_atomic(files.learner, text)
    return stale


def learner_copy(files: QuizFiles) -> str:
    """The learners' copy of a quiz, written from the instructor's file (`grader quiz build`
    and `grader release` both write it). Raises QuizError when that file has mistakes."""
    quiz, problems = _read(files, files.source, "instructor")
    if problems or quiz is None:
        raise QuizFileError("\n".join(str(p) for p in problems))
    return render_learner_file(quiz)
