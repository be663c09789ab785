"""What a rule kind is, what it returns, and the registry that holds the kinds.

A rule kind turns an indicator's parameters (from the framework) and facts (from the project)
into points plus a trail that explains them in Chinese. Kinds are plain objects in a
:class:`RuleRegistry` that callers pass in; :func:`default_registry` collects the built-in
kinds, one module of this package each, and a user's own kinds register the same way.
"""

from __future__ import annotations

import importlib
import pkgutil
from abc import ABC, abstractmethod
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, ClassVar, Generic, TypeVar

from ..diagnostics import Diagnostic, Severity, Source
from ..numbers import ZERO, percent, plain
from ..registry import Registry
from ..yamlsrc import Reader, Scalar, as_decimal, as_rate

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
        """Facts to fill in for a new project (``jixiao init``), as a YAML flow map."""
        return _example_facts(self.example)


AnyKind = RuleKind[Any, Any]


def _example_facts(example: str) -> str:
    """The ``facts:`` line of a kind's example (examples write facts as one flow map)."""
    for line in example.splitlines():
        if line.startswith("facts:"):
            return line.removeprefix("facts:").strip()
    return "{}"


class RuleRegistry(Registry[AnyKind]):
    """The rule kinds a run may use, by name."""

    @staticmethod
    def key(item: AnyKind) -> str:
        return item.name


def default_registry() -> RuleRegistry:
    """Every built-in kind: each module of this package that defines ``KIND``."""
    from . import __path__ as package_path

    kinds: list[AnyKind] = []
    for info in sorted(pkgutil.iter_modules(package_path), key=lambda m: m.name):
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

    def parse_params(self, r: Reader) -> TargetParams | None:
        label = r.text("label")
        target = read_target(r)
        return None if target is None else TargetParams(target, label)

    def parse_facts(self, r: Reader, params: TargetParams) -> Quantity | None:
        return read_actual(r, params.target)


PARTIAL = {"up": "up", "进一": "up", "down": "down", "舍去": "down",
           "proportional": "proportional", "按比例": "proportional"}
PARTIAL_WORDS = {"up": "不足1个步长的按1个步长扣分", "down": "不足1个步长的不扣分",
                 "proportional": "不足1个步长的按比例扣分"}


def count_steps(gap: Decimal, per: Decimal, partial: str) -> Decimal:
    """How many deduction steps a gap makes: started steps (up), whole steps (down) or exact."""
    from ..numbers import ceil_int, floor_int

    steps = gap / per
    if partial == "up":
        return ceil_int(steps)
    if partial == "down":
        return floor_int(steps)
    return steps
