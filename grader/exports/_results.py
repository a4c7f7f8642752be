"""The class files a grading run writes beside its reports: results.json and grades.csv.

Both are made of a head and one piece per learner, so that a run can stream them out learner
by learner; results.json holds one learner per line.
"""

from __future__ import annotations

import json

from grader.exports._table import table_head, table_row
from grader.results import ClassResult, LearnerResult

__all__ = [
    "GRADES_COLUMNS",
    "grades_csv",
    "grades_csv_head",
    "grades_csv_row",
    "results_json",
    "results_json_head",
    "results_json_learner",
    "results_json_tail",
]

# learner, one column per module (the score that counts), one per quiz, a peer mark and a
# reviewing mark per peer-reviewed module (the points the module's score counts), then these
GRADES_COLUMNS = ("total", "penalty", "notes")


def results_json(result: ClassResult) -> str:
    learners = [results_json_learner(lr) for lr in result.learners]
    return results_json_head(result) + ",\n".join(learners) + results_json_tail(result)


def results_json_head(result: ClassResult) -> str:
    """Everything before the first learner (the learners of `result` are not written)."""
    grader = json.dumps(result.to_dict()["grader"], ensure_ascii=False)
    return f'{{"grader": {grader},\n "learners": [\n'


def results_json_learner(learner: LearnerResult) -> str:
    return json.dumps(learner.to_dict(), ensure_ascii=False)


def results_json_tail(result: ClassResult) -> str:
    return "\n]}\n"


def grades_csv(result: ClassResult) -> str:
    """One row per learner: learner, one column per module (the score that counts), one per
    quiz, `<module> peer` and `<module> reviewing` per peer-reviewed module (the points of the
    module's score they are), total, the points taken off for lateness, and notes on
    penalties, overrides and peer review."""
    return grades_csv_head(result) + "".join(grades_csv_row(result, lr) for lr in result.learners)


def grades_csv_head(result: ClassResult) -> str:
    return table_head(result, id_column="learner", columns=GRADES_COLUMNS, peer=True)


def grades_csv_row(result: ClassResult, learner: LearnerResult) -> str:
    return table_row(result, learner, columns=GRADES_COLUMNS, peer=True)
