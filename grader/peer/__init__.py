"""Peer review, beside the grading pipeline: who reviews whose work (allocation), what each
reviewer receives (packets, scrubbed of the class's names by anonymity), the forms they fill
in and hand back (forms, gathered by inbox), the marks the reviews make (marks), and the
functions of `grader peer` (assign, collect, decisions).

Only the allocation is imported here: the gradebook reads the marks, and the packets load
jinja2 and Pygments, which a command that does not write them should not pay for."""

from __future__ import annotations

from grader.peer.allocation import Allocation, Shortfall, allocate

__all__ = ["Allocation", "Shortfall", "allocate"]
