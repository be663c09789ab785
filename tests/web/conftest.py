"""Fixtures of the storage and web suites: every test runs once on SQLite and once on PostgreSQL.

The PostgreSQL leg needs ``JIXIAO_TEST_POSTGRES_URL`` (CI sets it); each test gets a fresh schema
there, dropped afterwards, so parallel runs on one server never see each other's rows.
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed: pip install -e '.[web]'")

from fastapi.testclient import TestClient
from sqlalchemy import create_engine, text

from jixiao.storage import (
    CLI,
    Store,
    users,
)
from jixiao.storage import projects as store_projects
from jixiao.web.app import create_app

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "yantian-it-om-2023" / "project.yaml"
POSTGRES_VARIABLE = "JIXIAO_TEST_POSTGRES_URL"
PASSWORD = "correct-horse-battery"


@pytest.fixture(autouse=True, scope="session")
def quick_password_hashes() -> Iterator[None]:
    """argon2id with its smallest cost: the suite logs in hundreds of times. The production
    parameters are the library's defaults (storage/users.py)."""
    from argon2 import PasswordHasher

    saved = users._HASHER
    users._HASHER = PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    yield
    users._HASHER = saved


@dataclass(frozen=True)
class Database:
    url: str
    schema: str | None = None


def open_database(kind: str, folder: Path) -> Iterator[Database]:
    if kind == "sqlite":
        yield Database(f"sqlite:///{folder / 'jixiao.db'}")
        return
    url = os.environ.get(POSTGRES_VARIABLE)
    if not url:
        pytest.skip(f"{POSTGRES_VARIABLE} is not set: the PostgreSQL leg needs a server (CI sets it)")
    schema = f"jixiao_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        yield Database(url, schema)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Database]:
    """A fresh, empty database for one test."""
    yield from open_database(request.param, tmp_path)


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def module_database(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """One database shared by a module's tests (for read-mostly suites such as the role matrix)."""
    yield from open_database(request.param, tmp_path_factory.mktemp("db"))


def opened(database: Database) -> Iterator[Store]:
    store = Store.open(database.url, database.schema)
    yield store
    store.sessions.kw["bind"].dispose()


@pytest.fixture
def store(database: Database) -> Iterator[Store]:
    yield from opened(database)


@pytest.fixture(scope="module")
def module_store(module_database: Database) -> Iterator[Store]:
    yield from opened(module_database)


def example_text() -> str:
    return EXAMPLE.read_text(encoding="utf-8")


def example_files() -> dict[str, bytes]:
    from jixiao.storage.attachments import read_beside

    return read_beside(EXAMPLE, example_text())


def import_example(store: Store, department: str | None = None) -> int:
    """Import the example project (optionally moved to another department); returns its id."""
    body = example_text()
    if department is not None:
        body = body.replace("department: 深圳市盐田区信访局", f"department: {department}")
    with store.writing() as db:
        rows = store_projects.import_texts(db, CLI, [store_projects.Incoming("example.yaml", body, example_files())],
                                           store.registry)
        return rows[0].id


def add_user(store: Store, name: str, role: str, department: str = "") -> None:
    with store.writing() as db:
        users.add_user(db, name, role, PASSWORD, department)


@dataclass
class Browser:
    """A TestClient logged in as someone, sending the CSRF header on changing requests."""

    client: TestClient
    csrf: str = ""

    def call(self, method: str, path: str, **kwargs: Any) -> httpx.Response:
        headers = {"X-CSRF-Token": self.csrf} if self.csrf else {}
        headers.update(kwargs.pop("headers", {}))
        return self.client.request(method, path, headers=headers, **kwargs)


@pytest.fixture
def app_client(store: Store) -> Iterator[TestClient]:
    with TestClient(create_app(store), follow_redirects=False) as client:
        yield client


def log_in(store: Store, name: str) -> Browser:
    client = TestClient(create_app(store), follow_redirects=False)
    answer = client.post("/api/session", json={"username": name, "password": PASSWORD})
    assert answer.status_code == 200, answer.text
    return Browser(client, answer.json()["csrf_token"])


def hidden(page: str, name: str) -> str:
    """The value of a page's hidden field (the CSRF token a form posts back)."""
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no hidden field {name}"
    return match.group(1)


def form_login(store: Store, name: str, role: str) -> TestClient:
    """A client logged in through the login page, as a person does it."""
    add_user(store, name, role)
    client = TestClient(create_app(store), follow_redirects=False)
    form = client.get("/login").text
    answer = client.post("/login", data={"username": name, "password": PASSWORD,
                                         "csrf_token": hidden(form, "csrf_token"), "next": "/projects"})
    assert (answer.status_code, answer.headers["location"]) == (303, "/projects")
    return client


def free_port() -> int:
    """A port on the loopback nobody listens on (for a server started by a test)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def server(store: Store) -> Iterator[str]:
    """The workbench on ``store``, served by uvicorn in a thread; its address."""
    uvicorn = pytest.importorskip("uvicorn")
    running = uvicorn.Server(uvicorn.Config(create_app(store), host="127.0.0.1", port=free_port(), log_level="warning"))
    thread = threading.Thread(target=running.run, daemon=True)
    thread.start()
    while not running.started:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{running.config.port}"
    running.should_exit = True
    thread.join(10)
