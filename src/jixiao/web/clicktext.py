"""click's own words in Chinese, for every ``jixiao`` command (``serve``, ``db`` and ``users`` too).

click builds its headings, usage errors and prompts from English templates passed through
``gettext`` (``_("Missing argument")``, ``_("No such command {name!r}.")``). :func:`install`
replaces that ``_`` (and ``ngettext``) in click's modules with a lookup in :data:`TEMPLATES`, so
click keeps building every message and only its words change. A template click gains in a later
version stays English until it is added here; ``tests/test_cli_chinese.py`` walks every command
with wrong arguments and fails on English sentences.

The usage line's ``[OPTIONS]`` and ``COMMAND [ARGS]...`` and the options' type names
(``INTEGER``) are not templates but constructor defaults: :class:`Command` and :class:`Group`
set them in Chinese. The module lives beside ``web/cli.py``, the lowest module defining commands
(``cli/`` sits above ``web`` and imports it).
"""

from __future__ import annotations

import re
from typing import Any

import click

# click's template → its Chinese. Plural forms (``ngettext``) share one Chinese text.
TEMPLATES: dict[str, str] = {
    # help
    "Usage:": "用法：",
    "Options": "选项",
    "Commands": "命令",
    "Positional arguments": "参数",
    "Arguments": "参数",
    "Show this message and exit.": "显示此帮助并退出。",
    "Show the version and exit.": "显示版本号并退出。",
    "%(prog)s, version %(version)s": "%(prog)s 版本 %(version)s",
    "env var: {var}": "环境变量：{var}",
    "default: {default}": "默认：{default}",
    "(dynamic)": "（动态）",
    "deprecated": "已弃用",
    "Choose from:\n\t{choices}": "可选：\n\t{choices}",
    "Choice({choices})": "可选（{choices}）",
    # usage errors
    "Error: {message}": "错误：{message}",
    "Try '{command} {option}' for help.": "请运行 {command} {option} 查看帮助",
    "Aborted!": "已取消。",
    "Missing command.": "缺少命令",
    "No such command {name!r}.": "没有名为“{name}”的命令。",
    "No such option {name!r}.": "没有选项 {name}",
    "Did you mean {possibility}?": "是否想写 {possibility}？",
    "(Did you mean one of: {possibilities}?)": "（是否想写其中之一：{possibilities}？）",
    "Missing argument": "缺少参数",
    "Missing option": "缺少选项",
    "Missing parameter": "缺少参数",
    "Missing {param_type}": "缺少{param_type}",
    "Missing parameter: {param_name}": "缺少参数：{param_name}",
    "Invalid value for {param_hint}: {message}": "{param_hint} 的值无效：{message}",
    "Invalid value: {message}": "值无效：{message}",
    "Got unexpected extra argument ({args})": "多出了参数（{args}），请检查命令是否写错",
    "Got unexpected extra arguments ({args})": "多出了参数（{args}），请检查命令是否写错",
    "Option {name!r} requires an argument.": "选项 {name} 后面需要跟一个值",
    "Option {name!r} requires {nargs} arguments.": "选项 {name} 后面需要跟 {nargs} 个值",
    "Option {name!r} does not take a value.": "选项 {name} 后面不能跟值",
    "Argument {name!r} takes {nargs} values.": "参数 {name} 需要 {nargs} 个值",
    "Takes {nargs} values but 1 was given.": "需要 {nargs} 个值，只给了 1 个",
    "Takes {nargs} values but {len} were given.": "需要 {nargs} 个值，给了 {len} 个",
    "{len_type} values are required, but {len_value} was given.": "需要 {len_type} 个值，给了 {len_value} 个",
    "{len_type} values are required, but {len_value} were given.": "需要 {len_type} 个值，给了 {len_value} 个",
    "Value must be an iterable.": "应为多个值",
    "Invalid start character for option ({option})": "选项的开头字符无效（{option}）",
    "Could not open file {filename!r}: {message}": "无法打开文件“{filename}”：{message}",
    "unknown error": "未知错误",
    # values
    "{value!r} is not {choice}.": "“{value}”不是可选值 {choice}",
    "{value!r} is not one of {choices}.": "“{value}”不是可选值之一：{choices}",
    "{value!r} does not match the format {format}.": "“{value}”不符合格式 {format}",
    "{value!r} does not match the formats {formats}.": "“{value}”不符合以下任一格式：{formats}",
    "{value!r} is not a valid {number_type}.": "“{value}”不是有效的{number_type}",
    "{value} is not in the range {range}.": "{value} 不在允许的范围 {range} 内",
    "{value!r} is not a valid boolean. Recognized values: {states}": "“{value}”不是有效的是/否值，可写：{states}",
    "{value!r} is not a valid UUID.": "“{value}”不是有效的 UUID",
    "file": "文件",
    "directory": "文件夹",
    "path": "路径",
    "{name} {filename!r} does not exist.": "找不到{name}“{filename}”，请检查路径是否写对",
    "{name} {filename!r} is a file.": "“{filename}”是文件而不是文件夹",
    "{name} {filename!r} is a directory.": "“{filename}”是文件夹而不是文件，请给出其中的文件",
    "{name} {filename!r} is not readable.": "没有读取{name}“{filename}”的权限",
    "{name} {filename!r} is not writable.": "没有写入{name}“{filename}”的权限",
    "{name} {filename!r} is not executable.": "没有执行{name}“{filename}”的权限",
    # prompts
    "Do you want to continue?": "是否继续？",
    "Confirm the action without prompting.": "不再询问，直接确认。",
    "Repeat for confirmation": "请再输入一次以确认",
    "Error: The two entered values do not match.": "错误：两次输入的不一致。",
    "Error: invalid input": "错误：输入无效",
    "Press any key to continue...": "按任意键继续……",
}

