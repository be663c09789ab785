"""Accounts, passwords and logins: argon2id hashes, throttled guessing (storage/throttle.py),
sessions that expire. Functions take an open database session; the caller owns the transaction.

A login is three short steps (:meth:`jixiao.storage.Store.log_in` runs them): read the account's
hash and the counts of failures, check the password in one of :data:`VERIFY_SLOTS` hashing
slots with no transaction open, then write the outcome. The slow hash never holds the database's
write lock, and a flood of logins hashes no more than :data:`VERIFY_SLOTS` passwords at a time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import math
import secrets
import threading
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session as DbSession

from . import throttle
from .access import ROLES, Actor
from .errors import Busy, Conflict, Invalid, NotFound, NotLoggedIn
from .schema import SESSIONS, USERS, Session, User, utcnow

SESSION_LIFETIME = dt.timedelta(hours=8)
MIN_PASSWORD = 10
MAX_USERNAME = 64  # the columns' lengths: checked here, since SQLite would keep anything
MAX_DEPARTMENT = 200
VERIFY_SLOTS = 2  # passwords checked at once by one process (argon2 takes ~0.5 s of a core)
VERIFY_WAIT = 2.0  # seconds a login waits for a slot before it is refused as busy
REFUSED = "用户名或密码不正确，或尝试过于频繁，请稍后再试"
BUSY = "登录请求过多，请稍后再试"
_INVISIBLE = ("Cc", "Cf", "Cs", "Zl", "Zp")  # control, format, surrogate, line and paragraph separators

_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters
_SLOTS = threading.BoundedSemaphore(VERIFY_SLOTS)
_dummy: tuple[PasswordHasher, str] | None = None


@dataclass(frozen=True, slots=True)
class Login:
    """A new session: the cookie's token (never stored) and the CSRF token for forms."""

    token: str
    csrf_token: str
    actor: Actor


@dataclass(frozen=True, slots=True)
class Candidate:
    """What a login read before checking the password: whom and from where (as throttle
    keys), and the hash to check against (a dummy one when there is no such active account)."""

    attempt: throttle.Attempt
    user_id: int | None
    password_hash: str


def actor_of(user: User) -> Actor:
    return Actor(user.id, user.username, user.role, user.department)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# -- names and accounts -----------------------------------------------------------------------


def name_problem(value: str, what: str, limit: int) -> str | None:
    """Why ``value`` cannot be a name (the same on SQLite and PostgreSQL), or None."""
    if len(value) > limit:
        return f"{what}不能超过 {limit} 个字符（现有 {len(value)} 个）"
    if any(unicodedata.category(c) in _INVISIBLE for c in value):
        return f"{what}不能包含控制字符或不可见字符"
    return None


def _check_name(value: str, what: str, limit: int) -> None:
    problem = name_problem(value, what, limit)
    if problem:
        raise Invalid(problem)


def add_user(db: DbSession, username: str, role: str, password: str, department: str = "") -> User:
    username, department = username.strip(), department.strip()
    _check_new_user(db, username, role, password, department)
    user = User(username=username, role=role, department=department, password_hash=_HASHER.hash(password),
                active=True)
    db.add(user)
    db.flush()
    return user


def _check_new_user(db: DbSession, username: str, role: str, password: str, department: str) -> None:
    if not username:
        raise Invalid("用户名不能为空")
    _check_name(username, "用户名", MAX_USERNAME)
    _check_name(department, "所属单位", MAX_DEPARTMENT)
    if role not in ROLES:
        raise Invalid(f"没有“{role}”这个角色；可选：{'、'.join(ROLES)}")
    if role == "unit" and not department:
        raise Invalid("预算单位用户必须指定所属单位（--department）")
    _check_password(password)
    if db.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict(f"用户名“{username}”已被使用")


def _check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise Invalid(f"密码至少需要 {MIN_PASSWORD} 个字符")


def set_password(db: DbSession, username: str, password: str) -> None:
    """A new password: every session of the account ends, and its failed logins are forgotten."""
    _check_password(password)
    user = find_user(db, username)
    user.password_hash = _HASHER.hash(password)
    db.execute(delete(Session).where(Session.user_id == user.id))
    throttle.forgive_account(db, user.username)


def find_user(db: DbSession, username: str) -> User:
    user = None if name_problem(username, "用户名", MAX_USERNAME) else db.scalar(
        select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"没有用户“{username}”")
    return user


# -- logging in -------------------------------------------------------------------------------


def attempt_of(db: DbSession, username: str, address: str, now: dt.datetime) -> throttle.Attempt:
    """The attempt's keys; refuses it, without checking the password, while it must wait."""
    attempt = throttle.Attempt.of(username, address)
    _check_wait(db, attempt, now)
    return attempt


