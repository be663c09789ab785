"""Login throttling and housekeeping: failed logins counted per address, account and pair
(instead of the account lock of 0001), an index to purge expired sessions by, and the audit
log refusing TRUNCATE on PostgreSQL as it refuses UPDATE and DELETE.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

# A statement-level trigger: TRUNCATE fires no row triggers, so 0001's did not stop it. It
# reuses 0001's function, which refuses whatever fires it. SQLite has no TRUNCATE; its
# "DELETE FROM audit_log" without WHERE still fires 0001's delete trigger.
_PG_TRUNCATE = ("CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log "
                "FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only()")


def upgrade() -> None:
    op.create_table(
        "login_failures",
        sa.Column("account", sa.String(80), primary_key=True),
        sa.Column("address", sa.String(80), primary_key=True),
        sa.Column("failures", sa.Integer, nullable=False),
        sa.Column("last_failed_at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_login_failures_last_failed_at", "login_failures", ["last_failed_at"])
    op.create_index("ix_sessions_expires_at", "sessions", ["expires_at"])
    # The columns of the old lock stay (dropping a column on SQLite rebuilds the table); no lock
    # set under the old rules outlives the upgrade.
    op.execute("UPDATE users SET failed_logins = 0, locked_until = NULL")
    if op.get_bind().dialect.name == "postgresql":
        op.execute(_PG_TRUNCATE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_log_no_truncate ON audit_log")
    op.drop_index("ix_sessions_expires_at", table_name="sessions")
    op.drop_index("ix_login_failures_last_failed_at", table_name="login_failures")
    op.drop_table("login_failures")
