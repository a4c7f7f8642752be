"""The course: its modules, the functions each one grades, and where their checks live.

Everything is read from files so that the course is data, not code: `exercises/course.toml`
lists the modules in order, each stub `exercises/<module>.py` defines the graded functions
(read with `ast`, never imported), public checks sit in `exercises/checks/`, and hidden
checks, reference solutions and classic mistakes in `solutions/` (a learner's copy, made by
`grader release`, has the mistakes' answers to the public checks in `exercises/checks/`).
"""

from __future__ import annotations

import ast
import os
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any, cast

from grader.course.contract import protected_arguments
from grader.course.feedback import DEFAULT_RELEASE, RELEASES, FeedbackPolicy, Release
from grader.course.lateness import LatenessError, LatePolicy, parse_time
from grader.course.peer_review import PeerReview, RubricError, peer_reviews
from grader.errors import BadInput, CourseProblem, GraderError
from grader.sandbox.limits import Limits

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


_LIMIT_TYPES = {f.name: int if f.type in (int, "int") else float for f in fields(Limits)}
LIMIT_KEYS = frozenset(_LIMIT_TYPES)
_DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*")


class CourseError(GraderError):
    """The course cannot be used: not found, malformed, or without the module asked for."""


class NoCourse(CourseError, BadInput):
    """No course where the user ran the grader, or where they pointed it to."""


class UnknownModule(CourseError, BadInput):
    """The user named a module the course does not have."""


class CourseFileError(CourseError, CourseProblem):
    """The course's settings or a stub cannot be used; the message names the file."""


@dataclass(frozen=True, eq=False)
class Module:
    """One course module: a learner file named after it, and the checks that grade it."""

    name: str
    stub: Path
    functions: dict[str, tuple[str, ...]]  # graded function -> its parameter names
    public_checks: Path
    hidden_checks: Path
    reference: Path
    mistakes: tuple[Path, ...] = field(default=())
    # A learner's copy has no mistakes' code, only their answers recorded at release.
    precomputed_mistakes: Path | None = None
    late_policy: LatePolicy | None = None  # the deadline and its penalty rule, when it has one
    feedback: FeedbackPolicy = field(default=FeedbackPolicy())  # when learners see details
    # graded function -> the parameters its contract says a call leaves unchanged
    protected: dict[str, tuple[str, ...]] = field(default_factory=dict)
    limits: Limits = field(default=Limits())  # [limits] with [limits.<module>] on top
    # what the zygote of this module's jobs imports before it forks them ([sandbox.<module>])
    preload: tuple[str, ...] = ()
    peer: PeerReview | None = None  # its peer review ([peer.<module>]), when it has one

    @property
    def filename(self) -> str:
        return f"{self.name}.py"


@dataclass(frozen=True, eq=False)
class Course:
    """The course a grader run works with."""

    root: Path
    title: str
    modules: tuple[Module, ...]
    limits: Limits

    @property
    def module_names(self) -> tuple[str, ...]:
        return tuple(m.name for m in self.modules)

    def with_limits(self, **overrides: Any) -> Course:
        """This course with some limits changed for every module (an override of None keeps
        each module's own value): what the grader's --call-timeout and the like ask for."""
        return replace(
            self,
            limits=self.limits.but(**overrides),
            modules=tuple(replace(m, limits=m.limits.but(**overrides)) for m in self.modules),
        )

    def with_module_limits(self, limits: Mapping[str, Limits]) -> Course:
        """This course with these modules' limits (by module name) instead of its own."""
        return replace(
            self,
            modules=tuple(replace(m, limits=limits.get(m.name, m.limits)) for m in self.modules),
        )

    def module(self, name: str) -> Module:
        for module in self.modules:
            if module.name == name:
                return module
        known = ", ".join(self.module_names)
        raise UnknownModule(f"unknown module {name!r}: this course has {known}")


def find_course_root(start: Path | None = None) -> Path:
    """The course folder: $GRADER_COURSE, else the nearest folder up from `start` with an
    `exercises/course.toml`, else the checkout the grader package was installed from."""
    if env := os.environ.get("GRADER_COURSE"):
        return Path(env)
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "exercises" / "course.toml").is_file():
            return folder
    checkout = Path(__file__).resolve().parents[2]  # grader/course/settings.py in a checkout
    if (checkout / "exercises" / "course.toml").is_file():
        return checkout
    raise NoCourse(
        "no course found: run the grader inside a course folder (one with "
        "exercises/course.toml), or set GRADER_COURSE to it"
    )


