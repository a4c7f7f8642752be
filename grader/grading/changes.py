"""What changed since the gradebook's latest attempts: which of a learner's modules a run grades
(a new or edited file, changed checks, or --regrade), and what it records for each module,
graded or kept: when the file was handed in and how late that is."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from grader.course import Course, Module
from grader.course.lateness import (
    Extension,
    Manifest,
    assess,
    extension_for,
    from_mtime,
    parse_time,
)
from grader.gradebook import Entry, Latest, Run
from grader.grading.fingerprints import Inputs, learner_inputs
from grader.load import LearnerFiles
from grader.results import LearnerResult, ModuleResult, SubmittedFrom

__all__ = ["Changes"]


@dataclass(frozen=True)
class Changes:
    """One run's view of a class against its gradebook."""

    course: Course
    fingerprints: Mapping[str, str]  # module -> checks fingerprint for this run
    latest: Mapping[tuple[str, str], Latest]
    run: Run
    inputs: Mapping[tuple[str, str], Inputs]
    manifest: Manifest | None = None
    extensions: Sequence[Extension] = ()

    @classmethod
    def scan(
        cls,
        learners: Sequence[LearnerFiles],
        *,
        course: Course,
        fingerprints: Mapping[str, str],
        latest: Mapping[tuple[str, str], Latest],
        run: Run,
        manifest: Manifest | None = None,
        extensions: Sequence[Extension] = (),
    ) -> Changes:
        """Hash every learner's files, to compare with what their latest attempts graded."""
        inputs = {(lf.learner, m.name): _inputs(lf, m) for lf in learners for m in course.modules}
        return cls(course, fingerprints, latest, run, inputs, manifest, tuple(extensions))

    def to_grade(self, learner: LearnerFiles) -> tuple[str, ...]:
        """The learner's modules this run grades, in course order."""
        return tuple(
            m.name
            for m in self.course.modules
            if self.run.needs_grading(
                self.latest.get((learner.learner, m.name)),
                self.inputs[learner.learner, m.name].digest,
                self.fingerprints[m.name],
            )
        )

    def entries(self, learner: LearnerFiles, graded: LearnerResult | None) -> list[Entry]:
        """What to record for each of the learner's modules: the new attempt of a module
        just graded, else the latest kept, with its submission time and lateness now."""
        fresh = {m.module: m for m in graded.modules} if graded else {}
        return [self._entry(learner, name, fresh.get(name)) for name in self.course.module_names]

    def _entry(self, learner: LearnerFiles, module: str, result: ModuleResult | None) -> Entry:
        key = (learner.learner, module)
        inputs, latest = self.inputs[key], self.latest.get(key)
        if result is None:
            assert latest is not None, f"{key} was neither graded nor kept"
        file = result.file if result is not None else latest.file  # type: ignore[union-attr]
        unchanged = latest is not None and latest.inputs_sha256 == inputs.digest
        when, source = self._submitted(learner, file, latest if unchanged else None)
        policy = self.course.module(module).late_policy
        lateness = None
        if policy is not None and file is not None:
            extension = extension_for(self.extensions, learner.learner, module)
            lateness = assess(policy, when, source, extension)
        submitted_at = when.isoformat() if when else None
        if result is None:
            return Entry(module, submitted_at, source if file else None, lateness)
        return Entry(
            module,
            submitted_at,
            source if file else None,
            lateness,
            result,
            inputs.digest,
            inputs.files.get(file or ""),
            self.fingerprints[module],
        )

    def _submitted(
        self, learner: LearnerFiles, file: str | None, unchanged: Latest | None
    ) -> tuple[datetime | None, SubmittedFrom]:
        """The manifest's time for the file; else, for a file unchanged since its latest
        attempt, the time recorded then; else its modification time, when there is no
        manifest (a file the manifest lacks has no known time)."""
        if file is None:
            return None, "unknown"
        if self.manifest is not None and (when := self.manifest.submitted(learner.learner, file)):
            return when, "manifest"
        if unchanged is not None and unchanged.submitted_at:
            kept: SubmittedFrom = "manifest" if unchanged.submitted_from == "manifest" else "mtime"
            return parse_time(unchanged.submitted_at, "gradebook"), kept
        if self.manifest is not None:
            return None, "unknown"
        try:
            return from_mtime((learner.folder / file).lstat().st_mtime), "mtime"
        except OSError:
            return None, "unknown"


def _inputs(learner: LearnerFiles, module: Module) -> Inputs:
    """The learner's files for `module`, hashed; a folder that cannot be read as usual is
    graded every run (its grading says what is wrong) rather than stopping the scan."""
    try:
        return learner_inputs(learner.folder, module)
    except Exception as error:  # noqa: BLE001 - one learner's folder, never the run
        return Inputs(f"unreadable {uuid.uuid4()}: {type(error).__name__}")
