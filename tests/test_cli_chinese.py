"""Every ``jixiao`` command speaks Chinese, click's own words included: help, usage errors,
bad files. The walk below finds every command and subcommand itself, so a new one is checked
without being listed here."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

from jixiao.cli import main

# Three English words in a row is a sentence a clerk cannot read. Names that are not sentences
# (options, paths, commands, identifiers, URLs) are taken out first.
ENGLISH = re.compile(r"[A-Za-z]{2,}(?: [A-Za-z']{2,}){2,}")
NOT_WORDS = re.compile(r"(?<!\S)(?:--?[\w-]+|\S*[/\\_=.@:]\S*|\[[^\]\s]*\])")


def commands(group: click.Group, path: tuple[str, ...] = ()) -> Iterator[tuple[str, ...]]:
    for name, command in sorted(group.commands.items()):
        yield (*path, name)
        if isinstance(command, click.Group):
            yield from commands(command, (*path, name))


def english_in(text: str) -> list[str]:
    """English sentences in ``text``, leaving out command names (``jixiao db import``) and
    placeholders in capitals (``FILE``, ``PROJECT_ID``)."""
    names = {"jixiao", *(word for path in commands(main) for word in path)}
    words = [w for w in NOT_WORDS.sub(" ", text).split(" ") if w not in names and not (w.isupper() or w.rstrip(".").isupper())]
    return ENGLISH.findall(" ".join(words))


def wrong_arguments(tmp: Path) -> list[list[str]]:
    return [[], ["--bogus"], [str(tmp / "没有这个文件.yaml")], [str(tmp)], ["--help"]]


ALL = [(), *commands(main)]


def test_the_check_finds_english() -> None:
    assert english_in("Error: Missing argument 'FILE'. Show this message and exit.") == ["Show this message and"]
    assert english_in("用法：jixiao db import [选项] FILES... --database URL（事实：actual, count, total）") == []


@pytest.mark.parametrize("path", ALL, ids=lambda p: " ".join(p) or "jixiao")
def test_every_command_speaks_chinese_to_wrong_arguments(path: tuple[str, ...], tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_DATABASE_URL", f"sqlite:///{tmp_path / 'w.db'}")
    if path == ("serve",):  # no arguments would start the server
        import uvicorn

        monkeypatch.setattr(uvicorn, "run", lambda *args, **options: None)
    for arguments in wrong_arguments(tmp_path):
        result = CliRunner().invoke(main, [*path, *arguments], input="", prog_name="jixiao")
        assert not isinstance(result.exception, Exception), result.output  # an exit, never a crash
        found = english_in(result.output)
        assert not found, f"jixiao {' '.join([*path, *arguments])}:\n{result.output}"


def test_click_usage_errors_are_in_chinese() -> None:
    runner = CliRunner()
    missing = runner.invoke(main, ["score"], prog_name="jixiao")
    assert missing.exit_code == 2
    assert missing.output.splitlines() == ["用法：jixiao score [选项] FILE", "请运行 jixiao score --help 查看帮助", "",
                                           "错误：缺少参数 FILE"]
    assert "错误：没有名为“scor”的命令。 是否想写 score？" in runner.invoke(main, ["scor"], prog_name="jixiao").output
    assert "错误：没有选项 --bogus" in runner.invoke(main, ["score", "--bogus"]).output
    assert "“abc”不是有效的整数" in runner.invoke(main, ["serve", "--port", "abc"]).output


def test_a_folder_given_as_a_file_says_so(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["score", str(tmp_path)], prog_name="jixiao")
    assert result.exit_code == 2
    assert f"错误：FILE 的值无效：“{tmp_path}”是文件夹而不是文件，请给出其中的文件" in result.output


def test_help_headings_are_chinese() -> None:
    shown = CliRunner().invoke(main, ["db", "--help"], prog_name="jixiao").output
    assert shown.startswith("用法：jixiao db [选项] 命令 [参数]...")
    assert "选项：" in shown and "命令：" in shown and "显示此帮助并退出。" in shown
    assert "--port 整数" in CliRunner().invoke(main, ["serve", "--help"]).output
