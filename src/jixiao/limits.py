"""What one input may cost: the bounds every door (API, form, workbook, import, CLI) checks
before it parses, expands or stores anything.

The defaults are generous for real material (a project file is a few kilobytes, a form a few
hundred cells) and small enough that no input within them holds a worker for a second. Each can
be changed by an environment variable ``JIXIAO_LIMIT_<NAME>`` (for example
``JIXIAO_LIMIT_BODY_BYTES=4000000``), read once when the process starts.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


def _limit(default: int, help_text: str) -> Any:
    """A limit's default and its Chinese explanation (shown by ``jixiao serve --help`` and the docs)."""
    return dataclasses.field(default=default, metadata={"help": help_text})


@dataclass(frozen=True, slots=True)
class Limits:
    body_bytes: int = _limit(2 * 1024 * 1024, "一次请求的内容（JSON 或表单）的字节数")
    upload_bytes: int = _limit(5 * 1024 * 1024, "上传的一个文件（项目文件、填报表、记录）的字节数")
    yaml_bytes: int = _limit(1024 * 1024, "一份项目文件或一个取值的字符数")
    yaml_nodes: int = _limit(50_000, "YAML 别名（*名称）展开后的节点数")
    yaml_depth: int = _limit(40, "列表与键值表的嵌套层数")
    number_digits: int = _limit(30, "一个数字的位数（及指数）")
    sheet_rows: int = _limit(2000, "Excel 工作表声明的行数（打开之前检查）")
    sheet_columns: int = _limit(60, "Excel 工作表声明的列数（打开之前检查）")
    ledger_rows: int = _limit(50_000, "工作记录（Excel 台账）的行数")
    text_length: int = _limit(20_000, "一个名称、说明或取值的字符数")

    @classmethod
    def from_environment(cls, environ: Mapping[str, str] = os.environ) -> Limits:
        """The defaults, each replaced by ``JIXIAO_LIMIT_<NAME>`` when that is a positive whole number."""
        values: dict[str, int] = {}
        for item in dataclasses.fields(cls):
            given = environ.get(variable(item.name), "").strip()
            if given.isdigit() and int(given) > 0:
                values[item.name] = int(given)
        return cls(**values)


def variable(name: str) -> str:
    """The environment variable of the limit ``name``: ``JIXIAO_LIMIT_BODY_BYTES``."""
    return f"JIXIAO_LIMIT_{name.upper()}"


LIMITS = Limits.from_environment()
