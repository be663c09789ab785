"""The serve/db/users commands: Chinese messages, exit statuses, no traceback."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao.cli import main

from .conftest import EXAMPLE, free_port


def test_serve_without_the_web_extra_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "uvicorn", None)  # as if the package were not installed
    result = CliRunner().invoke(main, ["serve"])
    assert result.exit_code == 1
    assert "pip install 'jixiao[web]'" in result.output


def test_a_failed_import_lists_every_problem_and_imports_nothing(tmp_path: Path) -> None:
    database = ["--database", f"sqlite:///{tmp_path / 'j.db'}"]
    broken = tmp_path / "broken.yaml"
    broken.write_text("project:\n  name: 缺少资金\n  department: 甲局\n  year: 2024\nframework: common\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["db", "import", *database, str(EXAMPLE), str(broken)])
    assert result.exit_code == 1
    assert f"{broken}:1:1: [missing-key] 错误：项目文件缺少“funds”" in result.output
    assert "项目文件有错误，没有导入任何项目" in result.output
    listed = CliRunner().invoke(main, ["db", "list", *database])
    assert listed.output.strip() == "共 0 个项目。"


def test_users_add_reads_the_password_from_stdin_and_checks_it(tmp_path: Path) -> None:
    database = ["--database", f"sqlite:///{tmp_path / 'j.db'}"]
    short = CliRunner().invoke(main, ["users", "add", *database, "li", "--role", "finance", "--password-stdin"],
                               input="short\n")
    assert (short.exit_code, "密码至少需要 10 个字符" in short.output) == (1, True)
    unit = CliRunner().invoke(main, ["users", "add", *database, "mz", "--role", "unit", "--password-stdin"],
                              input="long-enough-password\n")
    assert "预算单位用户必须指定所属单位" in unit.output
    added = CliRunner().invoke(main, ["users", "add", *database, "li", "--role", "finance", "--password-stdin"],
                               input="long-enough-password\n")
    assert added.output.strip() == "已添加用户 li（finance）"
    assert "li" in CliRunner().invoke(main, ["users", "list", *database]).output


def test_serve_turns_nagle_off_on_every_connection(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """uvicorn leaves Nagle's algorithm on for sockets it binds itself, and each response after
    the first on a kept-alive connection then waited for the browser's delayed ACK (~40 ms)."""
    import socket

    import uvicorn

    from jixiao.web.server import NoDelayProtocol, no_delay

    started: dict[str, object] = {}
    monkeypatch.setattr(uvicorn, "run", lambda app, **options: started.update(options))
    result = CliRunner().invoke(main, ["serve", "--database", f"sqlite:///{tmp_path / 'w.db'}"])
    assert result.exit_code == 0, result.output
    assert started["http"] is NoDelayProtocol

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as listener:  # protocol 0, as uvicorn binds it
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        with socket.create_connection(listener.getsockname()), listener.accept()[0] as accepted:
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 0
            no_delay(accepted)
            assert accepted.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) == 1


def listening(port: int) -> int:
    """How many sockets listen on ``port`` (Linux's table of TCP sockets; state 0A is LISTEN)."""
    rows = Path("/proc/net/tcp").read_text(encoding="ascii").splitlines()[1:]
    return sum(1 for row in rows if row.split()[1].endswith(f":{port:04X}") and row.split()[3] == "0A")


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's socket table")
def test_each_worker_listens_on_its_own_socket_so_connections_are_shared_out(tmp_path: Path) -> None:
    import signal
    import subprocess
    import time

    import httpx

    port = free_port()
    command = [sys.executable, "-c", "from jixiao.cli import run; run()", "serve", "--workers", "2", "--port", str(port),
               "--database", f"sqlite:///{tmp_path / 'w.db'}"]
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 60
        while listening(port) < 2 and time.monotonic() < deadline and server.poll() is None:
            time.sleep(0.2)
        assert listening(port) == 2  # one socket per worker: the kernel spreads connections over both
        with httpx.Client(base_url=f"http://127.0.0.1:{port}") as client:  # one kept-alive connection
            assert [client.get("/login").status_code for _ in range(3)] == [200, 200, 200]
    finally:
        server.send_signal(signal.SIGTERM)
        output = server.communicate(timeout=60)[0].decode()
    assert server.returncode == 0, output
    assert "Traceback" not in output


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's socket table")
def test_serve_on_a_taken_port_says_so(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import socket

    for variable in ("JIXIAO_DATABASE_URL", "JIXIAO_SECURE_COOKIES", "JIXIAO_THREADS"):  # set by serve for its workers
        monkeypatch.setenv(variable, "")  # restored as it was when the test ends

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--workers", "2", "--port", str(port),
                                           "--database", f"sqlite:///{tmp_path / 'w.db'}"])
    assert result.exit_code == 1
    assert f"无法在 127.0.0.1:{port} 上启动" in result.output and "--port" in result.output
    assert f"端口 {port} 已被占用，请用 --port 换一个端口" in result.output  # in Chinese, not the system's English
    assert "网页工作台：" not in result.output and not (tmp_path / "w.db").exists()  # checked before anything is made


def test_a_worker_works_on_as_many_requests_at_once_as_serve_says(tmp_path: Path) -> None:
    import anyio.to_thread
    from fastapi.testclient import TestClient

    from jixiao.storage import Store
    from jixiao.web.app import create_app

    app = create_app(Store.open(f"sqlite:///{tmp_path / 'w.db'}"), threads=2)

    @app.get("/probe")
    async def probe() -> int:
        return int(anyio.to_thread.current_default_thread_limiter().total_tokens)

    with TestClient(app) as client:  # as a server runs it: the app's start-up runs first
        assert client.get("/probe").json() == 2


def test_a_worker_collects_garbage_seldom_and_never_looks_at_what_it_started_with(tmp_path: Path) -> None:
    import gc

    from fastapi.testclient import TestClient

    from jixiao.storage import Store
    from jixiao.web.app import YOUNG_THRESHOLD, create_app

    before = gc.get_threshold()
    try:
        with TestClient(create_app(Store.open(f"sqlite:///{tmp_path / 'w.db'}"))):
            young, _, full = gc.get_threshold()
            assert (young, full) == (YOUNG_THRESHOLD, 100)
            assert gc.get_freeze_count() > 10_000  # the imports' objects, frozen at start-up
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)


@pytest.mark.skipif(not Path("/proc/net/tcp").exists(), reason="reads Linux's socket table")
def test_a_worker_that_fails_at_start_stops_the_server_instead_of_restarting_forever() -> None:
    from jixiao.web.server import WorkerFailed, serve_workers

    with pytest.raises(WorkerFailed) as failed:
        serve_workers("127.0.0.1", free_port(), 2, {"no_such_option": 1})  # uvicorn refuses it in the worker
    assert failed.value.exitcode not in (0, None)
