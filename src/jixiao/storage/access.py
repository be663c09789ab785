"""Who may do what. Four roles, and the rules that decide which projects each one sees.

| role | reads | writes facts and goals | overrides scores | creates projects | manages users |
|---|---|---|---|---|---|
| admin | all | all | yes | any department | yes |
| finance | all | all | yes | any department | no |
| evaluator | assigned to them | assigned to them | yes | any (and is assigned) | no |
| unit | its own department's | its own department's | no | its own department | no |

A project moves 填报中 → 评价中 → 已定稿 (:data:`MOVES`); who may write it depends on where it is
(:data:`WRITERS`): a unit fills in a draft and hands it in, evaluators and the finance bureau
work on it while it is evaluated, and a final version is never changed, only reopened.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, bindparam, false, select, true

from .errors import Forbidden
from .schema import Assignment, Project

ROLES: dict[str, str] = {"admin": "管理员", "finance": "财政部门", "evaluator": "评价人员", "unit": "预算单位"}


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


CLI = Actor(0, "命令行", "admin")  # the operator at the server's console


def visible(actor: Actor) -> ColumnElement[bool]:
    """A WHERE clause selecting the projects ``actor`` may read. Its parameters are named
    ``actor_department`` and ``actor_id`` (see :func:`actor_parameters`), so that a statement
    built with it once can be run for every person of the same role."""
    if actor.role in ("admin", "finance"):
        return true()
    if actor.role == "unit":
        return Project.department == bindparam("actor_department", actor.department)
    if actor.role == "evaluator":
        assigned = select(Assignment.project_id).where(Assignment.user_id == bindparam("actor_id", actor.id))
        return Project.id.in_(assigned)
    return false()


def actor_parameters(actor: Actor) -> dict[str, Any]:
    """The values of :func:`visible`'s parameters for ``actor``."""
    return {"actor_department": actor.department, "actor_id": actor.id}


def may_create(actor: Actor, department: str) -> None:
    if actor.role == "unit" and department != actor.department:
        raise Forbidden(f"预算单位只能创建本单位（{actor.department}）的项目，不能创建“{department}”的项目")


def may_override(actor: Actor) -> None:
    if actor.role == "unit":
        raise Forbidden("预算单位可以填写事实和绩效目标，但不能调整得分")


# (from, to) → the roles that may move a project so; any other move is refused.
MOVES: dict[tuple[str, str], frozenset[str]] = {
    ("draft", "evaluating"): frozenset({"admin", "finance", "evaluator", "unit"}),  # handed in
    ("evaluating", "draft"): frozenset({"admin", "finance", "evaluator"}),  # returned to be completed
    ("evaluating", "final"): frozenset({"admin", "finance", "evaluator"}),
    ("final", "evaluating"): frozenset({"admin", "finance"}),  # reopened, by the bureau only
}
# status → the roles that may change a project's file while it is there.
WRITERS: dict[str, frozenset[str]] = {
    "draft": frozenset(ROLES),
    "evaluating": frozenset({"admin", "finance", "evaluator"}),
    "final": frozenset(),
}
STATUS_TITLES: dict[str, str] = {"draft": "填报中", "evaluating": "评价中", "final": "已定稿"}


def moves(actor: Actor, status: str) -> list[str]:
    """The statuses ``actor`` may move a project in ``status`` to."""
    return [new for (old, new), roles in MOVES.items() if old == status and actor.role in roles]


def may_move(actor: Actor, old: str, new: str) -> None:
    if actor.role in MOVES.get((old, new), frozenset()):
        return
    allowed = "、".join(STATUS_TITLES[s] for s in moves(actor, old)) or "无"
    raise Forbidden(f"您（{actor.role_title}）不能把项目从“{STATUS_TITLES[old]}”改为“{STATUS_TITLES[new]}”；"
                    f"可改为：{allowed}")


def may_write(actor: Actor, status: str) -> None:
    if actor.role in WRITERS.get(status, frozenset()):
        return
    if status == "final":
        raise Forbidden("项目已定稿，不能再修改；如确需修改，请财政部门先把状态改回“评价中”")
    raise Forbidden(f"项目处于“{STATUS_TITLES.get(status, status)}”状态，您（{actor.role_title}）不能修改；"
                    "如需补充，请评价人员把项目退回“填报中”")


def may_admin(actor: Actor) -> None:
    if actor.role != "admin":
        raise Forbidden("只有管理员可以管理用户")


def may_assign(actor: Actor) -> None:
    if actor.role not in ("admin", "finance"):
        raise Forbidden("只有管理员和财政部门可以指派评价人员")
