"""Storage: projects, users, sessions and the audit log in a database (SQLite or PostgreSQL).

A thin shell: project files are stored as text and scored by the core; see ``docs.md`` of the
package for the map and ``docs/web.md`` for the user's view.
"""

from .access import CLI, ROLES, Actor
from .errors import Busy, Conflict, Forbidden, Invalid, NotFound, NotLoggedIn, StoreError
from .projects import STATUSES, Filters, Page, Scoring
from .store import Store

__all__ = [
    "CLI",
    "ROLES",
    "STATUSES",
    "Actor",
    "Busy",
    "Conflict",
    "Filters",
    "Forbidden",
    "Invalid",
    "NotFound",
    "NotLoggedIn",
    "Page",
    "Scoring",
    "Store",
    "StoreError",
]
