"""The JSON data files a release writes for learners' copies of the course (the classic
mistakes' answers, the quiz sheets), read back bounded: a copy may be damaged or replaced."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

__all__ = ["read_data_file"]


def read_data_file(path: Path, *, format: str, what: str, max_bytes: int) -> dict[str, Any]:
    """The document in `path`, which says it is in `format`. Raises ValueError for a file
    larger than `max_bytes`, not JSON or of another format, OSError when it cannot be read."""
    with path.open("rb") as file:
        raw = file.read(max_bytes + 1)
    if len(raw) > max_bytes:
        raise ValueError(f"larger than {max_bytes // (1024 * 1024)} MiB")
    document = json.loads(raw.decode("utf-8"))
    if not isinstance(document, dict) or document.get("format") != format:
        raise ValueError(f"not {what} ({format!r})")
    return document
