"""Peer review, beside the grading pipeline: who reviews whose work (the allocation)."""

from __future__ import annotations

from grader.peer.allocation import Allocation, Shortfall, allocate

__all__ = ["Allocation", "Shortfall", "allocate"]
