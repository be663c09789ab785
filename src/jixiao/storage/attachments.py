"""Files a project file refers to (work records, a holiday calendar), stored beside its text.

On disk a project file names them relative to its own folder (``evidence.records``,
``evidence.calendar``). In the database each is a row keyed by that same relative name; to score,
the rows are written into a fresh temporary folder that the core reads as the project's folder.
Names are checked first, so a stored project can never make the server read its own files.
"""

from __future__ import annotations

import atexit
import re
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path, PurePosixPath
from typing import Any

from ..diagnostics import Diagnostic, Source
from ..frameworks import builtin_names
from .yamledit import read_data

MAX_NAME_BYTES = 200
_SAFE_PART = re.compile(r"^[^/\\:*?\"<>|\x00-\x1f]+$")


def referenced(text: str) -> list[str]:
    """Every file name the project file's ``evidence`` section refers to."""
    return _referenced(read_data(text))


def _referenced(data: Any) -> list[str]:
    evidence = data.get("evidence") if isinstance(data, dict) else None
    if not isinstance(evidence, dict):
        return []
    names = [_record_name(item) for item in evidence.get("records") or [] if _record_name(item)]
    calendar = evidence.get("calendar")
    return [*names, *([str(calendar)] if calendar else [])]


def _record_name(item: Any) -> str:
    if isinstance(item, dict):
        return str(item.get("file") or "")
    return str(item) if item is not None else ""


def safe_name(name: str) -> bool:
    """A relative path inside the project's folder: no drive, no root, no ``..``, no control
    character, and short enough for every file system (255 bytes a name) and both databases."""
    parts = PurePosixPath(name).parts
    return (bool(parts) and not name.startswith("/") and len(name.encode()) <= MAX_NAME_BYTES
            and all(p != ".." and _SAFE_PART.match(p) for p in parts))


def unsafe_references(text: str, name: str) -> list[Diagnostic]:
    """What a stored project may not refer to: framework files and paths outside its folder."""
    data = read_data(text)  # parsed once for both checks: this runs on every save
    problems = [Diagnostic("bad-value", f"记录文件名“{ref}”不合法：只能是项目文件夹内的相对路径", Source(name),
                           "例如 records/worklog.csv；不能以 / 开头，也不能含有 ..")
                for ref in _referenced(data) if not safe_name(ref)]
    return [*_framework_files(data, name), *problems]


def _framework_files(data: Any, name: str) -> list[Diagnostic]:
    spec = data.get("framework") if isinstance(data, dict) else None
    problems = []
    while spec is not None:
        if isinstance(spec, str) and spec not in builtin_names():
            problems.append(Diagnostic("unknown-framework", f"网页和数据库中的项目只能使用内置指标体系，不能引用文件“{spec}”",
                                       Source(name), "内置指标体系：" + "、".join(builtin_names())))
        spec = spec.get("extends") if isinstance(spec, dict) else None
    return problems


def read_beside(project_file: Path, text: str) -> dict[str, bytes]:
    """The referenced files that exist next to a project file on disk (for ``jixiao db import``)."""
    out = {}
    for ref in referenced(text):
        path = project_file.parent / ref
        if safe_name(ref) and path.is_file():
            out[ref] = path.read_bytes()
    return out


@contextmanager
def folder(files: Mapping[str, bytes]) -> Iterator[Path]:
    """A temporary folder holding ``files`` under their names, removed afterwards."""
    if not files:  # most projects have none: skip making and removing a folder on every save
        yield _empty_folder()
        return
    with tempfile.TemporaryDirectory(prefix="jixiao-") as tmp:
        root = Path(tmp)
        for name, content in files.items():
            if safe_name(name):
                target = root / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
        yield root


@lru_cache(maxsize=1)
def _empty_folder() -> Path:
    """A private empty folder, made once per process (``mkdtemp`` makes it readable by its owner
    only, so nobody can put a file in it) and removed when the process exits."""
    path = Path(tempfile.mkdtemp(prefix="jixiao-empty-"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def write_beside(output: Path, files: Mapping[str, bytes]) -> list[Path]:
    """Write the attachments next to an exported project file, as they were on import."""
    written = []
    for name, content in files.items():
        if safe_name(name):
            target = output.parent / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content)
            written.append(target)
    return written
