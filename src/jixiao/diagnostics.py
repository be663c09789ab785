"""Where things come from, and what is wrong with them.

Every node read from user data carries a :class:`Source`. Problems in user data are
:class:`Diagnostic` values collected and returned by each stage; exceptions are for bugs.
Every diagnostic code is declared in :data:`CODES` (its Chinese title), which the docs test
checks against ``docs/diagnostics.md``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True, slots=True)
class Source:
    """A place in user input: ``file:line:col`` (1-based) or ``file:Sheet!B3``."""

    file: str
    line: int | None = None
    col: int | None = None
    cell: str | None = None

    def __str__(self) -> str:
        if self.cell is not None:
            return f"{self.file}:{self.cell}"
        if self.line is None:
            return self.file
        if self.col is None:
            return f"{self.file}:{self.line}"
        return f"{self.file}:{self.line}:{self.col}"


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def label(self) -> str:
        return {"error": "错误", "warning": "警告", "info": "提示"}[self.value]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    code: str
    message: str
    source: Source | None = None
    hint: str = ""
    severity: Severity = Severity.ERROR

    def __post_init__(self) -> None:
        if self.code not in CODES:
            raise ValueError(f"undeclared diagnostic code {self.code!r}")

    def format(self) -> str:
        where = f"{self.source}: " if self.source else ""
        hint = f"（{self.hint}）" if self.hint else ""
        return f"{where}[{self.code}] {self.severity.label}：{self.message}{hint}"

    def to_json(self) -> dict[str, object]:
        src = self.source
        return {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "hint": self.hint,
            "file": src.file if src else None,
            "line": src.line if src else None,
            "col": src.col if src else None,
            "cell": src.cell if src else None,
        }


# Errors that say what is not filled in yet, which a draft may carry and the workbench may store;
# every other error of the loader says the text itself is wrong (a mistyped value, an unknown key,
# 8 answers to 5 points).
INCOMPLETE = frozenset({"fact-missing", "funds-missing", "reason-missing", "record-file-missing"})


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


# code → short Chinese title. Keep in step with docs/diagnostics.md (a test checks).
CODES: dict[str, str] = {
    "file-unreadable": "文件无法读取",
    "yaml-syntax": "YAML 语法错误",
    "yaml-refused": "YAML 内容超出限制或含不支持的写法",
    "wrong-type": "取值类型不对",
    "missing-key": "缺少必填项",
    "unknown-key": "无法识别的键",
    "bad-value": "取值不合法",
    "unknown-framework": "找不到指标体系",
    "framework-cycle": "指标体系循环继承",
    "unknown-indicator": "找不到指标",
    "duplicate-indicator": "指标名称重复",
    "unknown-rule": "未知的评分规则类型",
    "bad-param": "评分规则参数错误",
    "weights-sum": "下级权重之和不等于上级权重",
    "roots-sum": "一级指标权重之和不等于100",
    "rule-max": "评分规则满分与权重不一致",
    "leaf-without-rule": "三级指标缺少评分规则",
    "unknown-measure": "未知的计算口径",
    "measure-unsupported": "该评分规则不能绑定计算口径",
    "fact-missing": "缺少指标事实",
    "fact-unused": "事实没有对应的指标",
    "fact-invalid": "指标事实不合法",
    "reason-missing": "失分没有写明原因",
    "override-reason": "调整得分缺少理由",
    "override-range": "调整得分超出范围",
    "funds-invalid": "资金数据不合理",
    "funds-missing": "资金尚未填写",
    "bad-set": "--set 参数错误",
    "formula-invalid": "公式不合法",
    "grades-invalid": "等级划分不合法",
    "import-unrecognized": "无法识别的报告格式",
    "import-not-text": "文件不是文本",
    "import-too-large": "内容过大",
    "import-no-table": "没有找到评分表",
    "import-row-unreadable": "评分表的行无法读取",
    "import-rule-unrecognized": "评分标准无法识别",
    "import-info-missing": "报告缺少项目信息",
    "import-funds-missing": "报告缺少资金数据",
    "import-table-left": "另有指标表未复核",
    "record-file-missing": "找不到记录文件",
    "record-columns": "记录文件的列不符",
    "record-invalid": "记录行不合法",
    "record-attachment": "记录的附件缺失或不符",
    "unknown-metric": "未声明的指标数据",
    "metric-invalid": "指标数据声明不合法",
    "calendar-year-missing": "日历缺少该年份",
    "monitor-reason-missing": "监控预警缺少原因或措施",
    "selfeval-weights": "自评表分值不合法",
    "selfeval-goal": "自评表目标行无法计分",
    "narrative-missing": "评价报告缺少文字内容",
    "narrative-unused": "指标分析没有对应的指标",
    "wording-invalid": "措辞文件中的一项无法使用",
    "audit-finding": "审核发现的问题",
    "renderer-unavailable": "无法生成该格式",
    "font-missing": "缺少中文字体",
}


# What an operating-system error means, by its errno: the system's own text (``strerror``) is
# English, or in the server's language, never the clerk's.
_OS_REASONS = {
    "ENOENT": "找不到文件或文件夹",
    "EACCES": "没有权限",
    "EPERM": "没有权限",
    "EROFS": "磁盘是只读的",
    "EISDIR": "是文件夹而不是文件",
    "ENOTDIR": "路径中有一段不是文件夹",
    "EEXIST": "文件已存在",
    "ENOSPC": "磁盘空间不足",
    "EDQUOT": "磁盘配额已用完",
    "EADDRINUSE": "端口已被占用",
    "EADDRNOTAVAIL": "本机没有这个地址",
    "ENAMETOOLONG": "文件名过长",
    "EMFILE": "打开的文件过多",
    "EBUSY": "文件正被其他程序使用",
    "ETXTBSY": "文件正被其他程序使用",
    "ENOTEMPTY": "文件夹不是空的",
    "EXDEV": "不能跨磁盘移动",
    "EIO": "读写磁盘出错",
    "ECONNREFUSED": "连接被拒绝",
    "ETIMEDOUT": "连接超时",
    "EINVAL": "参数无效",
}


def os_reason(err: OSError) -> str:
    """The Chinese reason for an OSError, e.g. ``没有权限``; unknown ones say their errno code."""
    import errno

    name = errno.errorcode.get(err.errno) if isinstance(err.errno, int) else None
    if name in _OS_REASONS:
        return _OS_REASONS[name]
    if isinstance(err, PermissionError):
        return "没有权限"
    if isinstance(err, FileNotFoundError):
        return "找不到文件或文件夹"
    return f"系统错误（{name or err.__class__.__name__}）"
