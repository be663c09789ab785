"""What an importer found in a report: every value as written, with where it was written.

Nothing here is recomputed. The stated scores, totals and grades are kept as the report gives
them so that the review can set them beside jixiao's own computation.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import TYPE_CHECKING

from ..diagnostics import Diagnostic, Source
from .document import Document, Paragraph, Value

if TYPE_CHECKING:
    from .form.model import Form


@dataclass(frozen=True, slots=True)
class Figure:
    """A labelled figure stated somewhere: ``预算执行率为 99.68%`` → (预算执行率, 0.9968, rate)."""

    label: str
    value: Decimal
    is_rate: bool
    unit: str
    quote: str  # the words around it, for the reviewer
    source: Source
    origin: str  # "text" or "table"


@dataclass(frozen=True, slots=True)
class Node:
    """An indicator as the report's table gives it. Leaves carry their row's cells by role."""

    name: Value
    weight: Decimal | None
    weight_stated: bool
    children: tuple[Node, ...] = ()
    cells: Mapping[str, Value] = field(default_factory=dict)
    certain: bool = True  # False when its cells were inferred from a flattened text (see importers.form.rows)
    applicable: bool = True  # False for a form's 不适用 row: its weight is printed, it is not scored

    def __post_init__(self) -> None:
        object.__setattr__(self, "cells", MappingProxyType(dict(self.cells)))

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def cell(self, role: str) -> str:
        value = self.cells.get(role)
        return value.text if value else ""

    @property
    def stated_score(self) -> Decimal | None:
        value = self.cells.get("score")
        return value.number if value else None

    def walk(self) -> Iterator[Node]:
        yield self
        for child in self.children:
            yield from child.walk()


NOT_APPLICABLE = ("不适用", "不適用")  # as printed, in simplified or traditional characters


@dataclass(frozen=True, slots=True)
class GoalRow:
    """A row of the goals table (绩效目标完成情况表)."""

    level1: str
    level2: str
    name: Value
    target: Value
    actual: Value

    @property
    def applicable(self) -> bool:
        return not any(w in cell.text for w in NOT_APPLICABLE for cell in (self.name, self.target))


@dataclass(frozen=True, slots=True)
class Info:
    name: Value | None
    department: Value | None
    year: Value | None


@dataclass(frozen=True, slots=True)
class Report:
    """Everything read from one report; ``diagnostics`` lists what could not be read."""

    document: Document
    info: Info
    roots: tuple[Node, ...]
    goals: tuple[GoalRow, ...]
    figures: tuple[Figure, ...]
    table_total: Value | None  # the 总分 row of the scoring table
    text_total: Value | None  # "综合得分为 98 分"
    grade: Value | None  # "评价等级为“优”"
    diagnostics: tuple[Diagnostic, ...]
    form: Form | None = None  # the form, when the document is a self-evaluation form
    prose: tuple[Paragraph, ...] | None = None  # the document's own words when not all its paragraphs (a form's)

    @property
    def kind(self) -> str:
        """report | form | department: which rules re-score it and which checks apply."""
        return "report" if self.form is None else ("department" if self.form.kind == "department" else "form")

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return self.document.paragraphs if self.prose is None else self.prose

    def leaves(self) -> Iterator[Node]:
        for root in self.roots:
            yield from (n for n in root.walk() if n.is_leaf and n.applicable)

    def nodes(self) -> Iterator[Node]:
        for root in self.roots:
            yield from root.walk()

    def funds(self, label: str) -> Figure | None:
        """The first amount stated under a funds label (budget, arrived, spent); the budget is the
        adjusted one (全年预算, 调整后预算) when the report gives it, else the 年初预算."""
        found = next((f for f in self.figures if f.label == label and f.unit == "万元"), None)
        if found is None and label == "预算资金":
            return next((f for f in self.figures if f.label == "年初预算" and f.unit == "万元"), None)
        return found
