"""What a learner's file gets when it cannot be loaded at all, and the notes of statements
its loading skipped."""

from __future__ import annotations

from collections.abc import Sequence

from grader.checks.collect import CheckSpec
from grader.results import CheckResult, CheckStatus, Detail, ModuleResult, ModuleStatus, Note
from grader.sandbox.outcomes import Crashed, Loaded, LoadNote, Outcome, Raised, TimedOut

__all__ = ["load_note", "unloadable"]


def unloadable(
    module: str,
    checks: Sequence[CheckSpec],
    max_score: float,
    loaded: tuple[str, str, Loaded | Outcome, str],
) -> ModuleResult:
    """Every check not run, and why: `loaded` is the file's name, source, what loading it
    came to and what it printed."""
    filename, source, outcome, output = loaded
    message = _load_failure(filename, outcome)
    status = CheckStatus.TIMEOUT if isinstance(outcome, TimedOut) else CheckStatus.ERROR
    trace = outcome.traceback if isinstance(outcome, Raised) else ""
    results = tuple(
        CheckResult(
            spec.id,
            spec.title,
            spec.visibility,
            status,
            0.0,
            spec.points,
            f"not run: {message}",
            Detail(traceback=trace),
        )
        for spec in checks
    )
    return ModuleResult(
        module,
        filename,
        ModuleStatus.ERROR,
        results,
        max_score,
        message=message,
        output=output,
        source=source,
    )


def _load_failure(filename: str, outcome: Loaded | Outcome) -> str:
    if isinstance(outcome, Raised):
        where = f" (line {outcome.line})" if outcome.line else ""
        return f"{filename} could not be loaded{where}: {outcome.type}: {outcome.message}"
    if isinstance(outcome, TimedOut):
        return (
            f"{filename} could not be loaded: its top-level code ran for more than "
            f"{outcome.seconds:g} s. Code outside functions runs when the file is loaded; "
            "put demos under `if __name__ == '__main__':`"
        )
    if isinstance(outcome, Crashed):
        return f"{filename} could not be loaded: {outcome.reason}"
    return f"{filename} could not be loaded"


def load_note(note: LoadNote) -> Note:
    return Note(
        f"top-level code raised {note.error.type}: {note.error.message}. That "
        "statement was skipped and the rest of the file was graded.",
        line=note.line,
    )
