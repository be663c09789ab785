"""The database tables (SQLAlchemy 2 ORM). The project file text is the record; the other
project columns are copies of what the core computed from it, kept only for filtering.

Changes to these tables go through an Alembic migration in ``jixiao/migrations/versions``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import cast

from sqlalchemy import BigInteger, ForeignKey, Index, Integer, LargeBinary, String, Table, Text, TypeDecorator
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from ..numbers import HUNDRED, round_half_up


class Cents(TypeDecorator[Decimal]):
    """Points kept as integer hundredths: exact and sortable on every database (SQLite has no
    decimal type and would hand back floats)."""

    impl = Integer
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Dialect) -> int | None:
        return None if value is None else int(round_half_up(value) * HUNDRED)

    def process_result_value(self, value: int | None, dialect: Dialect) -> Decimal | None:
        return None if value is None else Decimal(value) / HUNDRED


def utcnow() -> dt.datetime:
    """Naive UTC: SQLite drops time zones, so every timestamp is stored the same naive way."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    pass


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    department: Mapped[str] = mapped_column(String(200), default="")
    active: Mapped[bool] = mapped_column(default=True)
    # Unused since migration 0004: failed logins are counted in login_failures (storage/throttle.py).
    # Kept, because dropping a column on SQLite rebuilds the table, and dropping the old table
    # would delete every session and assignment that refers to it.
    failed_logins: Mapped[int] = mapped_column(default=0)
    locked_until: Mapped[dt.datetime | None] = mapped_column(default=None)
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Session(Base):
    """A login. Only the SHA-256 of the cookie's token is stored, so a leaked table logs no one in."""

    __tablename__ = "sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    csrf_token: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(index=True)  # expired ones are purged at each login


class LoginFailure(Base):
    """Failed logins counted per client address, per account name and per (account, address);
    ``""`` stands for any (see storage/throttle.py). Names that are no account are counted too."""

    __tablename__ = "login_failures"

    account: Mapped[str] = mapped_column(String(80), primary_key=True)
    address: Mapped[str] = mapped_column(String(80), primary_key=True)
    failures: Mapped[int] = mapped_column()
    last_failed_at: Mapped[dt.datetime] = mapped_column(index=True)


class Project(Base):
    __tablename__ = "projects"
    __table_args__ = (Index("ix_projects_year_id", "year", "id"),)  # the list's order (see 0003)

    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(Text)  # the project file exactly as given or last edited
    version: Mapped[int] = mapped_column(default=1)  # optimistic lock: every save increments it
    name: Mapped[str] = mapped_column(String(300), index=True)
    department: Mapped[str] = mapped_column(String(200), index=True)
    year: Mapped[int | None] = mapped_column(index=True)
    category: Mapped[str] = mapped_column(String(100), index=True)
    status: Mapped[str] = mapped_column(String(16), index=True, default="draft")
    total: Mapped[Decimal | None] = mapped_column(Cents, index=True)
    grade: Mapped[str] = mapped_column(String(8), index=True, default="")
    errors: Mapped[int] = mapped_column(default=0)  # error diagnostics in the last scoring
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


class Assignment(Base):
    """An evaluator assigned to a project."""

    __tablename__ = "assignments"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)


class AuditEntry(Base):
    """One change, append-only (migrations add triggers that refuse UPDATE and DELETE, and
    TRUNCATE on PostgreSQL)."""

    __tablename__ = "audit_log"
    __table_args__ = (Index("ix_audit_log_project_at", "project_id", "id"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    project_id: Mapped[int | None] = mapped_column()  # no foreign key: the log outlives what it describes
    at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))
    path: Mapped[str] = mapped_column(String(500), default="")
    old: Mapped[str] = mapped_column(Text, default="")
    new: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text, default="")


class Attachment(Base):
    """A file the project file refers to by a relative name (work records, a calendar)."""

    __tablename__ = "attachments"

    project_id: Mapped[int] = mapped_column(ForeignKey("projects.id", ondelete="CASCADE"), primary_key=True)
    name: Mapped[str] = mapped_column(String(300), primary_key=True)
    content: Mapped[bytes] = mapped_column(LargeBinary)
    uploaded_at: Mapped[dt.datetime] = mapped_column(default=utcnow)


# The tables as SQLAlchemy Core sees them. The hottest queries (every page asks them) select
# plain columns of these with statements built once: building a statement and the ORM's
# per-statement work cost more than running the query itself.
USERS = cast(Table, User.__table__)
SESSIONS = cast(Table, Session.__table__)
PROJECTS = cast(Table, Project.__table__)
ASSIGNMENTS = cast(Table, Assignment.__table__)
AUDIT_LOG = cast(Table, AuditEntry.__table__)
ATTACHMENTS = cast(Table, Attachment.__table__)
FAILURES = cast(Table, LoginFailure.__table__)
