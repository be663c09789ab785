"""Every knob jixiao reads from the environment, in one registry: its variable, default and a
Chinese explanation. ``jixiao serve --help`` lists them and a test keeps docs/web.md and the
code in step with this list, so no setting is read that is not written down here.

The limits (:mod:`jixiao.limits`) are settings too, derived from their own declarations.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from .limits import Limits, variable


@dataclass(frozen=True, slots=True)
class Setting:
    variable: str
    default: str
    help: str  # Chinese, for the administrator
    internal: bool = False  # set by ``jixiao serve`` for its worker processes, not by hand


def _limits() -> tuple[Setting, ...]:
    return tuple(Setting(variable(f.name), str(f.default), str(f.metadata["help"])) for f in dataclasses.fields(Limits))


SETTINGS: tuple[Setting, ...] = (
    Setting("JIXIAO_DATABASE_URL", "sqlite:///jixiao.db", "数据库地址（命令的 --database 优先）"),
    Setting("JIXIAO_DEBUG", "", "设为 1 时，内部错误显示 Python 的完整回溯（供开发者排查）"),
    *_limits(),
    Setting("JIXIAO_SECURE_COOKIES", "0", "Cookie 只经 HTTPS 发送（由 --secure-cookies 设置）", internal=True),
    Setting("JIXIAO_THREADS", "2", "每个工作进程同时处理的请求数（由 --threads 设置）", internal=True),
)


def described() -> str:
    """The settings as ``jixiao serve --help`` lists them, one per line."""
    lines = [f"{s.variable}（默认 {s.default or '不设'}）：{s.help}" for s in SETTINGS if not s.internal]
    return "\n".join(lines)