# click's type names, as error messages and the options' placeholders (``--port 整数``) say them.
TYPE_NAMES = {"integer": "整数", "float": "数", "text": "文字", "boolean": "是/否", "integer range": "整数",
              "float range": "数", "file": "文件", "directory": "文件夹", "path": "路径", "filename": "文件名",
              "uuid": "UUID", "datetime": "日期时间"}

_QUOTED = re.compile(r"'([^']*)'")
_MISSING = re.compile(r"^(缺少参数|缺少选项)((?: '[^']*')(?: / '[^']*')*)?\.(.*)$", re.DOTALL)


def _unquote(text: str) -> str:
    """click's repr quotes around a name (``'FILE'``, ``'--port' / '-p'``) left out."""
    return _QUOTED.sub(r"\1", text)


class _Template(str):
    """A translated template whose ``format`` words click's values the Chinese way."""

    __slots__ = ()

    def format(self, *args: Any, **values: Any) -> str:
        for key in ("param_hint", "possibility", "possibilities", "name", "option"):
            if isinstance(values.get(key), str):
                values[key] = _unquote(values[key]).strip()
        if isinstance(values.get("number_type"), str):
            values["number_type"] = TYPE_NAMES.get(values["number_type"], values["number_type"])
        if isinstance(values.get("message"), str):
            values["message"] = _polish(values["message"])
        return str.format(self, *args, **values)


def _polish(message: str) -> str:
    """``Missing argument 'FILE'.`` is built outside any template; say it as ``缺少参数 FILE``."""
    missing = _MISSING.match(message)
    if missing is None:
        return message
    word, hint, rest = missing.groups()
    return f"{word}{' ' + _unquote(hint).strip() if hint else ''}{('：' + rest.strip()) if rest.strip() else ''}"


def translate(message: str) -> str:
    return _Template(TEMPLATES.get(message, message))


def translate_plural(singular: str, plural: str, count: int) -> str:
    return translate(singular if count == 1 or plural not in TEMPLATES else plural)


def install() -> None:
    """Make click speak Chinese in this process (idempotent)."""
    import click._termui_impl
    import click.core
    import click.decorators
    import click.exceptions
    import click.formatting
    import click.parser
    import click.termui
    import click.types
    import click.utils

    for module in (click.core, click.decorators, click.exceptions, click.formatting, click.parser,
                   click.termui, click.types, click.utils, click._termui_impl):
        if hasattr(module, "_"):
            module._ = translate  # type: ignore[attr-defined]
        if hasattr(module, "ngettext"):
            module.ngettext = translate_plural  # type: ignore[attr-defined]


install()  # on import: click's decorators word their help (--help, --version) as they are applied


class HelpFormatter(click.HelpFormatter):
    """Headings end in a full-width colon: 用法：, 选项：, 命令：."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, args, "用法：" if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        self.write(f"{'':>{self.current_indent}}{heading}：\n")


class Context(click.Context):
    formatter_class = HelpFormatter


class Command(click.Command):
    """A command whose usage line and option placeholders are Chinese."""

    context_class = Context

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, click.Option) and param.metavar is None and not param.is_flag:
                name = TYPE_NAMES.get(param.type.name)
                if name is not None and not isinstance(param.type, click.Choice):
                    param.metavar = name


class Group(click.Group):
    """A group of :class:`Command`; its subgroups are groups of the same kind."""

    context_class = Context
    command_class = Command
    group_class = type

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("options_metavar", "[选项]")
        kwargs.setdefault("subcommand_metavar", "命令 [参数]...")
        super().__init__(*args, **kwargs)
