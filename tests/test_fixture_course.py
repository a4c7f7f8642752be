"""The grader's tests grade their own frozen fixture course, never the shipped one.

The audit hook in conftest fails a test of the grader that opens the shipped course in the
test process; these tests cover what it cannot see: the grader a test starts as a child
process, and a fixture course that would reach back into the shipped one through a link.
"""

from __future__ import annotations

import os
import subprocess
import sys

from grader.course import find_course_root, load_course

from .conftest import COURSE, ROOT


def test_the_course_the_grader_finds_in_a_test_is_the_fixture_course() -> None:
    assert find_course_root() == COURSE
    assert load_course().root == COURSE


def test_a_grader_started_from_the_checkout_by_a_test_finds_the_fixture_course() -> None:
    script = "from grader.course import find_course_root; print(find_course_root())"
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(COURSE)


def test_no_file_of_the_fixture_course_is_a_link_out_of_it() -> None:
    """A link to the shipped course would bring a course author's edits back in."""
    links = [path for path in COURSE.rglob("*") if path.is_symlink()]
    assert links == []
