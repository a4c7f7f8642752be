"""The gradebook's tables, and opening a file as a gradebook: checked, created or migrated.

The schema has a version (table `schema_version`) and the file an application id, so that
a file that is not ours, or is corrupt, is refused with a message instead of being replaced.
A migration is a list of statements run in one transaction with the new version number.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from grader.gradebook._errors import GradebookError

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "connect"]

APPLICATION_ID = 0x47524442  # "GRDB" in the SQLite header: this file is a grader gradebook
SQLITE_HEADER = b"SQLite format 3\x00"

_V1 = (
    """CREATE TABLE schema_version (version INTEGER NOT NULL)""",
    """INSERT INTO schema_version (version) VALUES (0)""",
    # One row per `grader grade`; a run killed before its end has no finished_at.
    """CREATE TABLE runs (
        id INTEGER PRIMARY KEY,
        started_at TEXT NOT NULL,
        finished_at TEXT,
        pid INTEGER NOT NULL,
        grader_version TEXT NOT NULL,
        submissions TEXT NOT NULL,
        out TEXT NOT NULL,
        regrade INTEGER NOT NULL,          -- --regrade was given
        regrade_since INTEGER,             -- with --regrade: the run the regrade began in
        course_title TEXT NOT NULL,
        modules TEXT NOT NULL,             -- JSON: the course's modules, in order
        isolation TEXT NOT NULL,           -- JSON: the isolation learner code ran with
        graded INTEGER NOT NULL DEFAULT 0, -- module files graded in this run
        reused INTEGER NOT NULL DEFAULT 0  -- unchanged, their latest attempt kept
    )""",
    # The learners' code, once per distinct text, for reports of any attempt.
    """CREATE TABLE sources (sha256 TEXT PRIMARY KEY, text TEXT NOT NULL) WITHOUT ROWID""",
    # Every grading of a learner's module, never updated or deleted.
    """CREATE TABLE attempts (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs (id),
        learner TEXT NOT NULL,
        module TEXT NOT NULL,
        file TEXT,                         -- the graded file's name; NULL when missing
        file_sha256 TEXT,                  -- sha256 of the graded file's bytes
        inputs_sha256 TEXT NOT NULL,       -- every file the grading read: the cache key
        checks_fingerprint TEXT NOT NULL,  -- checks, reference, stub, limits, grader version
        grader_version TEXT NOT NULL,
        graded_at TEXT NOT NULL,
        submitted_at TEXT,                 -- when the file was handed in, as known then
        status TEXT NOT NULL,              -- graded | missing | error
        score REAL NOT NULL,               -- what the checks gave
        max_score REAL NOT NULL,
        passed INTEGER NOT NULL,
        checks INTEGER NOT NULL,
        result TEXT NOT NULL,              -- JSON: ModuleResult.to_dict(), every check's outcome
        source_sha256 TEXT REFERENCES sources (sha256)
    )""",
    """CREATE INDEX attempts_of_learner ON attempts (learner, module, id)""",
    # Each learner's module: the attempt that counts, and its lateness as of the last run.
    """CREATE TABLE latest (
        learner TEXT NOT NULL,
        module TEXT NOT NULL,
        attempt_id INTEGER NOT NULL REFERENCES attempts (id),
        submitted_at TEXT,
        submitted_from TEXT,               -- manifest | mtime | unknown
        lateness TEXT,                     -- JSON: results.Lateness; NULL with no deadline
        PRIMARY KEY (learner, module)
    ) WITHOUT ROWID""",
    # An instructor's scores; check_id '' is the whole module. Clearing keeps the row.
    """CREATE TABLE overrides (
        id INTEGER PRIMARY KEY,
        learner TEXT NOT NULL,
        module TEXT NOT NULL,
        check_id TEXT NOT NULL,
        score REAL NOT NULL,
        reason TEXT NOT NULL,
        set_at TEXT NOT NULL,
        cleared_at TEXT
    )""",
    """CREATE UNIQUE INDEX one_override ON overrides (learner, module, check_id)
       WHERE cleared_at IS NULL""",
    # Later deadlines granted to learners; module '*' is every module.
    """CREATE TABLE extensions (
        learner TEXT NOT NULL,
        module TEXT NOT NULL,
        deadline TEXT,
        days REAL NOT NULL,
        reason TEXT NOT NULL,
        PRIMARY KEY (learner, module)
    ) WITHOUT ROWID""",
)

# Version 2: quizzes, graded with the exercises; an attempt is kept only when its result
# differs from the latest, since quizzes are graded again at every run.
_V2 = (
    """CREATE TABLE quiz_attempts (
        id INTEGER PRIMARY KEY,
        run_id INTEGER NOT NULL REFERENCES runs (id),
        learner TEXT NOT NULL,
        quiz TEXT NOT NULL,
        file TEXT,                         -- the answers file's name; NULL when missing
        inputs_sha256 TEXT NOT NULL,       -- the answers file's bytes
        quiz_fingerprint TEXT NOT NULL,    -- the quiz, its generators and reference solution
        graded_at TEXT NOT NULL,
        status TEXT NOT NULL,
        score REAL NOT NULL,
        max_score REAL NOT NULL,
        result TEXT NOT NULL               -- JSON: QuizResult.to_dict()
    )""",
    """ALTER TABLE runs ADD COLUMN quizzes TEXT NOT NULL DEFAULT '[]'""",
    """CREATE TABLE latest_quiz (
        learner TEXT NOT NULL,
        quiz TEXT NOT NULL,
        attempt_id INTEGER NOT NULL REFERENCES quiz_attempts (id),
        PRIMARY KEY (learner, quiz)
    ) WITHOUT ROWID""",
)

# Version 3: an instructor's score for a whole quiz, kept like a module's (clearing keeps
# the row). A table of its own, since a quiz is named after its module.
_V3 = (
    """CREATE TABLE quiz_overrides (
        id INTEGER PRIMARY KEY,
        learner TEXT NOT NULL,
        quiz TEXT NOT NULL,
        score REAL NOT NULL,
        reason TEXT NOT NULL,
        set_at TEXT NOT NULL,
        cleared_at TEXT
    )""",
    """CREATE UNIQUE INDEX one_quiz_override ON quiz_overrides (learner, quiz)
       WHERE cleared_at IS NULL""",
)

# Version 4, feedback release: the course's policy per module as of the last run (replaced
# whole at every run, as extensions are), and the releases by hand of `grader publish`
# (withdrawing keeps the row, with who and when). Kept as a block of its own: version 4 also
# holds other tables, each block in its own tuple.
_V4_FEEDBACK = (
    """CREATE TABLE feedback_policies (
        module TEXT PRIMARY KEY,
        release TEXT NOT NULL,             -- immediately | deadline | manual
        due TEXT,                          -- under deadline: the module's due time, ISO 8601
        cutoff TEXT                        -- and its cutoff, when it has one
    ) WITHOUT ROWID""",
    """CREATE TABLE releases (
        id INTEGER PRIMARY KEY,
        module TEXT NOT NULL,
        released_at TEXT NOT NULL,
        released_by TEXT NOT NULL,         -- the OS user who ran `grader publish --release`
        withdrawn_at TEXT,
        withdrawn_by TEXT
    )""",
    """CREATE UNIQUE INDEX one_release ON releases (module) WHERE withdrawn_at IS NULL""",
)
# Version 4, the roster's part: the class list a `grader grade --roster` stored (replaced
# whole by the next one), the record of every learner renamed, removed or restored, and who
# is removed now (their rows stay where they are, so that the record of their work stays).
_V4_ROSTER = (
    """CREATE TABLE roster (
        position INTEGER PRIMARY KEY,      -- the roster file's order
        learner TEXT NOT NULL UNIQUE,
        name TEXT NOT NULL,
        email TEXT NOT NULL,
        lms_id TEXT NOT NULL,              -- the course platform's user id; '' when not known
        source TEXT NOT NULL               -- the file it was read from
    )""",
    """CREATE TABLE learner_record (
        id INTEGER PRIMARY KEY,
        what TEXT NOT NULL,                -- rename | remove | restore
        old TEXT NOT NULL,                 -- the learner's id before
        new TEXT NOT NULL,                 -- after ('' when removed)
        reason TEXT NOT NULL,
        at TEXT NOT NULL,
        by TEXT NOT NULL                   -- the account that did it
    )""",
    """CREATE TABLE removed_learners (
        learner TEXT PRIMARY KEY,
        record_id INTEGER NOT NULL REFERENCES learner_record (id)
    ) WITHOUT ROWID""",
)

_V4 = (*_V4_FEEDBACK, *_V4_ROSTER)

# Version 5, peer review. The rubric and shares of each peer-reviewed module as the last
# `grader peer` command read them; every `grader peer assign` (a pair, once made, is never
# changed: late joiners are added beside it); each submission's pseudonym; every counted review
# form, never updated, and the one that counts for each pair (a form handed in again replaces
# it, the earlier staying); every refused form and why; the instructor's changes to a review
# or to a peer mark, and their calibration marks (clearing keeps the row).
_V5 = (
    """CREATE TABLE peer_settings (
        module TEXT PRIMARY KEY,
        settings TEXT NOT NULL             -- JSON: PeerReview.to_dict()
    ) WITHOUT ROWID""",
    """CREATE TABLE peer_assignments (
        id INTEGER PRIMARY KEY,
        module TEXT NOT NULL,
        seed INTEGER NOT NULL,
        reviewers INTEGER NOT NULL,        -- asked per submission
        made_at TEXT NOT NULL,
        made_by TEXT NOT NULL,
        shortfalls TEXT NOT NULL           -- JSON: [[author, reviewers, why], ...]
    )""",
    """CREATE TABLE peer_submissions (
        module TEXT NOT NULL,
        author TEXT NOT NULL,
        pseudonym TEXT NOT NULL,
        assignment_id INTEGER NOT NULL REFERENCES peer_assignments (id),
        PRIMARY KEY (module, author),
        UNIQUE (module, pseudonym)
    ) WITHOUT ROWID""",
    """CREATE TABLE peer_pairs (
        module TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        author TEXT NOT NULL,
        assignment_id INTEGER NOT NULL REFERENCES peer_assignments (id),
        PRIMARY KEY (module, reviewer, author)
    ) WITHOUT ROWID""",
    """CREATE TABLE peer_reviews (
        id INTEGER PRIMARY KEY,
        module TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        author TEXT NOT NULL,
        file TEXT NOT NULL,                -- where the form was found
        form_sha256 TEXT NOT NULL,
        submitted_at TEXT,                 -- when it was handed in, as the source says
        collected_at TEXT NOT NULL,
        scores TEXT NOT NULL,              -- JSON: [ReviewScore.to_dict(), ...]
        comment TEXT NOT NULL
    )""",
    """CREATE INDEX peer_reviews_of ON peer_reviews (module, author, reviewer, id)""",
    """CREATE TABLE latest_review (
        module TEXT NOT NULL,
        reviewer TEXT NOT NULL,
        author TEXT NOT NULL,
        review_id INTEGER NOT NULL REFERENCES peer_reviews (id),
        PRIMARY KEY (module, reviewer, author)
    ) WITHOUT ROWID""",
    """CREATE TABLE peer_refusals (
        id INTEGER PRIMARY KEY,
        reviewer TEXT,                     -- NULL: a loose form that names nobody usable
        file TEXT NOT NULL,
        form_sha256 TEXT NOT NULL,
        message TEXT NOT NULL,
        collected_at TEXT NOT NULL
    )""",
    """CREATE TABLE peer_overrides (
        id INTEGER PRIMARY KEY,
        module TEXT NOT NULL,
        author TEXT NOT NULL,
        reviewer TEXT NOT NULL,            -- '' : the submission's peer mark
        score REAL,                        -- the peer mark, for reviewer ''
        scores TEXT,                       -- JSON: a review's levels that replace the reviewer's
        discarded INTEGER NOT NULL DEFAULT 0,
        reason TEXT NOT NULL,
        set_at TEXT NOT NULL,
        cleared_at TEXT
    )""",
    """CREATE UNIQUE INDEX one_peer_override ON peer_overrides (module, author, reviewer)
       WHERE cleared_at IS NULL""",
    """CREATE TABLE peer_calibrations (
        id INTEGER PRIMARY KEY,
        module TEXT NOT NULL,
        author TEXT NOT NULL,
        scores TEXT NOT NULL,              -- JSON: the instructor's levels
        set_at TEXT NOT NULL,
        cleared_at TEXT
    )""",
    """CREATE UNIQUE INDEX one_calibration ON peer_calibrations (module, author)
       WHERE cleared_at IS NULL""",
)

MIGRATIONS: tuple[tuple[str, ...], ...] = (_V1, _V2, _V3, _V4, _V5)  # [n - 1] makes version n
SCHEMA_VERSION = len(MIGRATIONS)


def connect(path: Path, *, create: bool) -> sqlite3.Connection:
    """Open `path` as a gradebook, creating or migrating it; refuse anything else."""
    _check_file(path, create)
    try:
        db = sqlite3.connect(path, timeout=30, isolation_level=None)
    except sqlite3.Error as error:
        raise GradebookError(f"{path} cannot be opened: {error}") from None
    try:
        _prepare(db, path, create)
    except sqlite3.DatabaseError as error:
        db.close()
        raise GradebookError(
            f"{path} cannot be read as a gradebook ({error}): it may be "
            "corrupt. It was left as it is; restore it from a copy, or "
            "choose another --db"
        ) from None
    except BaseException:
        db.close()
        raise
    return db


def _check_file(path: Path, create: bool) -> None:
    """Refuse what is clearly not a gradebook, and a missing one unless it is to be made."""
    if not path.exists():
        if not create:
            raise GradebookError(
                f"no gradebook at {path}: `grader grade` makes one (or give the right --db)"
            )
        path.parent.mkdir(parents=True, exist_ok=True)
        return
    if not path.is_file():
        raise GradebookError(f"{path} is not a file; choose another --db")
    with path.open("rb") as handle:
        header = handle.read(len(SQLITE_HEADER))
    if header and header != SQLITE_HEADER:  # an empty file holds nothing to lose
        raise GradebookError(
            f"{path} is not a gradebook (not an SQLite database). It was "
            "left as it is; move it away or choose another --db"
        )


def _prepare(db: sqlite3.Connection, path: Path, create: bool) -> None:
    application_id = db.execute("PRAGMA application_id").fetchone()[0]
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    # An SQLite file with no table holds nothing: a gradebook killed while being created.
    if application_id != APPLICATION_ID and (tables or application_id):
        raise GradebookError(
            f"{path} is an SQLite database but not a grader gradebook"
            + (f" (it has tables {', '.join(sorted(tables)[:5])})" if tables else "")
            + ". It was left as it is; choose another --db"
        )
    if not tables and not create:
        raise GradebookError(f"{path} is an empty gradebook: `grader grade` fills it")
    if (check := db.execute("PRAGMA quick_check").fetchone()[0]) != "ok":
        raise sqlite3.DatabaseError(check)
    db.execute("PRAGMA journal_mode = WAL")
    db.execute("PRAGMA synchronous = FULL")  # a committed result survives a power cut too
    db.execute("PRAGMA foreign_keys = ON")
    _migrate(db, path)


def _migrate(db: sqlite3.Connection, path: Path) -> None:
    if _version(db) == SCHEMA_VERSION:
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        version = _version(db)
        if version > SCHEMA_VERSION:
            raise GradebookError(
                f"{path} was made by a newer grader (gradebook schema "
                f"{version}; this grader knows up to {SCHEMA_VERSION}): "
                "upgrade the grader"
            )
        for statements in MIGRATIONS[version:]:
            for statement in statements:
                db.execute(statement)
        db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION,))
        db.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        db.execute("COMMIT")
    except BaseException:
        db.execute("ROLLBACK")
        raise


def _version(db: sqlite3.Connection) -> int:
    exists = db.execute("SELECT 1 FROM sqlite_master WHERE name = 'schema_version'").fetchone()
    if not exists:
        return 0
    row = db.execute("SELECT version FROM schema_version").fetchone()
    return int(row[0]) if row else 0
