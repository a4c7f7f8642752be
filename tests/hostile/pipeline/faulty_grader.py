"""`grader` as a user runs it, with one fault of the grader's own process set off by a
learner's file: `python faulty_grader.py FAULT grade ...`. A file that holds the line
`# TRIPWIRE` makes the trusted reader of learner files (read_submission, as a class
folder's learners call it in grader.load.learners) fail the way FAULT says, as a parser
bug, a parser's recursion or a parser looping on the file's data would; every other file is read as usual. A worker whose grading runs past a learner's
budget is replaced after BUDGET seconds (GRADER_TEST_BUDGET, default 3)."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

import grader.grading.pool
import grader.load.learners
import grader.load.submission
from grader.cli import main

MARKER = b"# TRIPWIRE"


def recursion() -> None:
    raise RecursionError("maximum recursion depth exceeded while parsing")


def bug() -> None:
    raise KeyError("cells")


def loop() -> None:
    while True:  # a parser's loop in Python on the learner's data
        pass


def sleep() -> None:
    time.sleep(10_000)  # a blocking call that never returns: no Python code runs meanwhile


def die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)  # the worker is lost, as to a crash in C code


FAULTS = {f.__name__: f for f in (recursion, bug, loop, sleep, die)}


def install(fault: str) -> None:
    read = grader.load.submission.read_submission

    def read_submission(path: Path, module: str) -> grader.load.submission.Submission:
        try:
            tripped = MARKER in path.read_bytes()
        except OSError:
            tripped = False
        if tripped:
            FAULTS[fault]()
        return read(path, module)

    grader.load.learners.read_submission = read_submission
    budget = float(os.environ.get("GRADER_TEST_BUDGET", "3"))
    grader.grading.pool.task_budget = lambda task, limits: budget  # type: ignore[assignment]


if __name__ == "__main__":
    install(sys.argv.pop(1))
    main()
