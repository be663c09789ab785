"""What a rule kind is, what it returns, and the registry that holds the kinds.

A rule kind turns an indicator's parameters (from the framework) and facts (from the project)
into points plus a trail that explains them in Chinese. Kinds are plain objects in a
:class:`RuleRegistry` that callers pass in; :func:`default_registry` collects the built-in
kinds, one module of this package each, and a user's own kinds register the same way.

A kind also describes its facts: :meth:`RuleKind.fields` lists each key it reads as a
:class:`FactField` (label, type, unit, bounds, sample), and the project page, the data-entry
workbook, ``jixiao init``'s template and the docs are made from that declaration.
"""

from __future__ import annotations

import importlib
import pkgutil
from abc import ABC, abstractmethod
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import Any, ClassVar, Generic, TypeVar

from ..diagnostics import Diagnostic, Severity, Source
from ..numbers import ZERO, ceil_int, floor_int, percent, plain
from ..registry import Registry
from ..yamlsrc import Reader, Scalar, as_decimal, as_int, as_rate

P = TypeVar("P")
F = TypeVar("F")


class RuleError(Exception):
    """Raised by :meth:`RuleKind.evaluate` when the facts cannot be scored (e.g. ÷0).

    The scorer turns it into a located ``fact-invalid`` diagnostic and scores the leaf 0.
    """


@dataclass(frozen=True, slots=True)
class Deduction:
    points: Decimal
    reason: str


@dataclass(frozen=True, slots=True)
class Evaluation:
    """A rule's verdict: points (unrounded, within 0..maximum) and why."""

    points: Decimal
    actual: str  # 实际完成值 as a report shows it: "99.68%", "365次"
    formula: str  # the formula with the numbers put in
    deductions: tuple[Deduction, ...] = ()
    notes: tuple[str, ...] = ()
    finding: str = ""  # what was found, as a report's analysis says it (no score); "" when the actual says it


@dataclass(frozen=True, slots=True)
class Quantity:
    """A single measured value: a count or amount, or a rate when ``is_rate``."""

    value: Decimal
    is_rate: bool = False
    unit: str = ""
    how: str = ""  # how it was obtained, e.g. "实际支出 61.71 ÷ 实际到位 61.91"
    source: Source | None = None

    def show(self) -> str:
        return percent(self.value) if self.is_rate else f"{plain(self.value)}{self.unit}"


class FactType(StrEnum):
    """What one fact holds; a form, the workbook and the docs present each type its own way."""

    NUMBER = "number"  # an amount or a measure: 61.91, 2.5 (小时)
    RATE = "rate"  # a percentage: 98%
    COUNT = "count"  # a whole number: 12
    TEXT = "text"
    YES_NO = "yes_no"  # 是 or 否
    ANSWERS = "answers"  # a list of 是/否, one per item
    NUMBERED = "numbered"  # texts by item number: {3: 未开展可行性研究}
    DATE = "date"  # 2023-07-31
    OVERRIDE = "override"  # {score, reason}: a score in place of the computed one


TYPE_WORDS = {
    FactType.NUMBER: "数值", FactType.RATE: "百分比", FactType.COUNT: "整数", FactType.TEXT: "文字",
    FactType.YES_NO: "是/否", FactType.ANSWERS: "是/否列表", FactType.NUMBERED: "序号: 文字",
    FactType.DATE: "日期", FactType.OVERRIDE: "{score, reason}",
}


@dataclass(frozen=True, slots=True)
class FactField:
    """One key of a leaf's facts as its rule kind reads it (see :meth:`RuleKind.fields`)."""

    key: str
    label: str  # Chinese, as a form or the workbook asks for it
    type: FactType
    unit: str = ""
    required: bool = False  # parse_facts refuses the facts without it
    allowed: tuple[str, ...] = ()  # the only values accepted, if the kind limits them
    minimum: Decimal | None = None  # the least value accepted (counts: 0)
    above: bool = False  # the value must exceed ``minimum``, not just reach it
    items: int | None = None  # a list's length, or a numbered map's highest item number
    when: str = ""  # when it applies, in Chinese: 未写 actual 时填写
    sample: str = ""  # the value (YAML) a new project starts from; a field with one is offered on an empty form

    def bound(self) -> str:
        """The declared limits in words (for the docs and ``jixiao rules``)."""
        parts = []
        if self.minimum is not None:
            parts.append(f"{'>' if self.above else '≥'} {plain(self.minimum)}")
        if self.allowed:
            parts.append("可选：" + "、".join(self.allowed))
        if self.items is not None:
            parts.append(f"{self.items} 项" if self.type == FactType.ANSWERS else f"序号 1–{self.items}")
        return "；".join(parts)


NOTE = FactField("note", "备注", FactType.TEXT)
STATED = FactField("stated", "单位填报值", FactType.TEXT,
                   when="项目单位填报的实际完成值与计分所用的值不同时填写，报告并列两者")
