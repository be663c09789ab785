"""Who is asking: the session cookie, and the CSRF token every changing request must carry.

Pages put the token in a hidden form field; API clients send it in the ``X-CSRF-Token`` header
(``POST /api/session`` returns it). Logging in itself is protected by a double-submit cookie.

Logins run on threads of their own (:func:`log_in`), not on the request thread pool, and at most
:data:`MAX_LOGINS` at a time per process: a flood of logins gets "busy" answers instead of
holding every request thread while it waits for a password-hashing slot.
"""

from __future__ import annotations

import asyncio
import functools
import hmac
import secrets
import threading
from concurrent.futures import ThreadPoolExecutor

from fastapi import Request, Response

from ..storage import Actor, Busy, Forbidden, Store, users

COOKIE = "jixiao_session"
LOGIN_COOKIE = "jixiao_login_csrf"
CSRF_HEADER = "X-CSRF-Token"
MAX_LOGINS = 4 * users.VERIFY_SLOTS  # in the process at once, hashing or waiting for a slot
_LOGIN_THREADS = ThreadPoolExecutor(users.VERIFY_SLOTS + 2, thread_name_prefix="jixiao-login")
_IN_FLIGHT = threading.BoundedSemaphore(MAX_LOGINS)


def store_of(request: Request) -> Store:
    store: Store = request.app.state.store
    return store


def actor(request: Request) -> Actor:
    """The logged-in person; raises NotLoggedIn (401) otherwise. Remembers the CSRF token."""
    cached: Actor | None = getattr(request.state, "actor", None)
    if cached is not None:
        return cached
    found, csrf = store_of(request).session_actor(request.cookies.get(COOKIE, ""))
    request.state.actor, request.state.csrf = found, csrf
    return found


async def person(request: Request) -> Actor:
    """:func:`actor` as a route dependency. Async, so it runs on the event loop: the lookup is
    one indexed query, and handing it to a worker thread and back cost more than the query."""
    return actor(request)


def csrf_token(request: Request) -> str:
    actor(request)
    token: str = request.state.csrf
    return token


def check_csrf(request: Request, given: str | None) -> None:
    if not given or not hmac.compare_digest(given, csrf_token(request)):
        raise Forbidden("安全校验失败（CSRF），请刷新页面后重试")


async def api_actor(request: Request) -> Actor:
    """Dependency for API routes: logged in, and for changing methods the CSRF header too
    (async for the reason given at :func:`person`)."""
    found = actor(request)
    if request.method not in ("GET", "HEAD", "OPTIONS"):
        check_csrf(request, request.headers.get(CSRF_HEADER))
    return found


def set_session_cookie(request: Request, response: Response, token: str) -> None:
    response.set_cookie(COOKIE, token, max_age=int(users.SESSION_LIFETIME.total_seconds()), httponly=True,
                        samesite="lax", secure=request.app.state.secure_cookies)


def login_csrf(request: Request, response: Response) -> str:
    """The token of the login form, also set as a cookie (double submit: a forged cross-site
    form cannot read the cookie to copy it into the field)."""
    token = request.cookies.get(LOGIN_COOKIE) or secrets.token_urlsafe(24)
    response.set_cookie(LOGIN_COOKIE, token, httponly=True, samesite="strict",
                        secure=request.app.state.secure_cookies)
    return token


def check_login_csrf(request: Request, given: str) -> None:
    expected = request.cookies.get(LOGIN_COOKIE, "")
    if not expected or not hmac.compare_digest(expected, given):
        raise Forbidden("安全校验失败（CSRF），请刷新登录页面后重试")


def client_address(request: Request) -> str:
    """The client's IP address. Behind a reverse proxy on the same machine uvicorn takes it from
    ``X-Forwarded-For`` (it trusts 127.0.0.1 by default, ``--forwarded-allow-ips``)."""
    return request.client.host if request.client else ""


async def log_in(request: Request, username: str, password: str) -> users.Login:
    """:meth:`Store.log_in` for a request, on the login threads; refuses as busy (503) when
    :data:`MAX_LOGINS` are already under way."""
    if not _IN_FLIGHT.acquire(blocking=False):
        raise Busy(users.BUSY)
    try:
        call = functools.partial(store_of(request).log_in, username, password, client_address(request))
        return await asyncio.get_running_loop().run_in_executor(_LOGIN_THREADS, call)
    finally:
        _IN_FLIGHT.release()
