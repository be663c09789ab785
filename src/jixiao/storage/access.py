"""Who may do what. Four roles, and the rules that decide which projects each one sees.

| role | reads | writes facts and goals | overrides scores | creates projects | manages users |
|---|---|---|---|---|---|
| admin | all | all | yes | any department | yes |
| finance | all | all | yes | any department | no |
| evaluator | assigned to them | assigned to them | yes | any (and is assigned) | no |
| unit | its own department's | its own department's | no | its own department | no |
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


def may_admin(actor: Actor) -> None:
    if actor.role != "admin":
        raise Forbidden("只有管理员可以管理用户")


def may_assign(actor: Actor) -> None:
    if actor.role not in ("admin", "finance"):
        raise Forbidden("只有管理员和财政部门可以指派评价人员")
