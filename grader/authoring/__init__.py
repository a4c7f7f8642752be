"""Tools for course authors: `grader validate` holds a module to what grading relies on, and
`grader new module` writes a module's skeleton for it to guide to completion."""

from __future__ import annotations

from grader.authoring.findings import Finding
from grader.authoring.skeleton import ModuleExists, ModuleNameError, new_module
from grader.authoring.validate import RULES, validate

__all__ = ["RULES", "Finding", "ModuleExists", "ModuleNameError", "new_module", "validate"]
