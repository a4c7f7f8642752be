"""The isolation level a class was graded at, as results.json, the gradebook and reports keep it."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

__all__ = ["IsolationLevel", "Level", "RANKS"]

Level = Literal["strong", "medium", "weak"]

# Weakest first: a run records the level of its weakest worker, and refuses one below it.
RANKS: dict[Level, int] = {"weak": 0, "medium": 1, "strong": 2}


@dataclass(frozen=True)
class IsolationLevel:
    """The level learner code ran at, the layers that made it, and what stayed open.

    The sandbox's `Isolation` says all it found (what each layer guards, what the host lets
    learner code reach); this is the part a run records and every later reader is given."""

    level: Level
    layers: tuple[tuple[str, bool], ...] = ()  # each layer's name and whether it was on, in order
    open: tuple[str, ...] = ()  # what learner code could still do, in words

    @property
    def hidden_checks_protected(self) -> bool:
        return self.level != "weak"

    def below(self, other: IsolationLevel) -> bool:
        """Whether this level is weaker than `other`."""
        return RANKS[self.level] < RANKS[other.level]

    def words(self) -> str:
        """`strong (namespaces, landlock ABI 7, ...)`: the level and the layers that were on."""
        on = ", ".join(name for name, active in self.layers if active)
        return f"{self.level} ({on})" if on else str(self.level)

    def to_dict(self) -> dict[str, Any]:
        return {"level": self.level, "layers": dict(self.layers), "open": list(self.open)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> IsolationLevel:
        level = data.get("level")
        if level not in RANKS:
            raise ValueError(f"not an isolation level: {level!r}")
        layers = tuple((str(name), bool(on)) for name, on in dict(data.get("layers", {})).items())
        return cls(level, layers, tuple(str(gap) for gap in data.get("open", ())))
