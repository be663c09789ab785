"""The serve/db/users commands: Chinese messages, exit statuses, no traceback."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao.cli import main

from .conftest import EXAMPLE


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
