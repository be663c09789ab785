"""The facade the web layer and the CLI talk to: one object that owns the database and the rule
registry, hands out transactions, and caches the core's scoring of each stored version."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager
from typing import Any, TypeVar, overload

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from ..rules.base import RuleRegistry, default_registry
from . import projects, users
from .access import Actor
from .database import WRITE_OPTION, open_database
from .errors import NotLoggedIn
from .projects import Scoring, evaluate, file_name, files_of
from .schema import Project, utcnow

CACHE_SIZE = 512
WRITE_ATTEMPTS = 3
T = TypeVar("T")


class Store:
    def __init__(self, sessions: sessionmaker[DbSession], registry: RuleRegistry | None = None) -> None:
        self.sessions = sessions
        self.registry = registry or default_registry()
        self._cache: OrderedDict[Hashable, Any] = OrderedDict()
        self._lock = threading.Lock()

    @classmethod
    def open(cls, url: str | None = None, schema: str | None = None) -> Store:
        return cls(open_database(url, schema))

    @property
    def dialect(self) -> str:
        bind = self.sessions.kw["bind"]
        return str(bind.dialect.name)

    @contextmanager
    def reading(self) -> Iterator[DbSession]:
        """A session for reading. On SQLite it is one transaction, which reads one snapshot. On
        PostgreSQL it is autocommit: at PostgreSQL's READ COMMITTED level each statement sees the
        latest commit anyway, so a transaction there would buy nothing but a BEGIN and a ROLLBACK,
        two round trips on every page."""
        with self.sessions() as db:
            if self.dialect == "postgresql":
                db.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
            yield db

    @contextmanager
    def writing(self) -> Iterator[DbSession]:
        """A transaction that commits when the block ends and rolls back if anything raises."""
        with self.sessions() as db:
            db.connection(execution_options={WRITE_OPTION: True})
            try:
                yield db
                db.commit()
            except BaseException:
                db.rollback()
                raise

    def scoring(self, row: Project, db: DbSession | None = None) -> Scoring:
        """The core's scoring of ``row``'s current version; stored versions never change, so a
        (project, version) pair can be cached safely. ``db`` is a session to read its files in."""
        return self.memo(("scoring", row.id, row.version), lambda: self._evaluate(row, db))

    def _evaluate(self, row: Project, db: DbSession | None) -> Scoring:
        if db is None:
            with self.reading() as own:
                files = files_of(own, row.id)
        else:
            files = files_of(db, row.id)
        self.memo(("attachments", row.id, row.version), lambda: sorted(files))
        return evaluate(row.text, file_name(row), self.registry, files)

    def attachment_names(self, row: Project, db: DbSession) -> list[str]:
        """The names of ``row``'s stored files. Files change only with a new version (an upload
        saves one), so the names of a version are remembered; scoring it remembers them first."""
        return self.memo(("attachments", row.id, row.version), lambda: projects.attachment_names(db, row.id))

    def memo(self, key: Hashable, build: Callable[[], T]) -> T:
        """``build()``, remembered under ``key`` (least recently used entries are dropped). Keys
        must name immutable things, such as one stored version of a project."""
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                cached: T = self._cache[key]
                return cached
        value = build()
        with self._lock:
            self._cache[key] = value
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return value

    @overload
    def edit(self, actor: Actor, project_id: int, version: int, edits: Mapping[str, str], reason: str) -> Project: ...

    @overload
    def edit(self, actor: Actor, project_id: int, version: int, edits: Mapping[str, str], reason: str,
             answer: Callable[[DbSession, Project], T]) -> T: ...

    def edit(self, actor: Actor, project_id: int, version: int, edits: Mapping[str, str], reason: str,
             answer: Callable[[DbSession, Project], Any] | None = None) -> Any:
        """Edit a project the concurrent way: plan and score in a read transaction, then take the
        write lock only to compare the version and save. Returns the saved row, or what
        ``answer`` makes of it within the saving transaction (no second session for a reply)."""
        with self.reading() as db:
            draft = projects.plan_edit(db, actor, project_id, version, edits, reason, self.registry)
        for attempt in range(WRITE_ATTEMPTS):
            try:
                with self.writing() as db:
                    row = projects.commit_edit(db, actor, draft)
                    reply = row if answer is None else answer(db, row)
                if draft.scoring is not None:  # the page shown after a save needs no second scoring
                    self.memo(("scoring", row.id, row.version), lambda: draft.scoring)
                return reply
            except OperationalError as err:
                # SQLite under heavy load can give up waiting for its write lock; nothing was
                # written, and the version check makes trying again safe.
                if "locked" not in str(err) or attempt == WRITE_ATTEMPTS - 1:
                    raise
        raise AssertionError("unreachable")

    def log_in(self, username: str, password: str, address: str = "", now: dt.datetime | None = None) -> users.Login:
        """Log in ``username`` from the client ``address``, in short steps: refuse an attempt that
        must wait (throttle.py) before it takes a hashing slot; in the slot, read the hash and
        check the password with no transaction open; then write the failure or the session. The
        answer to a wrong name, a wrong password and a wait is the same :class:`NotLoggedIn`."""
        now = now or utcnow()
        with self.reading() as db:
            attempt = users.attempt_of(db, username, address, now)
        with users.hashing_slot():
            with self.reading() as db:
                found = users.candidate(db, username, attempt, now)
            matches = users.password_matches(found, password)
        with self.writing() as db:
            if matches:
                return users.open_session(db, found, now)
            users.count_failure(db, found, now)
        raise NotLoggedIn(users.REFUSED)
