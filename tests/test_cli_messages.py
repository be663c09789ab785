"""What a clerk reads when the file is wrong: a YAML slip pointed at, a report or workbook given
in place of the project file, an operating-system error, the web workbench that cannot start."""

from __future__ import annotations

import errno
import socket
from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao.cli import main
from jixiao.diagnostics import os_reason
from jixiao.yamlsrc import parse_yaml

CORPUS = Path(__file__).parent / "corpus"


def first_problem(text: str) -> str:
    _, diags = parse_yaml(text, "p.yaml")
    return diags[0].format()


@pytest.mark.parametrize(("text", "said"), [
    ("project:\n  name：测试\n  year: 2023\n", "p.yaml:2:7: [yaml-syntax] 错误：YAML 格式有误：用了中文冒号“：”"),
    ("name: a\nfunds：\n  budget: 1\n", "p.yaml:2:6: [yaml-syntax] 错误：YAML 格式有误：用了中文冒号“：”"),
    ("list: [a， b\nx: 1\n", "p.yaml:1:9: [yaml-syntax] 错误：YAML 格式有误：用了中文逗号“，”"),
    ("a:\n\tb: 1\n", "p.yaml:2:1: [yaml-syntax] 错误：YAML 格式有误：用了制表符（Tab）缩进"),
    ("project:\n  name:测试\n  year: 2023\n", "p.yaml:2:8: [yaml-syntax] 错误：YAML 格式有误：冒号后缺少空格"),
    ('a: "abc\nb: 2\n', "p.yaml:1:4: [yaml-syntax] 错误：YAML 格式有误：这个引号没有配对的结束引号"),
    ("project:\n  name: 甲\n   department: 乙\n", "p.yaml:3:4: [yaml-syntax] 错误：YAML 格式有误：这一行比上一行多缩进了 1 个空格"),
    ("a:\n    b: 1\n  c: 2\n", "p.yaml:3:3: [yaml-syntax] 错误：YAML 格式有误：这一行的缩进与同一层级的其他行没有对齐"),
    ("a: @x\n", "p.yaml:1:4: [yaml-syntax] 错误：YAML 格式有误：这个字符不能出现在这里（以 @、` 或 % 开头的取值要加引号"),
])
def test_a_yaml_slip_is_pointed_at_in_chinese(text: str, said: str) -> None:
    shown = first_problem(text)
    assert shown.startswith(said), shown
    assert "could not" not in shown and "mapping values" not in shown and "found" not in shown


def check(file: Path) -> str:
    result = CliRunner().invoke(main, ["check", str(file)])
    assert result.exit_code == 1
    return result.output


def test_a_report_given_as_the_project_file_is_sent_to_review(tmp_path: Path) -> None:
    report = tmp_path / "报告.yaml"  # the name says project file; the content says Word report
    report.write_bytes((CORPUS / "clean-river-cleaning.docx").read_bytes())
    assert f"这是一份评价报告（Word 文档），不是项目文件（复核请用 jixiao review {report}" in check(report)
    text = tmp_path / "报告.txt"
    text.write_text("某项目绩效评价报告\n一、项目概况\n本项目预算100万元。\n", encoding="utf-8")
    assert "这是一份评价报告（文本文件）" in check(text)
    assert "这是一份评价报告（PDF 文件）" in check(CORPUS / "construction-old-community.pdf")


def test_an_empty_file_a_binary_file_and_a_workbook_are_named(tmp_path: Path) -> None:
    from openpyxl import Workbook

    empty = tmp_path / "空.yaml"
    empty.write_text("\n", encoding="utf-8")
    assert "错误：文件是空的" in check(empty) and "None" not in check(empty)
    junk = tmp_path / "乱码.yaml"
    junk.write_bytes(bytes(range(256)) * 4)
    assert "不是文本文件" in check(junk) and "UTF-8" in check(junk)
    book = Workbook()
    book.active.append(["日期", "工作内容"])
    workbook = tmp_path / "记录.yaml"
    book.save(workbook)
    assert "这是一个 Excel 工作簿（如工作记录表或填报表），不是项目文件" in check(workbook)


def test_a_project_file_with_a_slip_keeps_its_located_message(tmp_path: Path) -> None:
    project = tmp_path / "p.yaml"
    project.write_text("project:\n  name: 绩效评价项目\n   department: 乙\n", encoding="utf-8")
    assert "p.yaml:3:4: [yaml-syntax]" in check(project)


def test_os_errors_are_told_by_errno() -> None:
    assert os_reason(PermissionError(errno.EACCES, "Permission denied")) == "没有权限"
    assert os_reason(OSError(errno.ENOSPC, "No space left on device")) == "磁盘空间不足"
    assert os_reason(IsADirectoryError(errno.EISDIR, "Is a directory")) == "是文件夹而不是文件"
    assert os_reason(OSError(errno.EADDRINUSE, "Address already in use")) == "端口已被占用"


def test_serve_on_a_taken_port_makes_no_database(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = CliRunner().invoke(main, ["serve", "--port", str(port), "--database", f"sqlite:///{tmp_path / 'w.db'}"])
    assert result.exit_code == 1
    assert f"端口 {port} 已被占用，请用 --port 换一个端口" in result.output
    assert "网页工作台：" not in result.output and not (tmp_path / "w.db").exists()


def test_serve_with_an_unreachable_database_says_so_before_starting(tmp_path: Path) -> None:
    missing = tmp_path / "没有的文件夹" / "w.db"
    result = CliRunner().invoke(main, ["serve", "--port", "0", "--database", f"sqlite:///{missing}"])
    assert result.exit_code == 1
    assert f"无法创建数据库 {missing}：文件夹 {missing.parent} 不存在" in result.output
    assert "网页工作台：" not in result.output and not missing.parent.exists()


def test_serve_without_accounts_says_how_to_add_the_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda *args, **options: None)
    result = CliRunner().invoke(main, ["serve", "--port", "0", "--database", f"sqlite:///{tmp_path / 'w.db'}"])
    assert result.exit_code == 0, result.output
    assert "数据库中还没有任何账户" in result.output
    assert "jixiao users add 管理员名 --role admin --password-stdin" in result.output