def load_course(root: Path | None = None) -> Course:
    """Read the course at `root` (found with find_course_root when not given)."""
    root = Path(root) if root is not None else find_course_root()
    config_path = root / "exercises" / "course.toml"
    try:
        config = tomllib.loads(config_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NoCourse(f"{config_path} not found: is {root} a course folder?") from None
    except tomllib.TOMLDecodeError as error:
        raise CourseFileError(f"{config_path}: {error}") from None
    names = config.get("modules")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) for n in names):
        raise CourseFileError(f"{config_path}: `modules` must be a list of module names")
    limits, module_limits = _limits(config.get("limits", {}), names, config_path)
    preloads = _preloads(config.get("sandbox", {}), names, config_path)
    policies = _late_policies(config.get("deadlines", {}), names, config_path)
    feedback = _feedback_policies(config.get("feedback", {}), names, config_path, policies)
    peer = _peer_reviews(config.get("peer", {}), names, config_path)
    modules = tuple(
        replace(
            _module(root, name),
            late_policy=policies.get(name),
            feedback=feedback[name],
            limits=module_limits[name],
            preload=preloads.get(name, ()),
            peer=peer.get(name),
        )
        for name in names
    )
    return Course(root, str(config.get("title", root.name)), modules, limits)


def _per_module(table: Any, key: str, names: list[str], config_path: Path) -> dict[str, Any]:
    """The `[<key>.<module>]` tables of `[<key>]`, each of a module the course has."""
    if not isinstance(table, dict):
        raise CourseFileError(f"{config_path}: `{key}` must be a table")
    per_module = {k: v for k, v in table.items() if isinstance(v, dict)}
    if unknown := sorted(set(per_module) - set(names)):
        raise CourseFileError(
            f"{config_path}: [{key}.{unknown[0]}]: no such module "
            f"(the modules are {', '.join(names)})"
        )
    return per_module


def _limits(table: Any, names: list[str], config_path: Path) -> tuple[Limits, dict[str, Limits]]:
    """`[limits]` for every module, and `[limits.<module>]` what one module needs otherwise
    (only the keys it gives change)."""
    per_module = _per_module(table, "limits", names, config_path)
    defaults = {k: v for k, v in table.items() if k not in per_module}
    course_limits = _limits_from(defaults, f"{config_path}: [limits]")
    return course_limits, {
        name: _limits_from(defaults | per_module.get(name, {}), f"{config_path}: [limits.{name}]")
        for name in names
    }


def _limits_from(settings: dict[str, Any], where: str) -> Limits:
    if unknown := sorted(set(settings) - LIMIT_KEYS):
        raise CourseFileError(
            f"{where}: unknown setting {unknown[0]!r} (known: {', '.join(sorted(LIMIT_KEYS))})"
        )
    for key, value in settings.items():
        kind = int if _LIMIT_TYPES[key] is int else int | float
        if isinstance(value, bool) or not isinstance(value, kind):
            whole = " whole" if kind is int else ""
            raise CourseFileError(f"{where}: {key} must be a{whole} number, not {value!r}")
    try:
        return Limits(**settings)
    except ValueError as error:
        raise CourseFileError(f"{where}: {error}") from None


def _preloads(table: Any, names: list[str], config_path: Path) -> dict[str, tuple[str, ...]]:
    """`[sandbox.<module>] preload`: the modules the zygote of that module's jobs imports."""
    per_module = _per_module(table, "sandbox", names, config_path)
    if loose := sorted(set(table) - set(per_module)):
        raise CourseFileError(
            f"{config_path}: [sandbox]: unknown setting {loose[0]!r} (preloading is "
            "per module: [sandbox.<module>] preload = [...])"
        )
    preloads = {}
    for name, settings in per_module.items():
        where = f"{config_path}: [sandbox.{name}]"
        if unknown := sorted(set(settings) - {"preload"}):
            raise CourseFileError(f"{where}: unknown setting {unknown[0]!r} (known: preload)")
        preload = settings.get("preload", [])
        if not isinstance(preload, list) or not all(
            isinstance(p, str) and _DOTTED.fullmatch(p) for p in preload
        ):
            raise CourseFileError(
                f'{where}: preload must be a list of module names such as "sklearn.tree"'
            )
        preloads[name] = tuple(preload)
    return preloads


def _peer_reviews(table: Any, names: list[str], config_path: Path) -> dict[str, PeerReview]:
    """`[peer.<module>]`: the rubric of a module learners review, and how its marks count."""
    per_module = _per_module(table, "peer", names, config_path)
    if loose := sorted(set(table) - set(per_module)):
        raise CourseFileError(
            f"{config_path}: [peer]: unknown setting {loose[0]!r} (peer review is set per "
            "module: [peer.<module>])"
        )
    try:
        return peer_reviews(per_module)
    except RubricError as error:
        raise CourseFileError(f"{config_path}: {error}") from None


_POLICY_KEYS = {"due", "penalty", "percent_per_day", "max_percent", "cutoff"}


