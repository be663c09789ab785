"""Storage: projects, users, sessions and the audit log in a database (SQLite or PostgreSQL).

A thin shell: project files are stored as text and scored by the core; see ``docs.md`` of the
package for the map and ``docs/web.md`` for the user's view.
"""

from .access import CLI, ROLES, Actor
from .errors import Busy, Conflict, Forbidden, Invalid, NotFound, NotLoggedIn, StoreError
from .plain import AuditLine, ProjectList, ProjectView, UserView, file_name
from .projects import STATUSES, Filters, Incoming, Page, Refused, Scoring
from .schema import utcnow
from .store import ProjectPage, Store

__all__ = [
    "CLI",
    "ROLES",
    "STATUSES",
    "Actor",
    "AuditLine",
    "Busy",
    "Conflict",
    "Filters",
    "Forbidden",
    "Incoming",
    "Invalid",
    "NotFound",
    "NotLoggedIn",
    "Page",
    "ProjectList",
    "ProjectPage",
    "ProjectView",
    "Refused",
    "Scoring",
    "Store",
    "StoreError",
    "UserView",
    "file_name",
    "utcnow",
]
