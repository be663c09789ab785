"""The role matrix: every API route × every role, and who may read or write what.

Projects: A belongs to 甲局, B to 乙局, C to 丙局 (C is where assigning is tried). The evaluator
is assigned to A; the unit user belongs to 甲局. The database is shared by the module's tests.
Expected statuses are written out in full, one row per route. A project someone may not see
answers 404, exactly like one that does not exist, so that no one learns which numbers exist.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from fastapi.testclient import TestClient

from jixiao.storage import Store
from jixiao.web.app import create_app

from .conftest import Browser, add_user, example_text, import_example, log_in

ROLES = ("admin", "finance", "evaluator", "unit", "anonymous")


@pytest.fixture(scope="module")
def world(module_store: Store) -> dict[str, Any]:
    """Shared by the module's tests: each write below leaves it valid for the next."""
    store = module_store
    a, b, c = import_example(store, "甲局"), import_example(store, "乙局"), import_example(store, "丙局")
    add_user(store, "root", "admin")
    add_user(store, "fin", "finance")
    add_user(store, "eva", "evaluator")
    add_user(store, "jia", "unit", "甲局")
    admin = log_in(store, "root")
    assert admin.call("POST", f"/api/projects/{a}/evaluators", json={"username": "eva"}).status_code == 204
    people = {"admin": admin, "finance": log_in(store, "fin"), "evaluator": log_in(store, "eva"),
              "unit": log_in(store, "jia"), "anonymous": Browser(TestClient(create_app(store), follow_redirects=False))}
    return {"A": a, "B": b, "C": c, "people": people, "admin": admin}


def version(world: dict[str, Any], project: str) -> int:
    answer = world["admin"].call("GET", f"/api/projects/{world[project]}")
    return int(answer.json()["version"])


def facts(project: str) -> Callable[[dict[str, Any]], tuple[str, str, dict[str, Any]]]:
    def build(w: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
        body = {"version": version(w, project), "changes": {"funds.spent": "60"}}
        return "PATCH", f"/api/projects/{w[project]}/facts", {"json": body}
    return build


def override(w: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    body = {"version": version(w, "A"), "reason": "复核调整",
            "changes": {"facts.资金分配合理性.override": "{score: 2, reason: 复核调整}"}}
    return "PATCH", f"/api/projects/{w['A']}/facts", {"json": body}


def override_by_whole_leaf(w: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    """An override smuggled in with a whole leaf's facts is still an override."""
    current = version(w, "A")  # each call sets another score, so no call is a no-op
    body = {"version": current, "reason": "复核调整",
            "changes": {"facts.资金分配合理性": f"{{answers: [是, 是], override: {{score: {current % 3}, reason: 复核}}}}"}}
    return "PATCH", f"/api/projects/{w['A']}/facts", {"json": body}


def get(path: str) -> Callable[[dict[str, Any]], tuple[str, str, dict[str, Any]]]:
    return lambda w: ("GET", path.format(**w), {})


def create(department: str) -> Callable[[dict[str, Any]], tuple[str, str, dict[str, Any]]]:
    body = example_text().replace("department: 深圳市盐田区信访局", f"department: {department}")
    return lambda w: ("POST", "/api/projects", {"json": {"text": body}})


def replace_file(w: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    return "PUT", f"/api/projects/{w['A']}/file", {"json": {"version": version(w, "A"), "text": example_text()
                                                           .replace("department: 深圳市盐田区信访局", "department: 甲局")
                                                           .replace("spent: 61.71", "spent: 61.5")}}


def status(w: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    return "PATCH", f"/api/projects/{w['A']}/status", {"json": {"version": version(w, "A"), "status": "evaluating"}}


def assign(w: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    return "POST", f"/api/projects/{w['C']}/evaluators", {"json": {"username": "eva"}}


def new_user(w: dict[str, Any]) -> tuple[str, str, dict[str, Any]]:
    return "POST", "/api/users", {"json": {"username": "new-person", "role": "finance", "password": "long-enough-pw"}}


#          route                                       admin finance evaluator unit anonymous
MATRIX = [
    ("list projects", get("/api/projects"),             (200, 200, 200, 200, 401)),
    ("read A", get("/api/projects/{A}"),                 (200, 200, 200, 200, 401)),
    ("read B", get("/api/projects/{B}"),                 (200, 200, 404, 404, 401)),
    ("score A", get("/api/projects/{A}/score"),          (200, 200, 200, 200, 401)),
    ("score B", get("/api/projects/{B}/score"),          (200, 200, 404, 404, 401)),
    ("file B", get("/api/projects/{B}/file"),            (200, 200, 404, 404, 401)),
    ("audit B", get("/api/projects/{B}/audit"),          (200, 200, 404, 404, 401)),
    ("edit facts A", facts("A"),                         (200, 200, 200, 200, 401)),
    ("edit facts B", facts("B"),                         (200, 200, 404, 404, 401)),
    ("override A", override,                             (200, 200, 200, 403, 401)),
    ("override via leaf A", override_by_whole_leaf,      (200, 200, 200, 403, 401)),
    ("replace file A", replace_file,                     (200, 200, 200, 200, 401)),
    ("status A", status,                                 (200, 200, 200, 200, 401)),
    ("create in 甲局", create("甲局"),                    (201, 201, 201, 201, 401)),
    ("create in 乙局", create("乙局"),                    (201, 201, 201, 403, 401)),
    ("assign evaluator", assign,                         (204, 204, 403, 403, 401)),
    ("list users", get("/api/users"),                    (200, 403, 403, 403, 401)),
    ("add user", new_user,                               (201, 403, 403, 403, 401)),
    ("frameworks", get("/api/frameworks"),               (200, 200, 200, 200, 401)),
]


@pytest.mark.parametrize(("route", "build", "expected"), MATRIX, ids=[m[0] for m in MATRIX])
def test_role_matrix(world: dict[str, Any], route: str,
                     build: Callable[[dict[str, Any]], tuple[str, str, dict[str, Any]]],
                     expected: tuple[int, ...]) -> None:
    got = []
    for role in ROLES:
        method, path, kwargs = build(world)
        got.append(world["people"][role].call(method, path, **kwargs).status_code)
    assert tuple(got) == expected, f"{route}: {dict(zip(ROLES, got, strict=True))}"


def test_each_role_lists_exactly_its_projects(world: dict[str, Any]) -> None:
    def ids(role: str) -> set[int]:
        listed = world["people"][role].call("GET", "/api/projects?per_page=500").json()["items"]
        return {p["id"] for p in listed}

    everything = ids("admin")
    details = [world["admin"].call("GET", f"/api/projects/{i}").json() for i in everything]
    assert ids("finance") == everything and {world["A"], world["B"], world["C"]} <= everything
    assert ids("evaluator") == {p["id"] for p in details if "eva" in p["evaluators"]}
    assert ids("unit") == {p["id"] for p in details if p["department"] == "甲局"}
    assert world["B"] not in ids("evaluator") | ids("unit")


PAGES = [
    ("/projects", (200, 200, 200, 200, 303)),
    ("/projects/{A}", (200, 200, 200, 200, 303)),
    ("/projects/{B}", (200, 200, 404, 404, 303)),
    ("/admin/users", (200, 403, 403, 403, 303)),
]


@pytest.mark.parametrize(("path", "expected"), PAGES, ids=[p[0] for p in PAGES])
def test_pages_by_role(world: dict[str, Any], path: str, expected: tuple[int, ...]) -> None:
    got = tuple(world["people"][role].call("GET", path.format(**world)).status_code for role in ROLES)
    assert got == expected
