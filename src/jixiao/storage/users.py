"""Accounts, passwords and logins: argon2id hashes, lockout after repeated failures, sessions
that expire. Functions take an open database session; the caller owns the transaction."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session as DbSession

from .access import ROLES, Actor
from .errors import Conflict, Invalid, Locked, NotFound, NotLoggedIn
from .schema import SESSIONS, USERS, Session, User, utcnow

MAX_FAILURES = 5
LOCKOUT = dt.timedelta(minutes=15)
SESSION_LIFETIME = dt.timedelta(hours=8)
MIN_PASSWORD = 10

_HASHER = PasswordHasher()  # argon2id with the library's current recommended parameters
# Verified when the user does not exist, so a wrong name costs as long as a wrong password.
_DUMMY_HASH = _HASHER.hash(secrets.token_urlsafe(16))


@dataclass(frozen=True, slots=True)
class Login:
    """A new session: the cookie's token (never stored) and the CSRF token for forms."""

    token: str
    csrf_token: str
    actor: Actor


def actor_of(user: User) -> Actor:
    return Actor(user.id, user.username, user.role, user.department)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def add_user(db: DbSession, username: str, role: str, password: str, department: str = "") -> User:
    username = username.strip()
    _check_new_user(db, username, role, password, department)
    user = User(username=username, role=role, department=department.strip(),
                password_hash=_HASHER.hash(password), active=True, failed_logins=0)
    db.add(user)
    db.flush()
    return user


def _check_new_user(db: DbSession, username: str, role: str, password: str, department: str) -> None:
    if not username or len(username) > 64:
        raise Invalid("用户名不能为空，且不超过64个字符")
    if role not in ROLES:
        raise Invalid(f"没有“{role}”这个角色；可选：{'、'.join(ROLES)}")
    if role == "unit" and not department.strip():
        raise Invalid("预算单位用户必须指定所属单位（--department）")
    if len(password) < MIN_PASSWORD:
        raise Invalid(f"密码至少需要 {MIN_PASSWORD} 个字符")
    if db.scalar(select(User.id).where(User.username == username)) is not None:
        raise Conflict(f"用户名“{username}”已被使用")


def set_password(db: DbSession, username: str, password: str) -> None:
    if len(password) < MIN_PASSWORD:
        raise Invalid(f"密码至少需要 {MIN_PASSWORD} 个字符")
    user = find_user(db, username)
    user.password_hash = _HASHER.hash(password)
    user.failed_logins, user.locked_until = 0, None


def find_user(db: DbSession, username: str) -> User:
    user = db.scalar(select(User).where(User.username == username))
    if user is None:
        raise NotFound(f"没有用户“{username}”")
    return user


def log_in(db: DbSession, username: str, password: str, now: dt.datetime | None = None) -> Login:
    """Check the password and open a session; count failures and lock the account after
    :data:`MAX_FAILURES` in a row. The caller must commit even when this raises, so that a
    failure is counted."""
    now = now or utcnow()
    user = db.scalar(select(User).where(User.username == username.strip()))
    if user is None or not user.active:
        _verify(_DUMMY_HASH, password)
        raise NotLoggedIn("用户名或密码不正确")
    if user.locked_until is not None and user.locked_until > now:
        raise Locked(f"登录失败次数过多，账户已锁定，请于 {_beijing(user.locked_until)} 之后再试或联系管理员")
    if not _verify(user.password_hash, password):
        _count_failure(user, now)
        raise NotLoggedIn("用户名或密码不正确")
    user.failed_logins, user.locked_until = 0, None
    return _open_session(db, user, now)


def _verify(stored: str, password: str) -> bool:
    try:
        return _HASHER.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def _count_failure(user: User, now: dt.datetime) -> None:
    user.failed_logins += 1
    if user.failed_logins >= MAX_FAILURES:
        user.locked_until = now + LOCKOUT
        user.failed_logins = 0


def _beijing(moment: dt.datetime) -> str:
    return (moment + dt.timedelta(hours=8)).strftime("%H:%M")


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
    user = find_user(db, username)
    user.failed_logins, user.locked_until = 0, None


def set_active(db: DbSession, username: str, active: bool) -> None:
    user = find_user(db, username)
    user.active = active
    if not active:
        db.execute(delete(Session).where(Session.user_id == user.id))
