"""Slowing down password guessing without locking anyone out.

Failed logins are counted in the ``login_failures`` table in three kinds of rows, keyed by
(account, address) with ``""`` standing for any: per client address ``("", address)``, per
account name ``(account, "")`` and per pair ``(account, address)``. Names that are no account
are counted exactly like accounts, so the answers never tell which accounts exist.

After :data:`FREE_FAILURES` failures a count imposes a wait, from its last failure, that doubles
with each further failure: 1 s, 2 s, 4 s … at most :data:`MAX_WAIT`. An address waits for its own
count. An account's count holds back only the addresses that have already failed for that
account: its owner, logging in from an address that has not guessed wrong for it, still gets
in while others guess from elsewhere, and each guessing address gets one free guess at most.

A correct login forgives the failures its address made for that account (the owner's own typing
mistakes), both in the address's count and in the account's; failures that came from elsewhere
stay. Counts are forgotten a day (:data:`FORGET_AFTER`) after their last failure. Every count is
changed by a single statement (an upsert adding one, an update subtracting), so concurrent
failures are never lost, on PostgreSQL either.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import unicodedata
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, delete, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session as DbSession

from .schema import FAILURES

FREE_FAILURES = 5
FIRST_WAIT = dt.timedelta(seconds=1)
MAX_WAIT = dt.timedelta(minutes=15)
FORGET_AFTER = dt.timedelta(hours=24)
ANY = ""  # the account or address of a row that counts for any
MAX_KEY = 64
UNKNOWN_ADDRESS = "?"
_NO_WAIT = dt.timedelta(0)


def key_of(value: str) -> str:
    """``value`` as stored: itself when both databases can keep it as it is, else a digest (a
    name that long, or with a NUL, is no account; PostgreSQL refuses NUL in text)."""
    if value and len(value) <= MAX_KEY and not any(unicodedata.category(c) in ("Cc", "Cs") for c in value):
        return value
    return "#" + hashlib.sha256(value.encode("utf-8", "surrogatepass")).hexdigest()


@dataclass(frozen=True, slots=True)
class Attempt:
    """Who tries to log in and from where, as the keys of the counts."""

    account: str
    address: str

    @classmethod
    def of(cls, username: str, address: str) -> Attempt:
        return cls(key_of(username.strip()), key_of(address) if address else UNKNOWN_ADDRESS)

    @property
    def rows(self) -> tuple[tuple[str, str], ...]:
        """Account, address, pair: the order every transaction locks them in, so none deadlock."""
        return (self.account, ANY), (ANY, self.address), (self.account, self.address)


@dataclass(frozen=True, slots=True)
class Tally:
    failures: int = 0
    last: dt.datetime = dt.datetime.min

    def wait_left(self, now: dt.datetime) -> dt.timedelta:
        return max(self.last + wait(self.failures) - now, _NO_WAIT)


def wait(failures: int) -> dt.timedelta:
    """The wait after ``failures`` failures in a row."""
    if failures < FREE_FAILURES:
        return _NO_WAIT
    return min(FIRST_WAIT * (1 << min(failures - FREE_FAILURES, 20)), MAX_WAIT)


def wait_left(db: DbSession, attempt: Attempt, now: dt.datetime) -> dt.timedelta:
    """How long ``attempt`` must wait before its password may be checked (zero: check it now)."""
    tallies = _tallies(db, attempt, now)
    account, address, pair = (tallies.get(row, Tally()) for row in attempt.rows)
    left = address.wait_left(now)
    return max(left, account.wait_left(now)) if pair.failures else left


def _tallies(db: DbSession, attempt: Attempt, now: dt.datetime) -> dict[tuple[str, str], Tally]:
    query = select(FAILURES.c.account, FAILURES.c.address, FAILURES.c.failures, FAILURES.c.last_failed_at).where(
        _among(attempt.rows), FAILURES.c.last_failed_at >= now - FORGET_AFTER)
    return {(row.account, row.address): Tally(row.failures, row.last_failed_at) for row in db.execute(query)}


def _among(rows: tuple[tuple[str, str], ...]) -> ColumnElement[bool]:
    return or_(*(and_(FAILURES.c.account == account, FAILURES.c.address == address) for account, address in rows))


def record_failure(db: DbSession, attempt: Attempt, now: dt.datetime) -> None:
    """Add one failure to the attempt's three counts, in one statement (a count last changed
    longer ago than :data:`FORGET_AFTER` starts again from one)."""
    dialect = db.get_bind().dialect.name
    insert = (postgresql.insert if dialect == "postgresql" else sqlite.insert)(FAILURES)
    insert = insert.values([{"account": account, "address": address, "failures": 1, "last_failed_at": now}
                            for account, address in attempt.rows])
    forgotten = FAILURES.c.last_failed_at < now - FORGET_AFTER
    db.execute(insert.on_conflict_do_update(
        index_elements=[FAILURES.c.account, FAILURES.c.address],
        set_={"failures": case((forgotten, 1), else_=FAILURES.c.failures + 1),
              "last_failed_at": insert.excluded.last_failed_at}))


def forgive(db: DbSession, attempt: Attempt) -> None:
    """A correct login: the failures its address made for its account no longer count."""
    pair = db.scalar(select(FAILURES.c.failures).where(_among(attempt.rows[2:])).with_for_update())
    if pair:
        _subtract(db, attempt.rows[:2], pair)
        db.execute(delete(FAILURES).where(_among(attempt.rows[2:])))


def forgive_account(db: DbSession, username: str) -> None:
    """Forget every failure for ``username`` (unlocking it, or a new password), also in the
    counts of the addresses they came from."""
    account = key_of(username)
    pairs = db.execute(select(FAILURES.c.address, FAILURES.c.failures).where(
        FAILURES.c.account == account, FAILURES.c.address != ANY).with_for_update()).all()
    for address, failures in pairs:
        _subtract(db, ((ANY, address),), failures)
    db.execute(delete(FAILURES).where(FAILURES.c.account == account))


def _subtract(db: DbSession, rows: tuple[tuple[str, str], ...], failures: int) -> None:
    db.execute(update(FAILURES).where(_among(rows)).values(failures=FAILURES.c.failures - failures))
    db.execute(delete(FAILURES).where(_among(rows), FAILURES.c.failures <= 0))


def purge(db: DbSession, now: dt.datetime) -> None:
    """Drop the counts that are forgotten anyway (an indexed range of old rows)."""
    db.execute(delete(FAILURES).where(FAILURES.c.last_failed_at < now - FORGET_AFTER))


def slowed_accounts(db: DbSession, now: dt.datetime) -> set[str]:
    """The accounts whose recent failures hold back those who guess for them."""
    query = select(FAILURES.c.account).where(FAILURES.c.address == ANY, FAILURES.c.failures >= FREE_FAILURES,
                                             FAILURES.c.last_failed_at >= now - FORGET_AFTER)
    return set(db.scalars(query))
