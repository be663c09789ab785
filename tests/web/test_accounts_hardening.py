"""Accounts under attack (issue 12, items 6 and 9): guessing is slowed without locking the owner
out, answers never tell which accounts exist, counts survive concurrency, the password hash
holds no write lock, sessions end with a new password and expire for good, names are checked
the same on both databases, and the audit log cannot be emptied."""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select, text, update

from jixiao.storage import Invalid, NotLoggedIn, Store, users
from jixiao.storage.schema import AuditEntry, Session, utcnow
from jixiao.web.app import create_app

from .conftest import PASSWORD, add_user, log_in

WRONG = "not-the-password"
REFUSED = "用户名或密码不正确，或尝试过于频繁，请稍后再试"


class Clock:
    """The time logins see (patched into the store), moved on by hand instead of sleeping."""

    def __init__(self) -> None:
        self.now = utcnow()

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    moment = Clock()
    monkeypatch.setattr("jixiao.storage.store.utcnow", moment)
    return moment


def client_at(store: Store, address: str) -> TestClient:
    return TestClient(create_app(store), client=(address, 50000))


def attempt(client: TestClient, name: str, password: str) -> tuple[int, Any]:
    answer = client.post("/api/session", json={"username": name, "password": password})
    return answer.status_code, answer.json()


def failures(store: Store, account: str, address: str = "") -> int:
    with store.reading() as db:
        found = db.scalar(text("SELECT failures FROM login_failures WHERE account = :a AND address = :b"),
                          {"a": account, "b": address})
    return int(found or 0)


def test_anonymous_failures_cannot_keep_the_owner_out(store: Store, clock: Clock) -> None:
    add_user(store, "root", "admin")
    attacker = client_at(store, "203.0.113.66")
    for _ in range(20):  # each after the wait, so every one is counted
        clock.advance(1000)
        assert attempt(attacker, "root", WRONG)[0] == 401
    clock.advance(1)
    assert attempt(client_at(store, "192.0.2.7"), "root", PASSWORD)[0] == 200  # the owner, elsewhere
    status, body = attempt(attacker, "root", PASSWORD)  # the guessing address waits, right or wrong
    assert status == 401 and "秒后再试" in body["error"]["message"]
    newcomer = client_at(store, "198.51.100.9")  # one free guess, then the account's wait holds it back
    assert attempt(newcomer, "root", WRONG)[1]["error"]["message"] == REFUSED
    assert "秒后再试" in attempt(newcomer, "root", PASSWORD)[1]["error"]["message"]


def test_guesses_from_many_addresses_are_slowed_after_the_first_from_each(store: Store) -> None:
    add_user(store, "eva", "evaluator")
    now = utcnow()
    addresses = [f"198.51.100.{i}" for i in range(6)]
    for address in addresses:
        with pytest.raises(NotLoggedIn, match="请稍后再试"):
            store.log_in("eva", WRONG, address, now)
    for address in addresses:
        with pytest.raises(NotLoggedIn, match="请 2 秒后再试"):
            store.log_in("eva", PASSWORD, address, now)
    assert store.log_in("eva", PASSWORD, "192.0.2.1", now).actor.username == "eva"


def test_the_answers_are_the_same_for_an_account_and_a_name_that_is_none(store: Store, clock: Clock) -> None:
    add_user(store, "eva", "evaluator")
    real, ghost = client_at(store, "192.0.2.10"), client_at(store, "192.0.2.20")
    seen: list[tuple[tuple[int, Any], tuple[int, Any]]] = []
    for step in range(12):
        clock.advance(step % 3)
        seen.append((attempt(real, "eva", WRONG), attempt(ghost, "nobody-here", WRONG)))
    assert all(a == b for a, b in seen), seen
    assert {status for (status, _), _ in seen} == {401}
    messages = [body["error"]["message"] for (_, body), _ in seen]
    assert messages[0] == REFUSED and any("秒后再试" in m for m in messages)


