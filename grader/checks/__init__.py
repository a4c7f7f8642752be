"""Checks: how instructors write them, and how the grader runs them against learner code."""

from grader.checks.api import Call, CheckFailed, check
from grader.checks.compare import ATOL, RTOL

__all__ = ["ATOL", "RTOL", "Call", "CheckFailed", "check"]
