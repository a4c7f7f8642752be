"""The course platforms `grader collect` reads, one small adapter each, in the order they
are tried when the platform is not given: the most particular names first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from grader.collect import blackboard, canvas, folders, github, gradescope, moodle
from grader.collect.model import Entry, HandedIn, Unplaced

__all__ = ["PLATFORMS", "Platform", "platform", "recognise"]


@dataclass(frozen=True)
class Platform:
    """An adapter: does a source look like this platform's, and who handed in which file."""

    name: str
    recognises: Callable[[list[Entry]], bool]
    hand_ins: Callable[[list[Entry]], tuple[list[HandedIn], list[Unplaced]]]


PLATFORMS = tuple(
    Platform(name, module.recognises, module.hand_ins)
    for name, module in (
        ("gradescope", gradescope),
        ("blackboard", blackboard),
        ("moodle", moodle),
        ("canvas", canvas),
        ("github", github),
        ("folders", folders),
    )
)


def platform(name: str) -> Platform:
    return next(p for p in PLATFORMS if p.name == name)


def recognise(entries: list[Entry]) -> Platform:
    """The first platform whose names the source's files carry (`folders` at the last)."""
    return next(p for p in PLATFORMS if p.recognises(entries))
