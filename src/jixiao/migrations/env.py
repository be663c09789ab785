"""Alembic environment: always run from :func:`jixiao.storage.database.migrate`, which hands
over an open connection, so the schema (PostgreSQL search_path) of the caller is used."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from jixiao.storage.schema import Base


def _run(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
    with context.begin_transaction():
        context.run_migrations()


_run(context.config.attributes["connection"])
