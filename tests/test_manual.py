"""The user manual (docs/manual/) and the README run as written: every ``$ `` line of a ``console``
block is run, page by page, top to bottom, in a fresh copy of the examples and the review corpus,
with the virtual environment activated. A command exits 0 unless its line ends with
``# 退出状态 N``; every ``[code]`` the page shows under a command must be in what it printed. Every
manual page is linked from docs/index.md and from the README.

``jixiao serve`` is run on a free port and a database in the copy: a command expected to exit 0 must
come up (print its address and answer HTTP) and is then stopped; one expected to fail (a port
already in use) is run while the test holds that port."""

from __future__ import annotations

import os
import re
import shlex
import shutil
import signal
import socket
import subprocess
import sys
import time
import tomllib
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

from .conftest import ROOT

DOCS = ROOT / "docs"
MANUAL = DOCS / "manual"
README = ROOT / "README.md"
# The manual's tasks, one page each (issue 15): a page may not silently disappear.
TASKS = {"new-project.md": "新建项目并评分", "facts.md": "填写事实", "report.md": "出具报告",
         "review.md": "复核一份报告", "batch-review.md": "批量复核", "monitor.md": "运行监控",
         "self-eval.md": "自评表", "workbench.md": "网页工作台", "errors.md": "常见错误"}
STATUS = re.compile(r"#\s*退出状态\s*(\d+)\s*$")
CODE = re.compile(r"\[([a-z]+(?:-[a-z]+)+)\]")
VENV_BIN = Path(sys.executable).parent


@dataclass
class Shown:
    command: str
    status: int
    codes: list[str]


def shown_commands(text: str) -> list[Shown]:
    """The ``$`` lines of the page's console blocks, with the exit status and the codes shown under each."""
    found: list[Shown] = []
    block = False
    for line in text.splitlines():
        if line.strip().startswith("```"):
            block = not block and line.strip() == "```console"
            continue
        if not block:
            continue
        if line.startswith("$ "):
            status = STATUS.search(line)
            found.append(Shown(line[2:].strip(), int(status.group(1)) if status else 0, []))
        elif found:
            found[-1].codes.extend(CODE.findall(line))
    return found


