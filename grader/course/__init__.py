"""The course: its settings (`course.toml`), its modules and their files, and its rules for
deadlines and late work."""

from grader.course.settings import (
    Course,
    CourseError,
    CourseFileError,
    Module,
    NoCourse,
    UnknownModule,
    course_for,
    find_course_root,
    load_course,
)

__all__ = [
    "Course",
    "CourseError",
    "CourseFileError",
    "Module",
    "NoCourse",
    "UnknownModule",
    "course_for",
    "find_course_root",
    "load_course",
]
