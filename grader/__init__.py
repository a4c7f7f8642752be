"""grader: sandboxed, fast, teaching-first grading of machine-learning exercises."""

__version__ = "0.1.0"

__all__ = ["__version__"]