OVERRIDE = FactField("override", "调整得分", FactType.OVERRIDE, when="调整得分时填写，理由必填")
METRIC = FactField("metric", "由记录计算的指标", FactType.TEXT, when="实际值由工作记录计算时填写（evidence 中声明的名称）")


def shared_fields(quantity: bool = True) -> tuple[FactField, ...]:
    """The keys any leaf's facts may carry besides its kind's (``metric`` only where the kind
    scores one measured value)."""
    return (NOTE, STATED, OVERRIDE, METRIC) if quantity else (NOTE, STATED, OVERRIDE)


REASON = FactField("reason", "理由", FactType.TEXT)  # the reason of a judgement; a kind declares it when it reads it


class RuleKind(ABC, Generic[P, F]):
    """One way of scoring an indicator. Subclasses set the class attributes and methods."""

    name: ClassVar[str]  # as written in YAML: ``kind: checklist``
    title: ClassVar[str]  # Chinese name shown to users
    help: ClassVar[str]  # Chinese help: what it scores and how
    example: ClassVar[str]  # a YAML example with weight, rule, facts and the expected score
    takes_quantity: ClassVar[bool] = False  # facts are one Quantity (can bind a measure)

    @abstractmethod
    def parse_params(self, r: Reader) -> P | None:
        """Read this kind's parameters from the ``rule:`` map; ``None`` if they are unusable."""

    @abstractmethod
    def parse_facts(self, r: Reader, params: P) -> F | None:
        """Read the facts of one indicator; ``None`` if they are unusable."""

    @abstractmethod
    def fact_fields(self, params: P, weight: Decimal) -> tuple[FactField, ...]:
        """The facts :meth:`parse_facts` reads for a leaf with these parameters and weight, in the
        order a form asks for them."""

    def fields(self, params: P, weight: Decimal) -> tuple[FactField, ...]:
        """Every key a leaf's facts may hold: this kind's own, then those any leaf may carry."""
        return (*self.fact_fields(params, weight), *shared_fields(self.takes_quantity))

    @abstractmethod
    def describe(self, params: P) -> str:
        """The scoring rule in words (评分标准), used when the framework gives none."""

    @abstractmethod
    def evaluate(self, params: P, facts: F, weight: Decimal) -> Evaluation:
        """Score the facts. Points must lie within 0..weight."""

    def maximum(self, params: P, weight: Decimal) -> Decimal:
        """The most this rule can give; validation checks it equals the weight."""
        return weight

    def benchmark(self, params: P) -> str:
        """The default 标杆值 when the framework gives none."""
        return ""

    def fact_template(self, params: P, weight: Decimal) -> str:
        """Facts to fill in for a new project (``jixiao init``), as a YAML flow map: each
        declared field's sample."""
        return "{" + ", ".join(f"{f.key}: {f.sample}" for f in self.fact_fields(params, weight) if f.sample) + "}"


AnyKind = RuleKind[Any, Any]


class RuleRegistry(Registry[AnyKind]):
    """The rule kinds a run may use, by name."""

    @staticmethod
    def key(item: AnyKind) -> str:
        return item.name


def default_registry() -> RuleRegistry:
    """Every built-in kind: each module of this package that defines ``KIND``."""
    kinds: list[AnyKind] = []
    for info in sorted(pkgutil.iter_modules([str(Path(__file__).parent)]), key=lambda m: m.name):
        module = importlib.import_module(f"{__package__}.{info.name}")
        kind = getattr(module, "KIND", None)
        if isinstance(kind, RuleKind):
            kinds.append(kind)
    return RuleRegistry(kinds)


# Helpers shared by several kinds -----------------------------------------------------------


def read_quantity(r: Reader, key: str = "actual", unit: str = "") -> Quantity | None:
    """A value written as ``365`` (count/amount) or ``99.68%`` (rate)."""
    node = r.raw(key, required=True)
    if node is None:
        return None
    if isinstance(node, Scalar) and isinstance(node.value, str) and node.value.strip().endswith(("%", "％")):
        rate = as_rate(node, r.diags, f"{r.where}的“{key}”")
        return None if rate is None else Quantity(rate, True, "%", source=node.source)
    value = as_decimal(node, r.diags, f"{r.where}的“{key}”")
    return None if value is None else Quantity(value, False, unit, source=node.source)


def rate_fact_fields(actual: str = "", count: str = "", total: str = "") -> tuple[FactField, ...]:
    """The fields :func:`read_rate_fact` reads, with the samples a kind's template starts from."""
    alone = "未写 actual 时填写"
    return (FactField("actual", "实际完成值", FactType.RATE, when="或写 count 与 total", sample=actual),
            FactField("count", "完成数", FactType.NUMBER, minimum=ZERO, when=alone, sample=count),
            FactField("total", "总数", FactType.NUMBER, minimum=ZERO, above=True, when=alone, sample=total))


