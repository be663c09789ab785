"""Plain data the :class:`~.store.Store` facade hands out: frozen copies of what the web layer
and the CLI show, built from the ORM rows inside the storage layer, so no caller holds a row
bound to a session (or can lazily load from one after it closed)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .schema import Project, User


@dataclass(frozen=True, slots=True)
class ProjectView:
    """One project as it is shown: the filter columns, the version, and the text and assigned
    evaluators where the caller asked for them (a list leaves the text out)."""

    id: int
    name: str
    department: str
    year: int | None
    category: str
    status: str
    version: int
    total: Decimal | None
    grade: str
    errors: int
    updated_at: dt.datetime
    text: str = ""
    evaluators: tuple[str, ...] = ()


def file_name(row: Project | ProjectView) -> str:
    """How diagnostics name a stored project: ``项目12.yaml``."""
    return f"项目{row.id}.yaml"


def view_of(row: Project, text: bool = True, evaluators: Sequence[str] = ()) -> ProjectView:
    """``row`` as plain data; ``text=False`` for a row read with its text deferred."""
    return ProjectView(row.id, row.name, row.department, row.year, row.category, row.status, row.version,
                       row.total, row.grade, row.errors, row.updated_at, row.text if text else "",
                       tuple(evaluators))


@dataclass(frozen=True, slots=True)
class ProjectList:
    """One page of the project list, with the values each filter can take when asked for."""

    rows: tuple[ProjectView, ...]
    count: int
    page: int
    per_page: int
    choices: dict[str, list[Any]] | None = None

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.per_page))


@dataclass(frozen=True, slots=True)
class AuditLine:
    """One entry of a project's audit log (the columns of :class:`.schema.AuditEntry`)."""

    id: int
    project_id: int | None
    at: dt.datetime
    username: str
    action: str
    path: str
    old: str
    new: str
    reason: str


@dataclass(frozen=True, slots=True)
class UserView:
    """An account as the administrator sees it; ``locked`` when recent failed logins slow down
    whoever guesses for it (storage/throttle.py)."""

    username: str
    role: str
    department: str
    active: bool
    locked: bool = False


def user_of(user: User, locked: bool = False) -> UserView:
    return UserView(user.username, user.role, user.department, user.active, locked)