def test_parallel_wrong_guesses_are_all_counted(store: Store) -> None:
    """12 at once (on PostgreSQL they really overlap): a read-modify-write would lose some."""
    add_user(store, "eva", "evaluator")
    start = threading.Barrier(12)
    refused: list[bool] = []

    def guess(i: int) -> None:
        start.wait()
        try:
            store.log_in("eva", WRONG, f"198.51.100.{i}")
        except NotLoggedIn:
            refused.append(True)

    threads = [threading.Thread(target=guess, args=(i,)) for i in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(refused) == 12
    assert failures(store, "eva") == 12


def test_parallel_failures_from_one_address_are_all_counted(store: Store) -> None:
    from jixiao.storage import throttle

    one = throttle.Attempt.of("eva", "198.51.100.1")
    start, now = threading.Barrier(12), utcnow()

    def fail() -> None:
        start.wait()
        with store.writing() as db:
            throttle.record_failure(db, one, now)

    threads = [threading.Thread(target=fail) for _ in range(12)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert [failures(store, *row) for row in one.rows] == [12, 12, 12]


def test_the_password_is_checked_without_holding_the_write_lock(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    add_user(store, "eva", "evaluator")
    wrote: list[bool] = []

    def write() -> None:
        with store.writing() as db:
            users.add_user(db, "meanwhile", "finance", PASSWORD)

    def slow_verify(stored: str, password: str) -> bool:
        writer = threading.Thread(target=write)
        writer.start()
        writer.join(timeout=3)
        wrote.append(not writer.is_alive())
        return False

    monkeypatch.setattr(users, "_verify", slow_verify)
    with pytest.raises(NotLoggedIn):
        store.log_in("eva", WRONG, "192.0.2.1")
    assert wrote == [True]


def test_a_flood_of_logins_is_refused_as_busy_instead_of_queued(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    add_user(store, "eva", "evaluator")
    monkeypatch.setattr(users, "VERIFY_WAIT", 0.01)
    for _ in range(users.VERIFY_SLOTS):
        assert users._SLOTS.acquire(timeout=1)
    try:
        status, body = attempt(client_at(store, "192.0.2.1"), "eva", PASSWORD)
    finally:
        for _ in range(users.VERIFY_SLOTS):
            users._SLOTS.release()
    assert (status, body["error"]["code"], body["error"]["message"]) == (503, "busy", "登录请求过多，请稍后再试")
    assert attempt(client_at(store, "192.0.2.1"), "eva", PASSWORD)[0] == 200


def test_unlocking_lets_every_address_that_guessed_try_again(store: Store) -> None:
    add_user(store, "eva", "evaluator")
    now = utcnow()
    for _ in range(6):
        with pytest.raises(NotLoggedIn):
            store.log_in("eva", WRONG, "203.0.113.5", now)
    with pytest.raises(NotLoggedIn, match="秒后再试"):
        store.log_in("eva", PASSWORD, "203.0.113.5", now)
    with store.writing() as db:
        assert users.slowed_accounts(db, now) == {"eva"}
        users.unlock(db, "eva")
    assert store.log_in("eva", PASSWORD, "203.0.113.5", now).actor.username == "eva"
    assert failures(store, "", "203.0.113.5") == failures(store, "eva") == 0


def test_the_owners_own_mistakes_are_forgiven_by_a_correct_login(store: Store) -> None:
    add_user(store, "eva", "evaluator")
    now = utcnow()
    for _ in range(4):
        with pytest.raises(NotLoggedIn, match="请稍后再试"):
            store.log_in("eva", WRONG, "192.0.2.1", now)
    store.log_in("eva", PASSWORD, "192.0.2.1", now)
    assert [failures(store, "eva"), failures(store, "", "192.0.2.1"), failures(store, "eva", "192.0.2.1")] == [0, 0, 0]


def test_a_new_password_ends_every_session(store: Store) -> None:
    add_user(store, "eva", "evaluator")
    browser = log_in(store, "eva")
    assert browser.call("GET", "/api/projects").status_code == 200
    with store.writing() as db:
        users.set_password(db, "eva", "another-long-password")
    assert browser.call("GET", "/api/projects").status_code == 401


def test_expired_sessions_are_deleted_at_the_next_login(store: Store) -> None:
    add_user(store, "eva", "evaluator")
    log_in(store, "eva")
    log_in(store, "eva")
    with store.writing() as db:
        db.execute(update(Session).values(expires_at=dt.datetime(2000, 1, 1)))
    log_in(store, "eva")
    with store.reading() as db:
        assert db.scalar(select(func.count()).select_from(Session)) == 1


@pytest.mark.parametrize(("name", "department", "message"), [
    ("x" * 65, "", "用户名不能超过 64 个字符（现有 65 个）"),
    ("ev\x00a", "", "用户名不能包含控制字符或不可见字符"),
    ("eva\u200b", "", "用户名不能包含控制字符或不可见字符"),
    ("jia", "单" * 201, "所属单位不能超过 200 个字符（现有 201 个）"),
    ("jia", "区民政局\n", None),  # stripped: fine
])
def test_names_are_checked_the_same_on_both_databases(store: Store, name: str, department: str,
                                                      message: str | None) -> None:
    if message is None:
        add_user(store, name, "unit", department)
        return
    with pytest.raises(Invalid, match=message.replace("（", r"\（").replace("）", r"\）")), store.writing() as db:
        users.add_user(db, name, "unit", PASSWORD, department or "区民政局")


@pytest.mark.parametrize("name", ["x" * 65, "ev\x00a", "\ud800"])
def test_an_impossible_name_at_login_is_just_a_wrong_login(store: Store, name: str) -> None:
    for _ in range(6):
        with pytest.raises(NotLoggedIn, match="用户名或密码不正确"):
            store.log_in(name, WRONG, "192.0.2.1")
    with pytest.raises(Exception, match="没有用户"), store.writing() as db:
        users.set_password(db, name, "another-long-password")


def test_the_audit_log_cannot_be_emptied(store: Store) -> None:
    with store.writing() as db:
        db.add(AuditEntry(username="root", action="测试"))
    emptying = "TRUNCATE audit_log" if store.dialect == "postgresql" else "DELETE FROM audit_log"
    for statement in (emptying, "DELETE FROM audit_log WHERE id > 0", "UPDATE audit_log SET reason = 'x'"):
        with pytest.raises(Exception, match="append-only"), store.writing() as db:
            db.execute(text(statement))
    with store.reading() as db:
        assert db.scalar(select(func.count()).select_from(AuditEntry)) == 1
