"""The permission table read as a reader would read it, and no role checks outside it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from jixiao.storage.access import MOVES, PERMISSIONS, ROLES, Action, Actor, Role, can

WEB = Path(__file__).resolve().parents[2] / "src" / "jixiao" / "web"
ADMIN, FINANCE, EVALUATOR, UNIT = (Actor(i, r.value, r, "教育局") for i, r in enumerate(Role, 1))
EVERYONE = (ADMIN, FINANCE, EVALUATOR, UNIT)


def test_role_values_are_the_stored_strings() -> None:
    assert [r.value for r in Role] == ["admin", "finance", "evaluator", "unit"]
    assert list(ROLES) == list(Role)


def test_a_unit_cannot_override_scores_the_others_can() -> None:
    assert not can(UNIT, Action.OVERRIDE)
    assert all(can(a, Action.OVERRIDE) for a in (ADMIN, FINANCE, EVALUATOR))


def test_only_admin_manages_users() -> None:
    assert [a.role for a in EVERYONE if can(a, Action.MANAGE_USERS)] == ["admin"]


def test_the_bureau_assigns_and_reads_everything() -> None:
    for action in (Action.ASSIGN, Action.READ_ALL):
        assert [a.role for a in EVERYONE if can(a, action)] == ["admin", "finance"]


def test_only_a_unit_is_held_to_its_own_department() -> None:
    assert [a.role for a in EVERYONE if not can(a, Action.CREATE_ANY)] == ["unit"]


def test_who_writes_depends_on_the_status() -> None:
    assert all(can(a, Action.WRITE, "draft") for a in EVERYONE)
    assert [a.role for a in EVERYONE if can(a, Action.WRITE, "evaluating")] == ["admin", "finance", "evaluator"]
    assert not any(can(a, Action.WRITE, "final") for a in EVERYONE)
    assert not can(ADMIN, Action.WRITE)  # no status, no writing


def test_moves() -> None:
    assert can(UNIT, Action.MOVE, "draft", "evaluating")
    assert not can(UNIT, Action.MOVE, "evaluating", "draft")
    assert [a.role for a in EVERYONE if can(a, Action.MOVE, "final", "evaluating")] == ["admin", "finance"]
    assert not any(can(a, Action.MOVE, "draft", "final") for a in EVERYONE)
    assert set(MOVES) == {("draft", "evaluating"), ("evaluating", "draft"), ("evaluating", "final"),
                          ("final", "evaluating")}


def test_every_static_action_is_in_the_table() -> None:
    assert set(PERMISSIONS) == set(Action) - {Action.WRITE, Action.MOVE}


def test_an_unknown_role_may_do_nothing() -> None:
    stranger = Actor(9, "x", "guest")
    assert not any(can(stranger, a, "draft", "evaluating") for a in Action)


BARE = re.compile(r"\brole\s*(?:==|!=|\bnot\s+in\b|\bin\b)")


@pytest.mark.parametrize("path", sorted(p for p in WEB.rglob("*") if p.suffix in (".py", ".html")),
                         ids=lambda p: str(p.relative_to(WEB)))
def test_no_bare_role_comparison_in_web(path: Path) -> None:
    hits = [f"{path.name}:{n}: {line.strip()}" for n, line in enumerate(path.read_text().splitlines(), 1)
            if BARE.search(line)]
    assert hits == []
