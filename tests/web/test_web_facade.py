"""The web layer talks to storage through the ``Store`` facade and its plain data: no web module
imports the ORM tables, and the route modules hold no database session."""

from __future__ import annotations

import ast
from pathlib import Path

WEB = Path(__file__).resolve().parents[2] / "src" / "jixiao" / "web"
ORM_ROWS = {"Base", "User", "Session", "LoginFailure", "Project", "Assignment", "AuditEntry", "Attachment"}
ROUTES = ("api.py", "pages.py", "workbook_routes.py", "reviewing.py", "auth.py")
# What still reaches past the facade, to be converted next: the CLI commands open sessions and
# call storage.projects and storage.users with them.
REMAINING = {"cli.py"}
INTERNALS = {"jixiao.storage.projects", "jixiao.storage.users", "jixiao.storage.schema",
             "jixiao.storage.database", "sqlalchemy", "sqlalchemy.orm"}
# auth.py reads the login constants of storage.users (hashing slots, session lifetime, the
# "busy" message) and the Login it returns; it opens no session (Store.session_actor does).
ALLOWED = {"auth.py": {"jixiao.storage.users"}}


def _reaching(name: str) -> set[str]:
    return {module for module, _ in _imports(WEB / name) if module in INTERNALS - ALLOWED.get(name, set())}


def _imports(path: Path) -> list[tuple[str, str]]:
    """(module, name) of every import in ``path``, relative imports resolved (``name`` is ``""``
    for a plain ``import module``)."""
    found: list[tuple[str, str]] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.extend((alias.name, "") for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = ["jixiao", "web"][: 2 - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            found.extend((module, alias.name) for alias in node.names)
            found.extend((f"{module}.{alias.name}", "") for alias in node.names)  # from ..storage import projects
    return found


def test_imports_resolve() -> None:
    found = _imports(WEB / "pages.py")
    assert ("jixiao.storage", "Filters") in found
    assert ("jixiao.web.views", "workspace") in found


def test_no_web_module_imports_the_orm() -> None:
    wrong = {f"{path.name}: {module} {name}".strip() for path in WEB.glob("*.py") for module, name in _imports(path)
             if module == "jixiao.storage.schema" or (module.startswith("jixiao.storage") and name in ORM_ROWS)}
    assert wrong == set()


def test_routes_call_store_use_cases_only() -> None:
    wrong = {f"{name}: {module}" for name in ROUTES for module in _reaching(name)}
    assert wrong == set()
    text = {name: (WEB / name).read_text(encoding="utf-8") for name in ROUTES}
    assert [name for name, body in text.items() if ".reading()" in body or ".writing()" in body] == []


def test_the_remaining_list_is_current() -> None:
    """A module converted leaves :data:`REMAINING`; every other module is checked above."""
    assert {path.name for path in WEB.glob("*.py") if _reaching(path.name)} == REMAINING
