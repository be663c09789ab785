"""要点清单: the sum of the points of the items met, with negated items and gate items."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from ..diagnostics import Diagnostic, Severity
from ..numbers import ZERO, percent, plain
from ..yamlsrc import Map, Node, Reader, Seq, as_bool, as_int, as_text
from .base import Deduction, Evaluation, FactField, FactType, RuleKind, bad_param

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"


def mark(number: int) -> str:
    return CIRCLED[number - 1] if 0 < number <= len(CIRCLED) else f"({number})"


@dataclass(frozen=True, slots=True)
class Item:
    text: str
    points: Decimal
    negated: bool = False  # the item earns its points when its statement is false


@dataclass(frozen=True, slots=True)
class Params:
    items: tuple[Item, ...]
    gate: tuple[int, ...] = ()  # item numbers that must be met, or the whole indicator is 0


@dataclass(frozen=True, slots=True)
class Facts:
    answers: tuple[bool, ...]  # the answer to each item's statement as written
    reasons: Mapping[int, str]

    def __post_init__(self) -> None:
        object.__setattr__(self, "reasons", MappingProxyType(dict(self.reasons)))


class Checklist(RuleKind[Params, Facts]):
    name = "checklist"
    title = "要点清单"
    help = (
        "按评分要点逐项打分，得分为符合要点的分值之和。要点分值可以不等；"
        "negated: true 的要点是否定表述（如“与同类项目重复”），回答“否”才得分；"
        "gate 列出门槛要点，任一门槛要点不符合则本项整体得0分。"
        "事实 answers 按顺序回答每个要点的表述是否属实（是/否），reasons 写明失分要点的原因。"
    )
    example = """\
weight: 3
rule:
  kind: checklist
  gate: 1
  items:
    - {text: 项目按照规定的程序申请设立, points: 1}
    - {text: 审批文件、材料符合相关要求, points: 1}
    - {text: 事前已经过必要的可行性研究、专家论证, points: 1}
facts: {answers: [是, 是, 否], reasons: {3: 未开展可行性研究}}
expect: 2
"""

    def parse_params(self, r: Reader) -> Params | None:
        items = tuple(filter(None, (_item(n, r) for n in r.seq("items", required=True))))
        if not items:
            bad_param(r, "至少需要一个评分要点", "在 items 下逐条列出要点及分值")
            return None
        gate = _numbers(r, "gate", len(items))
        return Params(items, gate)

    def parse_facts(self, r: Reader, params: Params) -> Facts | None:
        answers = tuple(_answers(r, len(params.items)))
        reasons = _reasons(r, len(params.items))
        if len(answers) != len(params.items):
            return None
        facts = Facts(answers, reasons)
        for number in _lost(params, facts):
            if number not in reasons:
                r.diags.append(Diagnostic(
                    "reason-missing", f"{r.where}：要点{mark(number)}失分但没有写明原因",
                    r.key_source("answers"), f"在 reasons 下写“{number}: 原因”", Severity.WARNING))
        return facts

    def fact_fields(self, params: Params, weight: Decimal) -> tuple[FactField, ...]:
        count = len(params.items)
        sample = "[" + ", ".join("否" if item.negated else "是" for item in params.items) + "]"
        return (FactField("answers", "要点答案（按顺序填 是/否）", FactType.ANSWERS, required=True, items=count,
                          sample=sample),
                FactField("reasons", "失分原因", FactType.NUMBERED, items=count, when="按要点序号写明失分原因"))

    def describe(self, params: Params) -> str:
        parts = [f"{mark(i)}{item.text}（{plain(item.points)}分）" for i, item in enumerate(params.items, 1)]
        text = "；".join(parts) + "。"
        if params.gate:
            gates = "、".join(mark(n) for n in params.gate)
            text += f"在符合{gates}的前提下，符合要求得该项分值，不符合不得分；如不符合{gates}，则本项整体得0分。"
        return text


    def maximum(self, params: Params, weight: Decimal) -> Decimal:
        return sum((item.points for item in params.items), ZERO)

    def evaluate(self, params: Params, facts: Facts, weight: Decimal) -> Evaluation:
        lost = _lost(params, facts)
        deductions = tuple(
            Deduction(params.items[n - 1].points,
                      f"要点{mark(n)}“{params.items[n - 1].text}”不符合：{facts.reasons.get(n, '未写明原因')}")
            for n in lost)
        failed_gates = [n for n in params.gate if n in lost]
        if failed_gates:
            gates = "、".join(mark(n) for n in failed_gates)
            return Evaluation(ZERO, "0%", f"不符合门槛要点{gates}，本项整体得 0 分", deductions)
        earned = [item.points for n, item in enumerate(params.items, 1) if n not in lost]
        total = sum(earned, ZERO)
        formula = " + ".join(plain(p) for p in earned) or "0"
        return Evaluation(total, percent(total / weight) if weight else "0%",
                          f"符合要点分值合计 {formula} = {plain(total)}", deductions)


def _lost(params: Params, facts: Facts) -> list[int]:
    return [n for n, (item, answer) in enumerate(zip(params.items, facts.answers, strict=False), 1)
            if answer == item.negated]


def _item(node: Node, r: Reader) -> Item | None:
    if not isinstance(node, Map):
        bad_param(r, "要点应写成“{text: …, points: …}”", source=node.source)
        return None
    item = Reader(node, r.diags, f"{r.where}的要点")
    text, points = item.text("text", required=True), item.decimal("points", required=True)
    negated = item.boolean("negated") or False
    item.finish()
    if points is None or points < ZERO:
        return None
    return Item(text, points, negated)


def _numbers(r: Reader, key: str, count: int) -> tuple[int, ...]:
    node = r.raw(key)
    if node is None:
        return ()
    nodes = node.items if isinstance(node, Seq) else (node,)
    numbers: list[int] = []
    for n in nodes:
        value = as_int(n, r.diags, f"{r.where}的“{key}”")
        if value is not None and not 1 <= value <= count:
            bad_param(r, f"“{key}”中的要点序号 {value} 不存在", f"序号应在 1 到 {count} 之间", n.source)
        elif value is not None:
            numbers.append(value)
    return tuple(numbers)


def _answers(r: Reader, count: int) -> list[bool]:
    nodes = r.seq("answers", required=True)
    answers = [as_bool(n, r.diags, f"{r.where}的答案") for n in nodes]
    if nodes and len(nodes) != count:
        r.diags.append(Diagnostic("fact-invalid", f"{r.where}：有 {count} 个评分要点，却回答了 {len(nodes)} 个",
                                  r.key_source("answers"), "按要点顺序逐一回答 是 或 否"))
    return [a for a in answers if a is not None] if None not in answers else []


def _reasons(r: Reader, count: int) -> dict[int, str]:
    reasons = r.map("reasons")
    if reasons is None:
        return {}
    out: dict[int, str] = {}
    for key in list(reasons.node.keys()):
        node = reasons.raw(key)
        text = as_text(node, r.diags, f"{r.where}的原因") if node is not None else None
        if not key.isdigit() or not 1 <= int(key) <= count:
            r.diags.append(Diagnostic("fact-invalid", f"{r.where}：原因对应的要点序号“{key}”不存在",
                                      reasons.key_source(key), f"序号应在 1 到 {count} 之间"))
        elif text:
            out[int(key)] = text
    return out


KIND = Checklist()
