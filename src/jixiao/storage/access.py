"""Who may do what. Four roles, and the rules that decide which projects each one sees.

| role | reads | writes facts and goals | overrides scores | creates projects | manages users |
|---|---|---|---|---|---|
| admin | all | all | yes | any department | yes |
| finance | all | all | yes | any department | no |
| evaluator | assigned to them | assigned to them | yes | any (and is assigned) | no |
| unit | its own department's | its own department's | no | its own department | no |

The table is data: :data:`PERMISSIONS` maps each :class:`Action` to the roles (:class:`Role`) allowed,
and :func:`can` answers every question of the kind "may this person do that"; the ``may_*``
functions only turn a "no" into a :class:`~.errors.Forbidden` with its message.

| action | admin | finance | evaluator | unit |
|---|---|---|---|---|
| ``READ_ALL`` (every project, not only the visible ones) | yes | yes | no | no |
| ``CREATE_ANY`` (a project of any department) | yes | yes | yes | no |
| ``OVERRIDE`` (adjust scores) | yes | yes | yes | no |
| ``ASSIGN`` (evaluators to projects) | yes | yes | no | no |
| ``MANAGE_USERS`` | yes | no | no | no |
| ``WRITE`` (facts and goals) | by status, :data:`WRITERS` | | | |
| ``MOVE`` (change status) | by old and new status, :data:`MOVES` | | | |

A project moves 填报中 → 评价中 → 已定稿 (:data:`MOVES`); who may write it depends on where it is
(:data:`WRITERS`): a unit fills in a draft and hands it in, evaluators and the finance bureau
work on it while it is evaluated, and a final version is never changed, only reopened.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sqlalchemy import ColumnElement, bindparam, false, select, true

from .errors import Forbidden
from .schema import Assignment, Project


class Role(StrEnum):
    """The four roles; the values are what the database and the API store."""

    ADMIN = "admin"
    FINANCE = "finance"
    EVALUATOR = "evaluator"
    UNIT = "unit"


ROLES: dict[str, str] = {Role.ADMIN: "管理员", Role.FINANCE: "财政部门", Role.EVALUATOR: "评价人员",
                         Role.UNIT: "预算单位"}


class Action(StrEnum):
    """What a person may ask to do; :func:`can` decides."""

    READ_ALL = "read_all"
    CREATE_ANY = "create_any"
    OVERRIDE = "override"
    ASSIGN = "assign"
    MANAGE_USERS = "manage_users"
    WRITE = "write"  # depends on the project's status: WRITERS
    MOVE = "move"  # depends on the old and the new status: MOVES


_BUREAU = frozenset({Role.ADMIN, Role.FINANCE})
# action → the roles allowed, for the actions that do not depend on a project's status.
PERMISSIONS: dict[Action, frozenset[Role]] = {
    Action.READ_ALL: _BUREAU,
    Action.CREATE_ANY: _BUREAU | {Role.EVALUATOR},
    Action.OVERRIDE: _BUREAU | {Role.EVALUATOR},
    Action.ASSIGN: _BUREAU,
    Action.MANAGE_USERS: frozenset({Role.ADMIN}),
}


@dataclass(frozen=True, slots=True)
class Actor:
    """The person acting, detached from the database row."""

    id: int
    username: str
    role: str
    department: str = ""

    @property
    def role_title(self) -> str:
        return ROLES.get(self.role, self.role)


CLI = Actor(0, "命令行", Role.ADMIN)  # the operator at the server's console


def visible(actor: Actor) -> ColumnElement[bool]:
    """A WHERE clause selecting the projects ``actor`` may read. Its parameters are named
    ``actor_department`` and ``actor_id`` (see :func:`actor_parameters`), so that a statement
    built with it once can be run for every person of the same role."""
    if can(actor, Action.READ_ALL):
        return true()
    if actor.role == Role.UNIT:
        return Project.department == bindparam("actor_department", actor.department)
    if actor.role == Role.EVALUATOR:
        assigned = select(Assignment.project_id).where(Assignment.user_id == bindparam("actor_id", actor.id))
        return Project.id.in_(assigned)
    return false()


def actor_parameters(actor: Actor) -> dict[str, Any]:
    """The values of :func:`visible`'s parameters for ``actor``."""
    return {"actor_department": actor.department, "actor_id": actor.id}


def may_create(actor: Actor, department: str) -> None:
    if not can(actor, Action.CREATE_ANY) and department != actor.department:
        raise Forbidden(f"预算单位只能创建本单位（{actor.department}）的项目，不能创建“{department}”的项目")


def may_override(actor: Actor) -> None:
    if not can(actor, Action.OVERRIDE):
        raise Forbidden("预算单位可以填写事实和绩效目标，但不能调整得分")


# (from, to) → the roles that may move a project so; any other move is refused.
MOVES: dict[tuple[str, str], frozenset[Role]] = {
    ("draft", "evaluating"): frozenset(Role),  # handed in
    ("evaluating", "draft"): _BUREAU | {Role.EVALUATOR},  # returned to be completed
    ("evaluating", "final"): _BUREAU | {Role.EVALUATOR},
    ("final", "evaluating"): _BUREAU,  # reopened, by the bureau only
}
# status → the roles that may change a project's file while it is there.
WRITERS: dict[str, frozenset[Role]] = {
    "draft": frozenset(Role),
    "evaluating": _BUREAU | {Role.EVALUATOR},
    "final": frozenset(),
}
STATUS_TITLES: dict[str, str] = {"draft": "填报中", "evaluating": "评价中", "final": "已定稿"}


def _allowed(action: Action, project_status: str | None, to: str | None) -> frozenset[Role]:
    if action is Action.WRITE:
        return WRITERS.get(project_status or "", frozenset())
    if action is Action.MOVE:
        return MOVES.get((project_status or "", to or ""), frozenset())
    return PERMISSIONS[action]


def can(actor: Actor, action: Action, project_status: str | None = None, to: str | None = None) -> bool:
    """Whether ``actor`` may do ``action``; ``WRITE`` asks about a project in ``project_status``,
    ``MOVE`` about moving one from ``project_status`` to ``to``."""
    return actor.role in _allowed(action, project_status, to)


def moves(actor: Actor, status: str) -> list[str]:
    """The statuses ``actor`` may move a project in ``status`` to."""
    return [new for old, new in MOVES if old == status and can(actor, Action.MOVE, old, new)]


def may_move(actor: Actor, old: str, new: str) -> None:
    if can(actor, Action.MOVE, old, new):
        return
    allowed = "、".join(STATUS_TITLES[s] for s in moves(actor, old)) or "无"
    raise Forbidden(f"您（{actor.role_title}）不能把项目从“{STATUS_TITLES[old]}”改为“{STATUS_TITLES[new]}”；"
                    f"可改为：{allowed}")


def may_write(actor: Actor, status: str) -> None:
    if can(actor, Action.WRITE, status):
        return
    if status == "final":
        raise Forbidden("项目已定稿，不能再修改；如确需修改，请财政部门先把状态改回“评价中”")
    raise Forbidden(f"项目处于“{STATUS_TITLES.get(status, status)}”状态，您（{actor.role_title}）不能修改；"
                    "如需补充，请评价人员把项目退回“填报中”")


def may_admin(actor: Actor) -> None:
    if not can(actor, Action.MANAGE_USERS):
        raise Forbidden("只有管理员可以管理用户")


def may_assign(actor: Actor) -> None:
    if not can(actor, Action.ASSIGN):
        raise Forbidden("只有管理员和财政部门可以指派评价人员")
