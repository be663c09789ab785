"""Projects in the database: import and export of project files, edits, status, assignments and
the audit log. The stored text is the record; every save re-scores it through the core and
copies name, department, year, category, total and grade into columns for filtering.

Functions take an open database session; the caller owns the transaction, so a refusal
anywhere (an invalid file, a stale version) leaves the database as it was.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import PurePosixPath
from typing import Any

from sqlalchemy import Row, Select, Update, bindparam, func, insert, select, update
from sqlalchemy.orm import Session as DbSession
from sqlalchemy.orm import defer

from .. import pipeline
from ..diagnostics import INCOMPLETE, Diagnostic, Severity, Source
from ..frameworks import builtin_names
from ..pipeline import Evaluation, Text
from ..rules.base import RuleRegistry
from . import attachments
from .access import STATUS_TITLES, Actor, actor_parameters, may_create, may_move, may_override, may_write, visible
from .errors import Conflict, Forbidden, Invalid, NotFound
from .plain import file_name
from .schema import ASSIGNMENTS, ATTACHMENTS, AUDIT_LOG, PROJECTS, USERS, Assignment, Attachment, Project, User, utcnow
from .yamledit import EditError, append_item, apply_edits, overrides_in, read_data, split

STATUSES = STATUS_TITLES
EDITABLE = ("project", "funds", "goals", "facts", "narrative")  # top-level keys a path edit may touch


# The core's verdict on a project file: what loaded, the result, every diagnostic (and the one
# error policy of jixiao.pipeline).
Scoring = Evaluation


def evaluate(text: str, name: str, registry: RuleRegistry, files: Mapping[str, bytes] | None = None) -> Scoring:
    """Evaluate ``text`` (:func:`jixiao.pipeline.evaluate`) as if it lay in a folder holding ``files``
    (its attachments)."""
    with attachments.folder(files or {}) as base_dir:
        return pipeline.evaluate(Text(text, name, base_dir), registry)


def _accept(text: str, name: str, registry: RuleRegistry, files: Mapping[str, bytes]) -> Scoring:
    """Score ``text`` or refuse it: it must build a project and refer to no server file."""
    problems = attachments.unsafe_references(text, name)
    if problems:
        raise Invalid(f"{name} 无法保存：引用了不允许的文件", problems)
    scoring = evaluate(text, name, registry, files)
    if scoring.loaded.project is None:
        errors = [d for d in scoring.diagnostics if d.severity is Severity.ERROR]
        raise Invalid(f"{name} 无法读取为项目，未作任何修改", errors)
    return scoring




def admit(actor: Actor, before: str | None, text: str, name: str, registry: RuleRegistry,
          files: Mapping[str, bytes], reason: str = "", stored: Mapping[str, bytes] | None = None) -> tuple[Scoring, str]:
    """The one gate a new text passes before it is stored, whatever the door (a new or imported
    project, a path edit from the API, a form or a workbook, a replaced file, an upload):
    it must load as a project, stay in a department ``actor`` may write, bring no error of its
    own that ``before`` (the stored text, ``None`` for a new project) did not have, and change a
    score override only if ``actor`` may and with a reason; a record file must have the columns
    declared for it. ``stored`` are the files ``before`` was saved with, when ``files`` differ
    (an upload). Returns the scoring and the reason for the audit log."""
    scoring = _accept(text, name, registry, files)
    assert scoring.loaded.project is not None
    may_create(actor, scoring.loaded.project.info.department)  # a unit cannot move a project away
    _check_scope(actor, before, text)
    reason = _check_overrides(actor, before or "", text, scoring, reason)
    attachments.refuse_wrong_columns(before, text, files, files if stored is None else stored)
    _refuse_new_errors(before, text, scoring, name, registry, files if stored is None else stored)
    return scoring, reason


# What decides how facts become scores, which is the finance bureau's to set: the indicator
# system, the self-evaluation form's weights and the monitoring thresholds. A unit fills in
# the rest (facts, goals, funds, notes and reasons).
BUREAU_PATHS: tuple[tuple[str, ...], ...] = (("framework",), ("self_eval", "weights"), ("monitoring", "thresholds"))
BUREAU_TITLES = {"framework": "指标体系（framework）", "self_eval": "自评表分值（self_eval.weights）",
                 "monitoring": "监控预警阈值（monitoring.thresholds）"}


def _check_scope(actor: Actor, before: str | None, text: str) -> None:
    """A unit changes only what it fills in; a project it creates uses a built-in indicator system."""
    if actor.role != "unit":
        return
    after = read_data(text)
    if before is None:
        framework = _at(after, ("framework",))
        if not (isinstance(framework, str) and framework in builtin_names()):
            raise Forbidden(f"预算单位新建项目只能使用内置指标体系（{'、'.join(builtin_names())}），"
                            "自定义指标体系请由财政部门导入")
        return
    old = read_data(before)
    changed = [BUREAU_TITLES[path[0]] for path in BUREAU_PATHS if _at(old, path) != _at(after, path)]
    if changed:
        raise Forbidden(f"预算单位可以填写事实、绩效目标、资金和说明，不能修改{'、'.join(changed)}")


def _at(data: Any, path: tuple[str, ...]) -> Any:
    for key in path:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def _refuse_new_errors(before: str | None, text: str, scoring: Scoring, name: str, registry: RuleRegistry,
                       files: Mapping[str, bytes]) -> None:
    errors = [d for d in scoring.loaded.diagnostics if d.severity is Severity.ERROR and d.code not in INCOMPLETE]
    if not errors:
        return
    # An error the stored version already had is not this change's doing (a file stored before
    # this check existed stays editable); keyed without places, which an edit moves.
    old = evaluate(before, name, registry, files).loaded.diagnostics if before is not None else ()
    known = {(d.code, d.message) for d in old}
    new = [d for d in errors if (d.code, d.message) not in known]
    if new:
        raise Refused(f"{name} 有 {len(new)} 处错误，未作任何修改；请改正后再保存", new, text, scoring)


class Refused(Invalid):
    """A text refused at the gate for the errors it brings, with its scoring, so that a form can
    show what the person typed with each error beside its field."""

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic], text: str, scoring: Scoring) -> None:
        super().__init__(message, diagnostics)
        self.text, self.scoring = text, scoring


def _copy_columns(row: Project, scoring: Scoring) -> None:
    project, result = scoring.loaded.project, scoring.result
    assert project is not None and result is not None  # _accept refused anything else
    info = project.info
    row.name, row.department, row.year, row.category = info.name, info.department, info.year, info.category
    # An incomplete project has no total and no grade: the list never shows or sorts by a grade
    # that leaves scored 0 for want of facts would give.
    row.total, row.grade = (result.total, result.grade) if result.complete else (None, "")
    row.errors = sum(1 for d in scoring.diagnostics if d.severity is Severity.ERROR)


# -- creating ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Incoming:
    """A project file to import: its name (for messages), text, and the files it refers to."""

    name: str
    text: str
    files: Mapping[str, bytes] = field(default_factory=dict)


def import_texts(db: DbSession, actor: Actor, incoming: Sequence[Incoming], registry: RuleRegistry,
                 action: str = "导入") -> list[Project]:
    """Add every file as a new project, or none of them: all problems are reported together."""
    rows: list[tuple[Incoming, Project]] = []
    problems: list[Diagnostic] = []
    for item in incoming:
        try:
            scoring, _ = admit(actor, None, item.text, item.name, registry, item.files)
        except Invalid as err:
            problems.extend(err.diagnostics or [Diagnostic("bad-value", err.message, Source(item.name))])
            continue
        row = Project(text=item.text, version=1, status="draft")
        _copy_columns(row, scoring)
        rows.append((item, row))
    if problems:
        raise Invalid("项目文件有错误，没有导入任何项目", problems)
    db.add_all(row for _, row in rows)
    db.flush()
    for item, row in rows:
        _after_create(db, actor, row, action, item)
    return [row for _, row in rows]


def _after_create(db: DbSession, actor: Actor, row: Project, action: str, item: Incoming) -> None:
    if actor.role == "evaluator":  # whoever creates a project evaluates it, until reassigned
        db.add(Assignment(project_id=row.id, user_id=actor.id))
    db.add_all(Attachment(project_id=row.id, name=n, content=c, uploaded_at=utcnow()) for n, c in item.files.items())
    record(db, actor, row.id, action, new=item.name)


# Statements asked on every page or save are built once (see schema.USERS and the others).
_A = ATTACHMENTS.c
_FILES = select(_A.name, _A.content).where(_A.project_id == bindparam("project_id")).order_by(_A.name)
_FILE_NAMES = select(_A.name).where(_A.project_id == bindparam("project_id")).order_by(_A.name)


def files_of(db: DbSession, project_id: int) -> dict[str, bytes]:
    return {name: bytes(content) for name, content in db.execute(_FILES, {"project_id": project_id})}


def attachment_names(db: DbSession, project_id: int) -> list[str]:
    return list(db.scalars(_FILE_NAMES, {"project_id": project_id}))


def attach(db: DbSession, actor: Actor, project_id: int, version: int, name: str, content: bytes,
           registry: RuleRegistry) -> Project:
    """Store an uploaded record file under ``records/NAME``, list it in ``evidence.records`` if
    it is not yet, and re-score: a new version like any other save."""
    row = _writable(db, actor, project_id, version)
    stored = f"records/{PurePosixPath(name.replace(chr(92), '/')).name}"
    if not attachments.safe_name(stored) or stored == "records/":
        raise Invalid(f"文件名“{name}”不合法")
    old = files_of(db, project_id)
    files = {**old, stored: content}
    text = row.text if stored in attachments.referenced(row.text) else append_item(row.text, "evidence.records", stored)
    existing = db.get(Attachment, (project_id, stored))
    row = _save(db, actor, row, text, registry, files, stored=old)
    if existing is None:
        db.add(Attachment(project_id=project_id, name=stored, content=content, uploaded_at=utcnow()))
    else:
        existing.content, existing.uploaded_at = content, utcnow()
    digest = hashlib.sha256(content).hexdigest()[:16]
    record(db, actor, project_id, "上传记录", stored, "已替换" if existing else "", f"{len(content)} 字节，SHA-256 {digest}…")
    return row


# -- reading ----------------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _readable_query(role: str) -> Select[Project]:
    """One statement per role, built once: every project request asks it."""
    return select(Project).where(Project.id == bindparam("project_id"), visible(Actor(0, "", role)))


def readable(db: DbSession, actor: Actor, project_id: int) -> Project:
    query = _readable_query(actor.role)
    row = db.scalars(query, {"project_id": project_id, **actor_parameters(actor)}).one_or_none()
    if row is not None:
        return row
    # The same answer whether the project does not exist or is someone else's: a refusal that
    # differed would tell a unit which project numbers exist.
    raise NotFound(f"没有编号为 {project_id} 的项目，或您无权查看")


@dataclass(frozen=True, slots=True)
class Filters:
    year: int | None = None
    department: str = ""
    category: str = ""
    grade: str = ""
    status: str = ""
    name: str = ""  # a part of the name


@dataclass(frozen=True, slots=True)
class Page:
    rows: list[Project]
    count: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.per_page))


def list_projects(db: DbSession, actor: Actor, filters: Filters, page: int = 1, per_page: int = 50) -> Page:
    where = [visible(actor), *_conditions(filters)]
    count = db.scalar(select(func.count()).select_from(Project).where(*where)) or 0
    order = (Project.year.desc(), Project.id.desc())
    # The page's ids first, walking the (year, id) index, then only those rows: sorting every
    # project to skip to page 100 cost PostgreSQL 25 ms of its CPU per list with 10,000 projects.
    ids = select(Project.id).where(*where).order_by(*order).offset((max(page, 1) - 1) * per_page).limit(per_page)
    query = select(Project).options(defer(Project.text)).where(Project.id.in_(ids.scalar_subquery())).order_by(*order)
    return Page(list(db.scalars(query)), count, max(page, 1), per_page)


def _conditions(f: Filters) -> list[Any]:
    pairs = [(Project.year, f.year), (Project.department, f.department), (Project.category, f.category),
             (Project.grade, f.grade), (Project.status, f.status)]
    out: list[Any] = [column == value for column, value in pairs if value not in (None, "")]
    if f.name:
        out.append(Project.name.contains(f.name, autoescape=True))
    return out


def facets(db: DbSession, actor: Actor) -> dict[str, list[Any]]:
    """The values each filter can take among the projects ``actor`` sees."""
    def distinct(column: Any) -> list[Any]:
        query = select(column).where(visible(actor), column.is_not(None)).distinct().order_by(column)
        return list(db.scalars(query))
    return {"year": distinct(Project.year), "department": distinct(Project.department),
            "category": distinct(Project.category)}


_LOG = AUDIT_LOG.c
_AUDIT = (select(*AUDIT_LOG.c).where(_LOG.project_id == bindparam("project_id")).order_by(_LOG.id.desc())
          .limit(bindparam("limit")))
_U, _AS = USERS.c, ASSIGNMENTS.c
_EVALUATORS = (select(_U.username).join(ASSIGNMENTS, _AS.user_id == _U.id)
               .where(_AS.project_id == bindparam("project_id")).order_by(_U.username))
_ASSIGNED = _AS.project_id.is_not(None)
_ASSIGNEES = (select(_U.username, _U.role, _ASSIGNED)
              .outerjoin(ASSIGNMENTS, (_AS.user_id == _U.id) & (_AS.project_id == bindparam("project_id")))
              .where((_U.role == "evaluator") | _ASSIGNED).order_by(_U.username))


def audit_entries(db: DbSession, project_id: int, limit: int = 200) -> Sequence[Row[Any]]:
    """The newest ``limit`` entries of a project's audit log, newest first (read-only rows with
    the columns of :class:`.schema.AuditEntry`)."""
    return db.execute(_AUDIT, {"project_id": project_id, "limit": limit}).all()


def evaluators(db: DbSession, project_id: int) -> list[str]:
    return list(db.scalars(_EVALUATORS, {"project_id": project_id}))


@dataclass(frozen=True, slots=True)
class Assignees:
    assigned: list[str]  # evaluators assigned to the project
    candidates: list[str]  # every evaluator account: whom the project can be assigned to


def assignees(db: DbSession, project_id: int) -> Assignees:
    """Who is assigned to a project and who could be, in one query (the project page shows both)."""
    rows = db.execute(_ASSIGNEES, {"project_id": project_id}).all()
    return Assignees([name for name, _, is_assigned in rows if is_assigned],
                     [name for name, role, _ in rows if role == "evaluator"])


# -- changing ---------------------------------------------------------------------------------


_RECORD = insert(AUDIT_LOG)


def record(db: DbSession, actor: Actor, project_id: int | None, action: str, path: str = "",
           old: str = "", new: str = "", reason: str = "") -> None:
    """Append one entry to the audit log (a plain INSERT: entries are never read back as objects
    in the transaction that writes them, and the ORM's unit of work costs more than the row)."""
    db.execute(_RECORD, {"project_id": project_id, "username": actor.username, "action": action, "path": path,
                         "old": old, "new": new, "reason": reason, "at": utcnow()})


@dataclass(frozen=True, slots=True)
class Draft:
    """A new version, worked out and scored before any lock is taken: scoring takes tens of
    milliseconds, and holding the database's write lock that long would queue every other save."""

    project_id: int
    version: int  # the version the edit started from
    values: dict[str, Any]  # the new text and filter columns
    changes: dict[str, tuple[str, str]]  # path → (old, new) for the audit log
    reason: str
    scoring: Scoring | None = None  # of the new text; the saved version's, once committed


def plan_edit(db: DbSession, actor: Actor, project_id: int, version: int, edits: Mapping[str, str],
              reason: str, registry: RuleRegistry) -> Draft:
    """Apply ``--set``-style path edits to the stored text and re-score it; nothing is written."""
    row = _writable(db, actor, project_id, version)
    _check_paths(actor, edits)
    try:
        text, changes = apply_edits(row.text, edits)
    except EditError as err:
        raise Invalid(err.diagnostic.message, [err.diagnostic]) from err
    if not changes:
        return Draft(row.id, row.version, {}, changes, reason)
    scoring, reason = _scored(db, actor, row, text, registry, reason=reason)
    return Draft(row.id, row.version, _values(text, scoring), changes, reason, scoring)


def commit_edit(db: DbSession, actor: Actor, draft: Draft) -> Project:
    """Save a draft as the next version, unless someone saved since it was planned."""
    if not draft.changes:
        return readable(db, actor, draft.project_id)
    row = _compare_and_set(db, draft.project_id, draft.version, draft.values)
    for path, (old, new) in draft.changes.items():
        record(db, actor, row.id, "修改", path, old, new, draft.reason)
    return row


def edit(db: DbSession, actor: Actor, project_id: int, version: int, edits: Mapping[str, str],
         reason: str, registry: RuleRegistry) -> Project:
    """Plan and commit an edit in one transaction (see :meth:`Store.edit` for the concurrent path)."""
    return commit_edit(db, actor, plan_edit(db, actor, project_id, version, edits, reason, registry))


def _check_paths(actor: Actor, edits: Mapping[str, str]) -> None:
    for path in edits:
        keys = split(path)
        if not keys or keys[0] not in EDITABLE:
            raise Invalid(f"不能修改“{path}”：只能修改 {'、'.join(EDITABLE)} 下的内容")
        if len(keys) < 2 or len(keys) != len(path.split(".")):  # ``facts..`` once replaced all facts
            raise Invalid(f"路径“{path}”不完整：请写到具体的一项，例如 facts.指标名称.actual")
        if "override" in keys:  # even an edit that changes nothing is not a unit's to make
            may_override(actor)


def _check_overrides(actor: Actor, old: str, new: str, scoring: Scoring, reason: str) -> str:
    """Score overrides, however they were reached (a path to one, a whole leaf's facts, a whole
    file), may change only by a role allowed to override, and only with a reason: the one given
    for the change, else the override's own. Returns the reason for the audit log."""
    before, after = _overrides(old), _overrides(new)
    # What the scoring applies is what counts: an override the text reading missed is refused.
    applied = {name for name, fact in scoring.loaded.project.facts.items() if fact.override} if scoring.loaded.project else set()
    changed = sorted({name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}
                     | (applied - after.keys()))
    if not changed:
        return reason
    may_override(actor)
    own = "；".join(after[name][1] for name in changed if name in after and after[name][1])
    if any(name in after for name in changed) and not (reason.strip() or own):  # removing one needs none
        raise Invalid(f"调整得分必须写明理由（{'、'.join(changed)}）")
    return reason.strip() or own


def _overrides(text: str) -> dict[str, tuple[Any, str]]:
    """Each leaf's override as the core reads it, with its own reason."""
    if not text:
        return {}
    return {name: (o, str(o.get("reason") or "") if isinstance(o, dict) else "")
            for name, o in overrides_in(text).items() if o is not None}


def replace_text(db: DbSession, actor: Actor, project_id: int, version: int, text: str, reason: str,
                 registry: RuleRegistry) -> Project:
    """Replace the whole project file (an upload of an edited file)."""
    row = _writable(db, actor, project_id, version)
    old = row.text
    if text != old:
        row = _save(db, actor, row, text, registry, reason=reason)
        record(db, actor, row.id, "替换项目文件", "", old, text, reason)
    return row


def set_status(db: DbSession, actor: Actor, project_id: int, version: int, status: str) -> Project:
    if status not in STATUSES:
        raise Invalid(f"没有“{status}”这个状态；可选：{'、'.join(STATUSES)}")
    row = _current(db, actor, project_id, version)
    if status != row.status:
        old = row.status
        may_move(actor, old, status)
        row = _compare_and_set(db, row.id, row.version, {"status": status})
        record(db, actor, row.id, "状态", "status", STATUSES[old], STATUSES[status])
    return row


def assign(db: DbSession, actor: Actor, project_id: int, username: str) -> None:
    readable(db, actor, project_id)
    user = db.scalar(select(User).where(User.username == username))
    if user is None or user.role != "evaluator":
        raise Invalid(f"“{username}”不是评价人员账户")
    if db.get(Assignment, (project_id, user.id)) is None:
        db.add(Assignment(project_id=project_id, user_id=user.id))
        record(db, actor, project_id, "指派评价人员", "", "", username)


def _current(db: DbSession, actor: Actor, project_id: int, version: int) -> Project:
    row = readable(db, actor, project_id)  # every role writes at most what it reads
    if row.version != version:
        raise stale(row.version, version)
    return row


def _writable(db: DbSession, actor: Actor, project_id: int, version: int) -> Project:
    """The project's current version, if ``actor`` may change its file in its status."""
    row = _current(db, actor, project_id, version)
    may_write(actor, row.status)
    return row


def stale(current: int, given: int) -> Conflict:
    return Conflict(f"保存失败：该项目已被他人修改（您基于第 {given} 版修改，当前已是第 {current} 版）。"
                    "您的修改没有保存，他人的修改已保留；请刷新页面，在最新数据上重新修改。")


def _save(db: DbSession, actor: Actor, row: Project, text: str, registry: RuleRegistry,
          files: Mapping[str, bytes] | None = None, reason: str = "", stored: Mapping[str, bytes] | None = None) -> Project:
    scoring, _ = _scored(db, actor, row, text, registry, files, reason, stored)
    return _compare_and_set(db, row.id, row.version, _values(text, scoring))


def _scored(db: DbSession, actor: Actor, row: Project, text: str, registry: RuleRegistry,
            files: Mapping[str, bytes] | None = None, reason: str = "",
            stored: Mapping[str, bytes] | None = None) -> tuple[Scoring, str]:
    given = files_of(db, row.id) if files is None else files
    return admit(actor, row.text, text, file_name(row), registry, given, reason, stored)


def _values(text: str, scoring: Scoring) -> dict[str, Any]:
    draft = Project()
    _copy_columns(draft, scoring)
    return {"text": text, "name": draft.name, "department": draft.department, "year": draft.year,
            "category": draft.category, "total": draft.total, "grade": draft.grade, "errors": draft.errors}


def _compare_and_set(db: DbSession, project_id: int, version: int, values: dict[str, Any]) -> Project:
    """Write ``values`` as the next version only if nobody saved since ``version`` was read.
    Returns the saved row, detached (built from the columns the UPDATE returns)."""
    params = {"project_id": project_id, "expected": version, "now": utcnow(), **{f"new_{k}": v for k, v in values.items()}}
    saved = db.execute(_update_statement(tuple(sorted(values))), params).one_or_none()
    if saved is None:
        current = db.scalar(select(Project.version).where(Project.id == project_id)) or version
        raise stale(current, version)
    earlier = db.identity_map.get(db.identity_key(Project, project_id))
    if earlier is not None:  # the session must not hand out the version this save replaced
        db.expunge(earlier)
    return Project(**saved._mapping)


@lru_cache(maxsize=16)
def _update_statement(columns: tuple[str, ...]) -> Update:
    """The compare-and-set UPDATE of ``columns``, built once per set of columns (a Core
    statement: the ORM's bulk UPDATE cost four times as much on every save)."""
    c = PROJECTS.c
    new_values = {name: bindparam(f"new_{name}", type_=c[name].type) for name in columns}
    return (update(PROJECTS).where(c.id == bindparam("project_id"), c.version == bindparam("expected"))
            .values({**new_values, "version": c.version + 1, "updated_at": bindparam("now", type_=c.updated_at.type)})
            .returning(*c))