def _late_policies(table: Any, names: list[str], config_path: Path) -> dict[str, LatePolicy]:
    """`[deadlines]` holds defaults for every module (a penalty rule, ...), and
    `[deadlines.<module>]` each module's `due` time and anything it sets differently."""
    per_module = _per_module(table, "deadlines", names, config_path)
    defaults = {k: v for k, v in table.items() if not isinstance(v, dict)}
    _refuse_unknown_keys(defaults, "[deadlines]", config_path)
    return {
        name: _late_policy(defaults | settings, f"{config_path}: [deadlines.{name}]")
        for name, settings in per_module.items()
    }


def _late_policy(settings: dict[str, Any], where: str) -> LatePolicy:
    _refuse_unknown_keys(settings, where, None)
    if "due" not in settings:
        raise CourseFileError(f"{where}: no `due` time (ISO 8601 with a time zone)")
    try:
        return LatePolicy(
            deadline=parse_time(settings["due"], f"{where} due"),
            rule=settings.get("penalty", "none"),
            percent_per_day=float(settings.get("percent_per_day", 0)),
            max_percent=float(settings.get("max_percent", 100)),
            cutoff=parse_time(settings["cutoff"], f"{where} cutoff")
            if "cutoff" in settings
            else None,
        )
    except (LatenessError, TypeError, ValueError) as error:
        message = str(error)
        raise CourseFileError(
            message if message.startswith(where) else f"{where}: {message}"
        ) from None


def _refuse_unknown_keys(settings: dict[str, Any], where: str, config_path: Path | None) -> None:
    if unknown := sorted(set(settings) - _POLICY_KEYS):
        prefix = f"{config_path}: {where}" if config_path else where
        raise CourseFileError(
            f"{prefix}: unknown setting {unknown[0]!r} (known: {', '.join(sorted(_POLICY_KEYS))})"
        )


def _feedback_policies(
    table: Any, names: list[str], config_path: Path, late: dict[str, LatePolicy]
) -> dict[str, FeedbackPolicy]:
    """`[feedback]` sets when every module's details are released, and `[feedback.<module>]`
    a module differently; a release at the deadline takes the module's times from
    `[deadlines]`."""
    per_module = _per_module(table, "feedback", names, config_path)
    defaults = {k: v for k, v in table.items() if k not in per_module}
    default = _release(defaults, f"{config_path}: [feedback]") or DEFAULT_RELEASE
    policies = {}
    for name in names:
        where = f"{config_path}: [feedback.{name}]"
        deadline = late.get(name)
        policies[name] = FeedbackPolicy(
            _release(per_module.get(name, {}), where) or default,
            deadline.deadline if deadline else None,
            deadline.cutoff if deadline else None,
        )
    return policies


def _release(settings: dict[str, Any], where: str) -> Release | None:
    if unknown := sorted(set(settings) - {"release"}):
        raise CourseFileError(f"{where}: unknown setting {unknown[0]!r} (known: release)")
    release = settings.get("release")
    if release is not None and release not in RELEASES:
        known = ", ".join(f'"{r}"' for r in RELEASES)
        raise CourseFileError(f"{where}: release must be one of {known}, not {release!r}")
    return cast(Release | None, release)


def _module(root: Path, name: str) -> Module:
    stub = root / "exercises" / f"{name}.py"
    if not stub.is_file():
        raise CourseFileError(f"module {name!r} has no stub file {stub}")
    mistakes = root / "solutions" / "mistakes" / name
    return Module(
        name=name,
        stub=stub,
        functions=graded_functions(stub),
        protected=_protected(stub),
        public_checks=root / "exercises" / "checks" / f"test_{name}.py",
        hidden_checks=root / "solutions" / "checks" / f"test_{name}_hidden.py",
        reference=root / "solutions" / f"{name}.py",
        mistakes=tuple(sorted(mistakes.glob("*.py"))) if mistakes.is_dir() else (),
        precomputed_mistakes=root / "exercises" / "checks" / f"mistakes_{name}.json",
    )


def graded_functions(stub: Path) -> dict[str, tuple[str, ...]]:
    """The public top-level functions of a stub file and their parameter names."""
    tree = ast.parse(stub.read_text(encoding="utf-8"), str(stub))
    return {
        node.name: tuple(a.arg for a in (*node.args.posonlyargs, *node.args.args))
        for node in tree.body
        if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
    }


def _protected(stub: Path) -> dict[str, tuple[str, ...]]:
    try:
        return protected_arguments(ast.parse(stub.read_text(encoding="utf-8"), str(stub)))
    except ValueError as error:
        raise CourseFileError(f"{stub}: {error}") from None


def course_for(path: Path) -> Course:
    """The course of a learner's file: the nearest one up from the file, else from here."""
    try:
        return load_course(find_course_root(path.resolve().parent))
    except CourseError:
        return load_course(find_course_root())
