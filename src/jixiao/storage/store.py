"""The facade the web layer and the CLI talk to: one object that owns the database and the rule
registry, hands out transactions, and caches the core's scoring of each stored version."""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar, overload

from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import sessionmaker

from ..rules.base import RuleRegistry, default_registry
from . import projects, users, wording
from .access import Actor
from .database import WRITE_OPTION, open_database
from .errors import Invalid, NotLoggedIn
from .plain import AuditLine, ProjectList, ProjectView, UserView, file_name, user_of, view_of
from .projects import Assignees, Filters, Incoming, Scoring, evaluate, files_of
from .schema import Project, utcnow

CACHE_SIZE = 512
WRITE_ATTEMPTS = 3
T = TypeVar("T")
Shown = Project | ProjectView  # what the scoring cache takes: an id, a version and its text


@dataclass(frozen=True, slots=True)
class ProjectPage:
    """Everything the project page shows of the stored version, read in one session."""

    project: ProjectView
    scoring: Scoring
    attachments: list[str]
    audit: list[AuditLine]
    assignees: Assignees


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

    def scoring(self, row: Shown, db: DbSession | None = None) -> Scoring:
        """The core's scoring of ``row``'s current version; stored versions never change, so a
        (project, version) pair can be cached safely. ``db`` is a session to read its files in."""
        return self.memo(("scoring", row.id, row.version), lambda: self._evaluate(row, db))

    def _evaluate(self, row: Shown, db: DbSession | None) -> Scoring:
        if db is None:
            with self.reading() as own:
                files = files_of(own, row.id)
        else:
            files = files_of(db, row.id)
        self.memo(("attachments", row.id, row.version), lambda: sorted(files))
        return evaluate(row.text, file_name(row), self.registry, files)

    def attachment_names(self, row: Shown, db: DbSession) -> list[str]:
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

    # -- use cases: each opens its own transaction and answers with plain data -----------------

    def project(self, actor: Actor, project_id: int, evaluators: bool = False) -> ProjectView:
        """The project ``actor`` may read, with its text (and its evaluators if asked)."""
        with self.reading() as db:
            return _view(db, projects.readable(db, actor, project_id), evaluators)

    def files(self, actor: Actor, project_id: int) -> tuple[ProjectView, dict[str, bytes]]:
        """The project ``actor`` may read, with its text, and its stored files by name (a bundle)."""
        with self.reading() as db:
            row = projects.readable(db, actor, project_id)
            return view_of(row), files_of(db, row.id)

    def projects(self, actor: Actor, filters: Filters, page: int = 1, per_page: int = 50,
                 choices: bool = False) -> ProjectList:
        """One page of the projects ``actor`` sees (without their texts), and with ``choices``
        the values each filter can take, in the same session."""
        with self.reading() as db:
            found = projects.list_projects(db, actor, filters, page, per_page)
            facets = projects.facets(db, actor) if choices else None
        rows = tuple(view_of(row, text=False) for row in found.rows)
        return ProjectList(rows, found.count, found.page, found.per_page, facets)

    def page(self, actor: Actor, project_id: int) -> ProjectPage:
        """What the project page shows, in one read session: the project, the core's scoring,
        the names of its files, its audit log (in the page's words: :mod:`.wording`) and who is
        (or could be) assigned to it."""
        with self.reading() as db:
            row = projects.readable(db, actor, project_id)
            scoring = self.scoring(row, db)
            audit = wording.shown(_audit(db, row.id), scoring.loaded.project, self.registry)
            return ProjectPage(view_of(row), scoring, self.attachment_names(row, db), audit,
                               projects.assignees(db, row.id))

    def audit(self, actor: Actor, project_id: int) -> list[AuditLine]:
        """The newest entries of the audit log of a project ``actor`` may read, newest first."""
        with self.reading() as db:
            projects.readable(db, actor, project_id)
            return _audit(db, project_id)

    def create(self, actor: Actor, incoming: Sequence[Incoming], action: str = "导入") -> list[ProjectView]:
        """Add every file as a new project, or none (:func:`.projects.import_texts`)."""
        with self.writing() as db:
            rows = projects.import_texts(db, actor, incoming, self.registry, action)
            return [_view(db, row, evaluators=True) for row in rows]

    def replace(self, actor: Actor, project_id: int, version: int, text: str, reason: str) -> ProjectView:
        """Replace the whole project file (:func:`.projects.replace_text`)."""
        with self.writing() as db:
            row = projects.replace_text(db, actor, project_id, version, text, reason, self.registry)
            return _view(db, row, evaluators=True)

    def set_status(self, actor: Actor, project_id: int, version: int, status: str) -> ProjectView:
        with self.writing() as db:
            return _view(db, projects.set_status(db, actor, project_id, version, status), evaluators=True)

    def attach(self, actor: Actor, project_id: int, version: int, name: str, content: bytes) -> ProjectView:
        """Store an uploaded record file and re-score (:func:`.projects.attach`)."""
        with self.writing() as db:
            row = projects.attach(db, actor, project_id, version, name, content, self.registry)
            return _view(db, row, evaluators=True)

    def assign(self, actor: Actor, project_id: int, username: str) -> None:
        with self.writing() as db:
            projects.assign(db, actor, project_id, username)

    def change(self, actor: Actor, project_id: int, version: int, edits: Mapping[str, str],
               reason: str) -> ProjectView:
        """:meth:`edit` (the concurrent way), answered with the saved version as plain data."""
        return self.edit(actor, project_id, version, edits, reason,
                         answer=lambda db, row: _view(db, row, evaluators=True))

    def apply(self, actor: Actor, project_id: int, version: int, edits: Mapping[str, str],
              reason: str) -> ProjectView:
        """Plan and save an edit in one write transaction (:func:`.projects.edit`): a refusal of
        the plan leaves the database as it was, with no other save in between."""
        with self.writing() as db:
            row = projects.edit(db, actor, project_id, version, edits, reason, self.registry)
            return _view(db, row, evaluators=True)

    def accounts(self) -> list[UserView]:
        """Every account, by name (the caller checks that its actor may administer them)."""
        with self.reading() as db:
            slowed = users.slowed_accounts(db)
            return [user_of(u, u.username in slowed) for u in users.list_users(db)]

    def add_user(self, actor: Actor, username: str, role: str, password: str, department: str = "",
                 note: str = "") -> UserView:
        """Add an account and log it (``note``: the log's text, ``NAME（ROLE）`` by default)."""
        with self.writing() as db:
            user = users.add_user(db, username, role, password, department)
            projects.record(db, actor, None, "新建用户", "", "", note or f"{user.username}（{user.role}）")
            return user_of(user)

    def account_action(self, actor: Actor, username: str, action: str) -> None:
        """``unlock``, ``disable`` or ``enable`` an account, and log it."""
        changes: dict[str, tuple[str, Callable[[DbSession], None]]] = {
            "unlock": ("解锁用户", lambda db: users.unlock(db, username)),
            "disable": ("停用用户", lambda db: users.set_active(db, username, False)),
            "enable": ("启用用户", lambda db: users.set_active(db, username, True))}
        if action not in changes:
            raise Invalid(f"未知的操作“{action}”")
        title, change = changes[action]
        with self.writing() as db:
            change(db)
            projects.record(db, actor, None, title, "", "", username)

    def session_actor(self, token: str) -> tuple[Actor, str]:
        """Who holds the session ``token`` and its CSRF token; raises NotLoggedIn otherwise."""
        with self.reading() as db:
            return users.session_actor(db, token)

    def log_out(self, token: str) -> None:
        with self.writing() as db:
            users.log_out(db, token)

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


def _view(db: DbSession, row: Project, evaluators: bool = False) -> ProjectView:
    return view_of(row, evaluators=projects.evaluators(db, row.id) if evaluators else ())


def _audit(db: DbSession, project_id: int) -> list[AuditLine]:
    return [AuditLine(**entry._mapping) for entry in projects.audit_entries(db, project_id)]
