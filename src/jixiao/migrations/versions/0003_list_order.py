"""An index in the project list's order (year, newest first; then id), so that a page of the
list reads 50 entries of the index instead of sorting every project.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-28
"""

from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_projects_year_id", "projects", ["year", "id"])


def downgrade() -> None:
    op.drop_index("ix_projects_year_id", table_name="projects")
