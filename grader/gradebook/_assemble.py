"""From the gradebook's rows to the one data model: the latest attempt of each learner's
module, with its lateness, the instructor's overrides and the attempts before it."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from grader.results import (
    Attempt,
    CheckResult,
    ClassResult,
    IsolationLevel,
    Lateness,
    LearnerResult,
    ModuleResult,
    ModuleStatus,
    Override,
)

__all__ = ["OverrideRow", "apply_overrides", "assemble"]


@dataclass(frozen=True)
class OverrideRow:
    """An instructor's score as stored: for a check, or for the module when check_id is ''."""

    learner: str
    module: str
    check_id: str
    score: float
    reason: str
    set_at: str


def assemble(
    latest: Iterable[Sequence[Any]],
    attempts: Iterable[Sequence[Any]],
    overrides: Iterable[OverrideRow],
    *,
    modules: Sequence[str],
    isolation: IsolationLevel | None,
    grader_version: str,
) -> ClassResult:
    """`latest`: (learner, module, attempt id, lateness JSON, result JSON, source) rows;
    `attempts`: every attempt's summary columns, oldest first."""
    history = _attempts(attempts)
    chosen = _by_module(overrides)
    found: dict[str, dict[str, ModuleResult]] = {}
    for learner, module, attempt_id, lateness, result, source in latest:
        if module not in modules:  # a module the course no longer has
            continue
        earlier = history[learner, module]
        found.setdefault(learner, {})[module] = apply_overrides(
            replace(
                ModuleResult.from_dict(json.loads(result)),
                source=source or "",
                lateness=Lateness.from_dict(json.loads(lateness)) if lateness else None,
                attempt=next(a for i, a in earlier if i == attempt_id),
                history=tuple(a for i, a in earlier if i != attempt_id),
            ),
            chosen.get((learner, module), {}),
        )
    learners = tuple(
        LearnerResult(name, tuple(found[name][m] for m in modules if m in found[name]))
        for name in sorted(found)
    )
    return ClassResult(grader_version, learners, tuple(modules), isolation)


def _attempts(rows: Iterable[Sequence[Any]]) -> dict[tuple[str, str], list[tuple[int, Attempt]]]:
    found: dict[tuple[str, str], list[tuple[int, Attempt]]] = {}
    for (
        attempt_id,
        learner,
        module,
        graded_at,
        file,
        file_sha256,
        status,
        score,
        max_score,
        passed,
        checks,
        submitted_at,
        fingerprint,
        version,
    ) in rows:
        mine = found.setdefault((learner, module), [])
        mine.append(
            (
                attempt_id,
                Attempt(
                    len(mine) + 1,
                    graded_at,
                    file,
                    file_sha256,
                    ModuleStatus(status),
                    score,
                    max_score,
                    passed,
                    checks,
                    submitted_at,
                    fingerprint,
                    version,
                ),
            )
        )
    return found


def _by_module(rows: Iterable[OverrideRow]) -> dict[tuple[str, str], dict[str, OverrideRow]]:
    found: dict[tuple[str, str], dict[str, OverrideRow]] = {}
    for row in rows:
        found.setdefault((row.learner, row.module), {})[row.check_id] = row
    return found


def apply_overrides(result: ModuleResult, rows: Mapping[str, OverrideRow]) -> ModuleResult:
    """A check's override replaces its score; the module's replaces the module's score, late
    penalty included. Each keeps what the grading gave without it."""
    if not rows:
        return result
    result = replace(result, checks=tuple(_check(c, rows.get(c.id)) for c in result.checks))
    if (row := rows.get("")) is not None:
        result = replace(
            result, override=Override(row.score, row.reason, row.set_at, graded_score=result.score)
        )
    return result


def _check(check: CheckResult, row: OverrideRow | None) -> CheckResult:
    if row is None:
        return check
    return replace(
        check,
        score=row.score,
        override=Override(row.score, row.reason, row.set_at, graded_score=check.score),
    )