def read_rate_fact(r: Reader) -> Quantity | None:
    """A rate given directly (``actual: 100%``) or as a count of a total (``count``/``total``)."""
    if r.has("actual"):
        rate = r.rate("actual")
        return None if rate is None else Quantity(rate, True, "%", source=r.key_source("actual"))
    count, total = r.decimal("count", required=True), r.decimal("total", required=True)
    if count is None or total is None:
        return None
    if total <= ZERO or count < ZERO or count > total:
        r.diags.append(Diagnostic("fact-invalid", f"{r.where}：数量 {plain(count)} / 总数 {plain(total)} 不成立",
                                  r.source, "总数应大于0，数量应在0与总数之间"))
        return None
    rate = count / total
    return Quantity(rate, True, "%", f"{plain(count)} ÷ {plain(total)} = {percent(rate)}", r.source)


def read_count(r: Reader, declared: FactField) -> int | None:
    """A whole number read as ``declared`` says: required or not, and no less than its minimum."""
    node = r.raw(declared.key, declared.required)
    value = None if node is None else as_int(node, r.diags, f"{r.where}的“{declared.key}”")
    if value is None or keeps_minimum(r, declared, Decimal(value)):
        return value
    return None


def keeps_minimum(r: Reader, declared: FactField, value: Decimal) -> bool:
    """Whether ``value`` keeps the field's declared minimum; a located ``fact-invalid`` if not."""
    low = declared.minimum
    if low is None or value > low or (value == low and not declared.above):
        return True
    node = r.node.get(declared.key)
    r.diags.append(Diagnostic(
        "fact-invalid", f"{r.where}的“{declared.key}”应{'大于' if declared.above else '不小于'} {plain(low)}，"
        f"填写的是 {plain(value)}", node.source if node else r.source))
    return False


def require_reason(r: Reader, lost: bool, what: str) -> str:
    """The reason for a lost point; a warning when points are lost without one."""
    reason = r.text("reason")
    if lost and not reason:
        r.diags.append(Diagnostic("reason-missing", f"{r.where}失分但没有写明原因（{what}）", r.source,
                                  "在 reason 中写明失分所依据的事实", Severity.WARNING))
    return reason


def bad_param(r: Reader, message: str, hint: str = "", source: Source | None = None) -> None:
    r.diags.append(Diagnostic("bad-param", f"{r.where}：{message}", source or r.source, hint))


def read_target(r: Reader, key: str = "target") -> Quantity | None:
    """A rule's target: ``365`` with ``unit: 次``, or a rate such as ``1%``."""
    unit = r.text("unit")
    target = read_quantity(r, key, unit)
    if target is not None and target.value <= ZERO:
        bad_param(r, f"“{key}”应大于0", "目标值为0时无法按比例计分，请改用 formula 规则")
        return None
    return target


def actual_field(target: Quantity, sample: str) -> FactField:
    """The fact :func:`read_actual` reads: a rate when the target is one, else a number in its unit
    (a rate target's template starts from the target itself)."""
    if target.is_rate:
        return FactField("actual", "实际完成值", FactType.RATE, required=True, sample=target.show())
    return FactField("actual", "实际完成值", FactType.NUMBER, target.unit, required=True, sample=sample)


def read_actual(r: Reader, target: Quantity) -> Quantity | None:
    """The fact ``actual``, which must be of the same kind as the target (rate or number)."""
    actual = read_quantity(r, "actual", target.unit)
    if actual is not None and actual.is_rate != target.is_rate:
        expected = "百分比" if target.is_rate else f"数值（单位：{target.unit or '无'}）"
        r.diags.append(Diagnostic("fact-invalid", f"{r.where}：目标值是 {target.show()}，实际值应为{expected}",
                                  actual.source or r.source, "实际值与目标值用同一种计量方式"))
        return None
    return actual


@dataclass(frozen=True, slots=True)
class TargetParams:
    target: Quantity
    label: str = ""  # what is measured, e.g. 巡检次数; used when the rule is put in words


class TargetRule(RuleKind[TargetParams, Quantity]):
    """A kind scored from one actual value against a target (``target``, ``unit``, ``label``)."""

    takes_quantity = True
    sample_actual: ClassVar[str]  # the actual a new project's template starts from (counts and amounts)

    def parse_params(self, r: Reader) -> TargetParams | None:
        label = r.text("label")
        target = read_target(r)
        return None if target is None else TargetParams(target, label)

    def fact_fields(self, params: TargetParams, weight: Decimal) -> tuple[FactField, ...]:
        return (actual_field(params.target, self.sample_actual),)

    def parse_facts(self, r: Reader, params: TargetParams) -> Quantity | None:
        return read_actual(r, params.target)


PARTIAL = {"up": "up", "进一": "up", "down": "down", "舍去": "down",
           "proportional": "proportional", "按比例": "proportional"}
PARTIAL_WORDS = {"up": "不足1个步长的按1个步长扣分", "down": "不足1个步长的不扣分",
                 "proportional": "不足1个步长的按比例扣分"}


def count_steps(gap: Decimal, per: Decimal, partial: str) -> Decimal:
    """How many deduction steps a gap makes: started steps (up), whole steps (down) or exact."""
    steps = gap / per
    if partial == "up":
        return ceil_int(steps)
    if partial == "down":
        return floor_int(steps)
    return steps