def _check_wait(db: DbSession, attempt: throttle.Attempt, now: dt.datetime) -> None:
    left = throttle.wait_left(db, attempt, now)
    if left:
        raise NotLoggedIn(f"用户名或密码不正确，或尝试过于频繁，请 {math.ceil(left.total_seconds())} 秒后再试")


def candidate(db: DbSession, username: str, attempt: throttle.Attempt, now: dt.datetime) -> Candidate:
    """The hash to check ``username``'s password against, read after checking the wait again
    (other logins may have failed meanwhile)."""
    _check_wait(db, attempt, now)
    name = username.strip()
    found = None if name_problem(name, "用户名", MAX_USERNAME) else db.execute(
        select(USERS.c.id, USERS.c.password_hash).where(USERS.c.username == name, USERS.c.active)).one_or_none()
    if found is None:
        return Candidate(attempt, None, _dummy_hash())
    return Candidate(attempt, found.id, found.password_hash)


@contextmanager
def hashing_slot() -> Iterator[None]:
    """One of the process's :data:`VERIFY_SLOTS`; refuses as busy after :data:`VERIFY_WAIT`."""
    if not _SLOTS.acquire(timeout=VERIFY_WAIT):
        raise Busy(BUSY)
    try:
        yield
    finally:
        _SLOTS.release()


def password_matches(found: Candidate, password: str) -> bool:
    """Check the password (the dummy hash too, so a wrong name costs as long as a wrong password)."""
    return _verify(found.password_hash, password) and found.user_id is not None


def count_failure(db: DbSession, found: Candidate, now: dt.datetime) -> None:
    throttle.record_failure(db, found.attempt, now)


def open_session(db: DbSession, found: Candidate, now: dt.datetime) -> Login:
    """Open a session for a checked password, unless the account changed meanwhile (a new
    password, disabled); also purge expired sessions and forgotten failure counts."""
    user = db.scalar(select(User).where(User.id == found.user_id, User.password_hash == found.password_hash,
                                        User.active))
    if user is None:
        raise NotLoggedIn(REFUSED)
    throttle.forgive(db, found.attempt)
    purge(db, now)
    return _open_session(db, user, now)


def purge(db: DbSession, now: dt.datetime) -> None:
    """Delete expired sessions and forgotten failure counts (both by an index on their time)."""
    db.execute(delete(Session).where(Session.expires_at <= now))
    throttle.purge(db, now)


def _dummy_hash() -> str:
    """A hash made by the current hasher (tests swap in a cheap one), made once."""
    global _dummy
    if _dummy is None or _dummy[0] is not _HASHER:
        _dummy = (_HASHER, _HASHER.hash(secrets.token_urlsafe(16)))
    return _dummy[1]


_dummy_hash()  # made at import: the first wrong name must cost no more than a wrong password


def _verify(stored: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _open_session(db: DbSession, user: User, now: dt.datetime) -> Login:
    token, csrf = secrets.token_urlsafe(32), secrets.token_urlsafe(32)
    db.add(Session(token_hash=hash_token(token), user_id=user.id, csrf_token=csrf,
                   created_at=now, expires_at=now + SESSION_LIFETIME))
    return Login(token, csrf, actor_of(user))


# Every request asks it: built once, of plain columns (see schema.USERS).
_SESSION_ACTOR = (select(USERS.c.id, USERS.c.username, USERS.c.role, USERS.c.department, USERS.c.active,
                         SESSIONS.c.csrf_token, SESSIONS.c.expires_at)
                  .join(USERS, USERS.c.id == SESSIONS.c.user_id).where(SESSIONS.c.token_hash == bindparam("token_hash")))


def session_actor(db: DbSession, token: str, now: dt.datetime | None = None) -> tuple[Actor, str]:
    """The person behind a session cookie and the session's CSRF token."""
    found = db.execute(_SESSION_ACTOR, {"token_hash": hash_token(token)}).one_or_none() if token else None
    if found is None or found.expires_at <= (now or utcnow()):
        raise NotLoggedIn("未登录或登录已过期，请重新登录")
    if not found.active:
        raise NotLoggedIn("账户已停用，请联系管理员")
    return Actor(found.id, found.username, found.role, found.department), found.csrf_token


def log_out(db: DbSession, token: str) -> None:
    db.execute(delete(Session).where(Session.token_hash == hash_token(token)))


def list_users(db: DbSession) -> list[User]:
    return list(db.scalars(select(User).order_by(User.username)))


def unlock(db: DbSession, username: str) -> None:
    """Forget the failed logins for ``username``: no one who guessed for it waits any longer."""
    throttle.forgive_account(db, find_user(db, username).username)


def slowed_accounts(db: DbSession, now: dt.datetime | None = None) -> set[str]:
    """The accounts whose recent failed logins slow down whoever guesses for them."""
    return throttle.slowed_accounts(db, now or utcnow())


def set_active(db: DbSession, username: str, active: bool) -> None:
    user = find_user(db, username)
    user.active = active
    if not active:
        db.execute(delete(Session).where(Session.user_id == user.id))