def workspace(tmp: Path) -> Path:
    """What the pages' commands read, as in the repository: examples/, tests/corpus/, and .venv."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    shutil.copytree(ROOT / "examples", tmp / "examples", ignore=ignore)
    shutil.copytree(ROOT / "tests" / "corpus", tmp / "tests" / "corpus", ignore=ignore)
    (tmp / ".venv").symlink_to(VENV_BIN.parent, target_is_directory=True)
    return tmp


def environment() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("JIXIAO_")}
    env["PATH"] = f"{VENV_BIN}{os.pathsep}{env.get('PATH', '')}"
    env["VIRTUAL_ENV"] = str(VENV_BIN.parent)
    env["COLUMNS"] = "200"
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def local_serve(command: str, port: int, cwd: Path) -> str:
    args = [a for a in shlex.split(STATUS.sub("", command))]
    if "--port" in args:
        i = args.index("--port")
        del args[i:i + 2]
    args += ["--port", str(port)]
    if "--database" not in args:
        args += ["--database", f"sqlite:///{cwd / 'serve.db'}"]
    return shlex.join(args)


def run_serve(shown: Shown, cwd: Path, env: dict[str, str]) -> str:
    port = free_port()
    command = local_serve(shown.command, port, cwd)
    if shown.status != 0:  # the page shows what happens when the port is taken: take it
        with socket.socket() as holder:
            holder.bind(("127.0.0.1", port))
            holder.listen()
            done = subprocess.run(command, shell=True, cwd=cwd, env=env, capture_output=True, text=True,
                                  timeout=120, check=False)
        assert done.returncode == shown.status, f"{shown.command}\n{done.stdout}{done.stderr}"
        return done.stdout + done.stderr
    process = subprocess.Popen(command, shell=True, cwd=cwd, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            assert process.poll() is None, f"{shown.command} stopped: {process.stdout.read() if process.stdout else ''}"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as answer:
                    assert answer.status == 200
                    return ""
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.5)
        raise AssertionError(f"{shown.command} did not answer on port {port}")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def run_page(text: str, cwd: Path, activate: bool = True) -> None:
    env = environment()
    for shown in shown_commands(text):
        if shown.command == ". .venv/bin/activate":  # the README's: the commands after it run activated
            activate = True
            continue
        if shown.command.startswith("jixiao serve"):
            output = run_serve(shown, cwd, env)
        else:
            script = f". .venv/bin/activate && {shown.command}" if activate else shown.command
            done = subprocess.run(["bash", "-c", script], cwd=cwd, env=env, capture_output=True, text=True,
                                  timeout=300, check=False)
            output = done.stdout + done.stderr
            assert done.returncode == shown.status, f"{shown.command}\n{output}"
        assert "Traceback" not in output, f"{shown.command}\n{output}"
        missing = [code for code in shown.codes if f"[{code}]" not in output]
        assert missing == [], f"{shown.command} did not print {missing}\n{output}"


def test_every_task_has_its_page_linked_from_the_index_and_the_readme() -> None:
    pages = {p.name for p in MANUAL.glob("*.md")}
    assert set(TASKS) <= pages, f"missing manual pages: {set(TASKS) - pages}"
    index = (DOCS / "index.md").read_text(encoding="utf-8")
    readme = README.read_text(encoding="utf-8")
    assert [p for p in sorted(pages) if f"(manual/{p})" not in index] == [], "manual pages not linked from docs/index.md"
    assert [p for p in sorted(pages) if f"(docs/manual/{p})" not in readme] == [], "manual pages not linked from README.md"
    for name, title in TASKS.items():
        assert (MANUAL / name).read_text(encoding="utf-8").startswith(f"# {title}\n"), name


@pytest.mark.parametrize("page", sorted(TASKS))
def test_the_commands_of_a_manual_page_run_as_shown(page: str, tmp_path: Path) -> None:
    text = (MANUAL / page).read_text(encoding="utf-8")
    assert shown_commands(text), f"{page} shows no command"
    run_page(text, workspace(tmp_path))


def readme_setup() -> list[str]:
    """The README's two set-up commands: its first two ``sh`` blocks."""
    blocks = re.findall(r"```sh\n(.*?)\n```", README.read_text(encoding="utf-8"), flags=re.S)
    return [b.strip() for b in blocks[:2]]


def test_the_readme_starts_with_the_two_setup_commands() -> None:
    install, check = readme_setup()
    text = README.read_text(encoding="utf-8")
    assert text.index(install) < text.index("```console"), "the set-up commands come first"
    # The first command installs what `jixiao serve` needs: the extra named in pyproject.toml.
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    assert "web" in extras and install.startswith("python3 -m venv .venv && .venv/bin/pip install -q -e '.[web]' && ")
    assert ".venv/bin/jixiao score examples/yantian-it-om-2023/project.yaml" in install
    # .ci/run installs '.[dev]' and runs scripts/check: the README's test command is the same.
    assert check == """python3 -m venv .venv && .venv/bin/pip install -q -e '.[dev]' && PATH="$PWD/.venv/bin:$PATH" scripts/check"""
    assert "scripts/check" in (ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_the_readme_commands_run_as_shown(tmp_path: Path) -> None:
    """Every command after the two set-up ones, as typed, in the state the first one leaves."""
    text = README.read_text(encoding="utf-8")
    assert "$ . .venv/bin/activate" in text, "the README shows how to activate the environment"
    cwd = workspace(tmp_path)
    install = readme_setup()[0]
    first = [c for c in install.split(" && ") if c.startswith(".venv/bin/jixiao ")]
    assert first, "the first command runs jixiao"
    run_page("".join(f"```console\n$ {c}\n```\n" for c in first), cwd, activate=False)
    run_page(text, cwd, activate=False)
