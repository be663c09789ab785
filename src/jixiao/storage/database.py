"""Where the data lives: a SQLite file by default, PostgreSQL when ``JIXIAO_DATABASE_URL`` says so.

``open_database`` creates the engine and brings the schema up to date with Alembic, so
``jixiao serve`` on a fresh machine needs nothing installed or prepared.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_URL = "sqlite:///jixiao.db"
URL_VARIABLE = "JIXIAO_DATABASE_URL"
WRITE_OPTION = "jixiao_write"  # execution option marking a transaction that will write
MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"


def database_url(explicit: str | None = None) -> str:
    return explicit or os.environ.get(URL_VARIABLE) or DEFAULT_URL


def create(url: str, schema: str | None = None) -> Engine:
    """An engine for ``url``; ``schema`` (PostgreSQL only) isolates test runs from each other."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return _sqlite(url)
    connect_args: dict[str, Any] = {"options": f"-csearch_path={schema}"} if schema else {}
    return create_engine(url, pool_size=20, max_overflow=20, pool_pre_ping=True, connect_args=connect_args)


def _sqlite(url: str) -> Engine:
    # Several web worker threads share the file: WAL lets readers go on while one writes, and
    # the busy timeout makes a second writer wait instead of failing at once.
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

    @event.listens_for(engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy emits BEGIN itself, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Connection) -> None:
        # A writing transaction takes the write lock at BEGIN: two saves then queue up instead
        # of the second failing with "database is locked" when it upgrades its read snapshot.
        immediate = connection.get_execution_options().get(WRITE_OPTION)
        connection.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


def migrate(engine: Engine) -> None:
    """Upgrade the schema to the newest Alembic revision (a no-op when it is current)."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def open_database(url: str | None = None, schema: str | None = None) -> sessionmaker[Session]:
    engine = create(database_url(url), schema)
    migrate(engine)
    return sessionmaker(engine, expire_on_commit=False)
