"""A self-evaluation form (绩效自评表) as read: every cell as written, with where it was written.

Nothing here is recomputed or corrected. ``certain`` on a row says whether its cells were read
from a table whose columns line up with the header (certain) or inferred from a flattened text
where empty cells leave no trace (the review treats findings on such rows with more care).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType

from ...diagnostics import Source
from ...numbers import parse_number
from ..document import Value
from .words import norm


def amount(text: str) -> Decimal | None:
    """An amount as a funds cell writes it: 1,280.00, 150万, 3.36万元 (the block's unit is 万元)."""
    flat = norm(text).replace(",", "").removesuffix("万元").removesuffix("万")
    parsed = parse_number(flat)
    return parsed[0] if parsed else None


@dataclass(frozen=True, slots=True)
class FundsLine:
    """One row of the funds block: 年度资金总额, 当年财政拨款, 上年结转资金, 其他资金."""

    role: str  # total | fiscal | carried | other
    label: Value
    cells: Mapping[str, Value] = field(default_factory=dict)  # initial, budget, spent, weight, rate, score → as written

    def __post_init__(self) -> None:
        object.__setattr__(self, "cells", MappingProxyType(dict(self.cells)))

    def number(self, role: str) -> Decimal | None:
        value = self.cells.get(role)
        if value is None:
            return None
        return value.number if role in ("rate", "weight", "score") else amount(value.text)


@dataclass(frozen=True, slots=True)
class FormRow:
    """One indicator row: 一级, 二级, 三级 and its cells by role (missing when absent or empty)."""

    level1: Value
    level2: Value
    cells: Mapping[str, Value]
    certain: bool = True

    def __post_init__(self) -> None:
        object.__setattr__(self, "cells", MappingProxyType(dict(self.cells)))

    @property
    def name(self) -> Value:
        return self.cells["name"]

    def text(self, role: str) -> str:
        value = self.cells.get(role)
        return value.text if value is not None else ""

    @property
    def applicable(self) -> bool:
        return not any("不适用" in norm(self.text(role)) for role in ("name", "target"))


@dataclass(frozen=True, slots=True)
class LeftTable:
    """Another indicator table in the same document (a page holding two forms, a department's 得分表
    before a project's 评分表): where its header is and how many rows with points it has."""

    source: Source
    rows: int


@dataclass(frozen=True, slots=True)
class Form:
    """Everything read from one form; what is absent is ``None`` or empty, never a default."""

    kind: str  # project | department
    source: Source
    title: Value | None
    header: Mapping[str, Value]  # 项目名称, 主管部门, 实施单位…: the label's value, "" with the label's place if blank
    year: Value | None
    funds: tuple[FundsLine, ...]
    goal_expected: Value | None
    goal_actual: Value | None
    level1_points: Mapping[str, Value]  # "产出指标" → "50" from "产出指标(50分)"
    rows: tuple[FormRow, ...]
    total_weight: Value | None
    total: Value | None
    conclusion: Value | None
    grade: Value | None
    notes: tuple[Value, ...]  # the scoring notes printed with the form
    cells: tuple[Value, ...]  # every cell read, for checks on their wording (template text)
    columns: tuple[str, ...] = ()  # the indicator table's roles in the order of its header
    left: tuple[LeftTable, ...] = ()  # the document's other indicator tables, not read into ``rows``
    table: Source | None = None  # where the indicator table's header is, when one was found

    def __post_init__(self) -> None:
        object.__setattr__(self, "header", MappingProxyType(dict(self.header)))
        object.__setattr__(self, "level1_points", MappingProxyType(dict(self.level1_points)))

    @property
    def rules_stated(self) -> bool:
        """The form prints how its rows are scored (正向/反向 formulas), so re-scoring by them is certain."""
        text = "".join(n.text for n in self.notes).replace(" ", "")
        return any(w in text for w in ("正向指标", "反向指标", "得分=", "得分＝", "得分计算方法", "该指标分值"))

    @property
    def total_line(self) -> FundsLine | None:
        return next((f for f in self.funds if f.role == "total"), None)

    @property
    def scored(self) -> bool:
        """False when every score cell is empty: the form was published without its scores (未评分)."""
        line = self.total_line
        return any("score" in r.cells for r in self.rows) or (line is not None and "score" in line.cells) or (
            self.total is not None)
