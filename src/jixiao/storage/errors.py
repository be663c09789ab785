"""What can go wrong when a person works on the shared data. The web layer turns each kind into
one HTTP status and the one JSON error shape; the CLI prints the message."""

from __future__ import annotations

from collections.abc import Sequence

from ..diagnostics import Diagnostic


class StoreError(Exception):
    """A refusal with a Chinese message; nothing was changed."""

    status = 400
    code = "bad-request"

    def __init__(self, message: str, diagnostics: Sequence[Diagnostic] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.diagnostics = tuple(diagnostics)


class Invalid(StoreError):
    status = 422
    code = "invalid"


class NotLoggedIn(StoreError):
    status = 401
    code = "not-logged-in"


class Forbidden(StoreError):
    status = 403
    code = "forbidden"


class NotFound(StoreError):
    status = 404
    code = "not-found"


class Conflict(StoreError):
    """Someone else saved first (optimistic locking) or a name is taken."""

    status = 409
    code = "conflict"


class Busy(StoreError):
    """Too many logins at once for the process's password-hashing slots; nothing was checked."""

    status = 503
    code = "busy"
