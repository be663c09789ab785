"""The outermost layer of the app, in plain ASGI: a request body over its limit is refused before
anything reads it, and every response, an error or a static file too, carries the security headers.

Plain ASGI rather than Starlette's ``BaseHTTPMiddleware``: that one runs each request in a task
group with its own streams, which costs more than most of the requests it would wrap. Here a
request that fits costs one header lookup and one list copy of the response headers.

A body's limit depends on what it is (:func:`body_limit`): a JSON or form request gets
``LIMITS.body_bytes``, an uploaded file ``LIMITS.upload_bytes`` (a multipart form a little more,
for its other fields). A declared ``Content-Length`` over the limit is refused at once; a chunked
body is counted as it arrives, and the app's own answer is replaced by the refusal when it runs over.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import suppress

from starlette.datastructures import Headers
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..limits import LIMITS, Limits

FORM_SLACK = 128 * 1024  # a multipart form's other fields (token, version, a reason) and boundaries
JSON_TYPES = ("", "application/json", "application/x-www-form-urlencoded")

def content_security_policy(*scripts: str) -> str:
    """Only this site's own scripts, styles and images: no inline script or style (the pages have
    none; htmx is told not to add its indicator style), no plugins, no framing by another site.
    ``scripts`` are the hashes (``'sha256-…'``) of inline scripts one page may run, for the page
    that sets this policy itself (the API documentation: web/apidocs.py)."""
    allowed = " ".join(("'self'", *scripts))
    return (f"default-src 'self'; script-src {allowed}; style-src 'self'; img-src 'self' data:; "
            "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; "
            "form-action 'self'; frame-ancestors 'none'")


CONTENT_SECURITY_POLICY = content_security_policy()
SECURITY_HEADERS = (
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
)
NO_STORE = (b"cache-control", b"no-store")  # pages and API answers carry people's data
STATIC = "/static/"  # the vendored script and the style sheet may be cached


class BodyTooLarge(Exception):
    """Raised to the app from ``receive`` when a streamed body runs over its limit; the guard
    answers 413 whatever the app then does (errors.py registers a handler so it is not logged
    as a crash)."""


def body_limit(content_type: str, limits: Limits = LIMITS) -> int:
    """Bytes a body of this content type may have: JSON and forms ``body_bytes``; files (a
    multipart upload, raw YAML, an xlsx sent as the body) ``upload_bytes``."""
    kind = content_type.split(";")[0].strip().lower()
    if kind in JSON_TYPES or kind.endswith("+json"):
        return limits.body_bytes
    if kind == "multipart/form-data":
        return limits.upload_bytes + FORM_SLACK
    return limits.upload_bytes


def megabytes(size: int) -> str:
    """``2097152`` → ``2 MB``; ``1572864`` → ``1.5 MB``."""
    value = size / 1024 / 1024
    return f"{value:.0f} MB" if value == int(value) else f"{value:.1f} MB"


def refusal(content_type: str, limits: Limits = LIMITS) -> str:
    """The Chinese message of a 413: the limit, and what to do instead."""
    limit = body_limit(content_type, limits)
    if limit == limits.body_bytes:
        return f"请求内容过大（上限 {megabytes(limit)}），没有作任何修改；请减少一次提交的内容，分几次保存"
    if limit > limits.upload_bytes:  # a form: its files together
        return (f"上传的文件过大（一次上传的文件合计上限 {megabytes(limits.upload_bytes)}），没有作任何修改；"
                "请拆分文件或分批上传")
    return (f"上传的文件过大（单个文件上限 {megabytes(limits.upload_bytes)}），没有作任何修改；"
            "请拆分文件或删去无关内容后再上传")


Refuse = Callable[[Scope, Receive, Send, str], Awaitable[None]]  # sends a 413 with this message


class Guard:
    """Wraps the whole app (outside its error handling, so a 500 gets the headers too)."""

    def __init__(self, app: ASGIApp, refuse: Refuse, limits: Limits = LIMITS) -> None:
        self.app = app
        self.refuse = refuse  # sends the 413 in the one error shape (errors.too_large)
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        send = secured(send, not str(scope.get("path", "")).startswith(STATIC))
        content_type = Headers(scope=scope).get("content-type", "")
        limit = body_limit(content_type, self.limits)
        if declared_length(scope) > limit:
            await self.refuse(scope, receive, send, refusal(content_type, self.limits))
            return
        body = _Counted(receive, send, limit)
        with suppress(BodyTooLarge):  # raised by body.receive when a route let it through
            await self.app(scope, body.receive, body.send)
        if body.over and not body.started:
            await self.refuse(scope, receive, send, refusal(content_type, self.limits))


def declared_length(scope: Scope) -> int:
    """The request's Content-Length, 0 when it has none (a chunked body is counted instead)."""
    for name, value in scope["headers"]:
        if name == b"content-length":
            # The HTTP server has checked it is digits; 19 of them is already past any limit.
            return int(value) if len(value) < 19 and value.isdigit() else 2**63
    return 0


def secured(send: Send, private: bool) -> Send:
    """``send`` adding the security headers (and ``no-store`` when ``private``) to the response's
    start, each unless the app set it itself."""
    added = (*SECURITY_HEADERS, NO_STORE) if private else SECURITY_HEADERS

    async def sending(message: Message) -> None:
        if message["type"] == "http.response.start":
            headers = list(message.get("headers", ()))
            present = {name.lower() for name, _ in headers}
            headers.extend(h for h in added if h[0] not in present)
            message = {**message, "headers": headers}
        await send(message)

    return sending


class _Counted:
    """The request's ``receive`` counting its bytes, and a ``send`` that drops the app's answer
    once the body has run over (the guard answers 413 instead)."""

    def __init__(self, receive: Receive, send: Send, limit: int) -> None:
        self._receive, self._send, self._limit = receive, send, limit
        self.received = 0
        self.over = False
        self.started = False

    async def receive(self) -> Message:
        message = await self._receive()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self._limit and not self.started:
                self.over = True
                raise BodyTooLarge(self.received)
        return message

    async def send(self, message: Message) -> None:
        if self.over:
            return
        if message["type"] == "http.response.start":
            self.started = True
        await self._send(message)
