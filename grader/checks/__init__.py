"""Checks: how instructors write them, and how the grader runs them against learner code."""

from .api import Call, CheckFailed, check
from .compare import ATOL, RTOL

__all__ = ["ATOL", "RTOL", "Call", "CheckFailed", "check"]
