"""评分标准 in words → a rule kind with parameters, and the leaf's facts from its actual value.

Each recogniser reads one common wording and returns the rule as data (the same ``rule:`` map a
framework file holds). Recognisers are tried in order, most specific first; a criterion none
of them reads is reported, and its leaf is left for the reviewer (never scored by guess).

Facts come from the report's own 实际完成值, never from its stated score. A checklist's answers
are not written in reports; they are inferred from the 实际完成值 (得分率) when it is a
percentage, choosing which items failed (never a gate item when another choice exists), and the
review says so.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Any

from ..numbers import HUNDRED, ONE, ZERO, plain, round_half_up
from .figures import quantity, trim_label
from .model import Figure, Node

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
NUM = r"(?<![\d.])(\d+(?:\.\d+)?)"
MEASURES = {"资金到位率": "arrival_rate", "预算执行率": "execution_rate", "成本控制率": "cost_control_rate"}
YES = ("是", "有效", "达到", "达成", "完成", "符合", "提高", "提升", "改善", "增强", "实现", "明显", "良好", "显著",
       "充分", "规范", "合理", "明确", "科学", "合规", "健全", "到位")
NO = ("否", "未", "无效", "不")


@dataclass(frozen=True, slots=True)
class Context:
    """What a recogniser may consult besides the leaf: the report's prose and figures."""

    texts: tuple[str, ...]
    figures: tuple[Figure, ...]
    funds_known: bool = True  # the report states its amounts, so funds indicators are computed from them


@dataclass(frozen=True, slots=True)
class RuleSpec:
    kind: str
    params: Mapping[str, Any]
    facts: Mapping[str, Any] | None  # None: the report gives no usable actual
    measure: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", MappingProxyType(dict(self.params)))
        if self.facts is not None:
            object.__setattr__(self, "facts", MappingProxyType(dict(self.facts)))


Recogniser = Callable[[Node, str, Context], RuleSpec | None]


def recognise(leaf: Node, context: Context) -> RuleSpec | None:
    text = _flat(leaf.cell("criterion"))
    for recogniser in RECOGNISERS:
        spec = recogniser(leaf, text, context)
        if spec is not None:
            return spec
    return None


def _flat(text: str) -> str:
    """One line, no spaces, ASCII punctuation; list numbers ("1. ") dropped so they never touch a figure."""
    text = re.sub(r"(?:(?<=[\s。；;：:])|^)\d{1,2}[.．、](?=\s|[\u4e00-\u9fff])", " ", text)
    return re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")").replace("，", ",").replace("；", ";")


def _satisfaction(leaf: Node, text: str, ctx: Context) -> RuleSpec | None:
    presumed = re.search(r"视(?:为|满意度为|同满意度为)?" + NUM + "%", text)
    if "满意度" not in text or presumed is None:
        return None
    per = re.search(r"下降" + NUM + "%", text)
    params = {"label": leaf.name.text, "presumed": presumed.group(1) + "%"}
    if per:
        params["per_complaint"] = per.group(1) + "%"
    presumed_rate = Decimal(presumed.group(1)) / HUNDRED
    step = Decimal(per.group(1)) / HUNDRED if per else None
    return RuleSpec("satisfaction", params, _survey_facts(leaf, ctx, presumed_rate, step))


def _survey_facts(leaf: Node, ctx: Context, presumed: Decimal, step: Decimal | None) -> dict[str, Any] | None:
    """Whether a survey was held and how many complaints came, from the prose about this leaf first
    (a report with two satisfaction indicators says each its own), else the whole report."""
    own = [part for t in ctx.texts for part in _said_of(leaf.name.text, t)]
    complaints = _complaints("".join(_facts_only(t) for t in own)) if own else None
    prose = "".join(_facts_only(t) for t in ctx.texts)
    if complaints is None:
        complaints = _derived(leaf, presumed, step)
    if complaints is None:
        complaints = _complaints(prose)
    no_survey = re.search(r"未(?:对[^。]{0,40})?(?:开展|进行|组织)[^。]{0,20}?满意度调查", prose)
    if no_survey:
        return {"survey": "否", "complaints": complaints or 0}
    rate = quantity(leaf.cell("actual"))
    if rate is None or not rate[1]:
        return None
    return {"survey": "是", "rate": leaf.cell("actual").strip(), "complaints": complaints or 0}


def _said_of(name: str, text: str) -> list[str]:
    """What a paragraph says of one indicator: from its name to the end of that clause (a paragraph
    that goes through two satisfaction indicators says "收到投诉 0 件" of one and "1 件" of the other)."""
    return [m.group() for m in re.finditer(re.escape(name) + r"[^；;。]*", text)]


# "收到投诉 3 件", "收到3件群众投诉", but not the rule's "每收到1位群众投诉".
_COMPLAINTS = re.compile(r"(?<!每)收到[^。，；\d]{0,6}?投诉\s*(\d+)\s*(?:件|起|位|次|宗)"
                         r"|(?<!每)收到\s*(\d+)\s*(?:件|起|位|次|宗)[^。，]{0,8}投诉")


def _facts_only(text: str) -> str:
    """Prose without the 评分标准 it quotes: a rule's conditions are not statements of fact."""
    return re.sub(r"评分标准[：:][^。]*(?:。[①②③④⑤⑥⑦⑧⑨⑩][^。]*)*。?", "", text)


def _complaints(prose: str) -> int | None:
    counts = {int(m.group(1) or m.group(2)) for m in _COMPLAINTS.finditer(prose)}
    if len(counts) == 1:
        return counts.pop()
    if not counts and re.search(r"未收到(?:任何)?[^。，]{0,6}投诉", prose):
        return 0
    return None


def _derived(leaf: Node, presumed: Decimal, step: Decimal | None) -> int | None:
    """Complaints behind a presumed rate the table states: (90% − 88.5%) ÷ 0.5% = 3."""
    rate = quantity(leaf.cell("actual"))
    if rate is None or not rate[1] or not step or rate[0] > presumed:
        return None
    count = (presumed - rate[0]) / step
    return int(count) if count == count.to_integral_value() else None


def _partial(text: str) -> str:
    if re.search(r"不足[^,;。]{0,12}(?:不扣分|不扣)", text):
        return "down"
    if re.search(r"不足[^,;。]{0,12}按比例", text):
        return "proportional"
    return "up"


def _threshold(leaf: Node, text: str, ctx: Context) -> RuleSpec | None:
    full = re.search(r"([\u4e00-\u9fff]{0,12}率)?(?:≥|>=|不低于|达到)" + NUM + r"%[^;。]{0,6}?得满分", text)
    step = re.search(r"每(?:降低|低于|下降|减少)" + NUM + r"个?百分点[^;。]{0,4}?扣" + NUM + "分", text)
    if full is None or step is None:
        return None
    label = full.group(1) or leaf.name.text
    params = {"label": label, "full_at": full.group(2) + "%", "per": step.group(1) + "%", "deduct": step.group(2),
              "partial": _partial(text)}
    return _quantity_spec("threshold", params, leaf, ctx, label)


def _overrun(leaf: Node, text: str, ctx: Context) -> RuleSpec | None:
    step = re.search(r"每超(?:出|过)" + NUM + r"个?百分点[^;。]{0,4}?扣" + NUM + "分", text)
    if step is None:
        return None
    ceiling = (re.search(r"(?:≤|<=|不超过|不高于)" + NUM + "%", text) or re.search(NUM + r"%(?:≥|>=)", text)
               or re.search(r">" + NUM + "%", text))
    label = _label_before(text, ("=", "≤", ">")) or leaf.name.text
    params = {"label": label, "full_at": (ceiling.group(1) if ceiling else "100") + "%", "per": step.group(1) + "%",
              "deduct": step.group(2), "partial": _partial(text)}
    return _quantity_spec("overrun", params, leaf, ctx, label)


# 完成4公里得满分，未完成的按实际完成比例得分 / 加装电梯数量达到10部的得满分，未达到的按比例得分 /
# 校舍面积=800平方米，得满分，否则按完成比例扣分
_COMPLETION = re.compile(r"([\u4e00-\u9fff]{0,24}?)(?:=|≥|>=|达到|完成)" + NUM + r"(%|[\u4e00-\u9fff]{0,4}?)的?,?得满分,?"
                         r"(?:否则|未完成的?|未达到的?|不足的?|达不到的?)?,?按(?:实际)?(?:完成)?比例")


def _completion(leaf: Node, text: str, ctx: Context) -> RuleSpec | None:
    match = _COMPLETION.search(text)
    if match is None:
        return None
    rate = match.group(3) == "%"
    params = {"label": match.group(1) or leaf.name.text, "target": match.group(2) + ("%" if rate else ""),
              "unit": "" if rate else match.group(3)}
    actual = quantity(leaf.cell("actual"))
    if actual is None or actual[1] != rate:
        return RuleSpec("completion", params, None)
    return RuleSpec("completion", params, {"actual": _pct(actual[0]) if rate else plain(actual[0])})


# 发生1次及以上安全责任事故的不得分 / 未发生安全责任事故的得满分，发生1次及以上不得分
_INCIDENT = re.compile(r"发生(?:1|一)(?:次|起|例|件|宗)(?:及|或)?以上([\u4e00-\u9fff]{2,20}?)?的?,?(?:本项|该项)?(?:不得分|得0分)")
_SPARED = re.compile(r"未发生([\u4e00-\u9fff]{2,20}?)的?,?得满分")


def _incident(leaf: Node, text: str, ctx: Context) -> RuleSpec | None:
    """An event that must not happen: full marks with none, nothing with one or more."""
    match = _INCIDENT.search(text)
    if match is None:
        return None
    spared = _SPARED.search(text)
    event = match.group(1) or (spared.group(1) if spared else "") or re.sub(r"(?:发生)?(?:次数|情况)$", "", leaf.name.text)
    actual = leaf.cell("actual").strip()
    count = quantity(actual)
    if count is not None and not count[1]:
        none_happened: bool | None = count[0] == ZERO
    elif actual.startswith(("无", "未发生", "没有")):
        none_happened = True
    else:
        none_happened = False if actual.startswith("发生") else None
    facts = None if none_happened is None else {"value": "是" if none_happened else "否",
                                                "reason": f"报告所列实际完成值：{actual}"}
    return RuleSpec("yes_no", {"question": f"未发生{event}"}, facts)


# 发现问题未按期整改的，每项扣1分，扣完为止
_PER_ITEM = re.compile(r"(?:发现|存在|出现)?([\u4e00-\u9fff]{2,24}?)的?,?每(?:项|个|次|处|起|条|例)扣" + NUM + "分")


def _per_item(leaf: Node, text: str, ctx: Context) -> RuleSpec | None:
    match = _PER_ITEM.search(text)
    if match is None or "百分点" in text:
        return None
    params = {"label": match.group(1), "per": match.group(2)}
    actual = leaf.cell("actual").strip()
    count = quantity(actual)
    if count is None or count[1] or count[0] != count[0].to_integral_value():
        return RuleSpec("per_item", params, None)
    facts: dict[str, Any] = {"count": int(count[0])}
    if count[0]:
        facts["reason"] = f"报告所列实际完成值：{actual}"
    return RuleSpec("per_item", params, facts)


# 达到90%(含)以上的得满分;80%(含)-90%的得80%分值;70%(含)-80%的得60%分值;低于70%的不得分
_TOP_BAND = re.compile(r"([\u4e00-\u9fff]{0,16}?)(?:达到|≥|>=)?" + NUM + r"%(?:\(含\))?(?:(?:及)?以上|-100%)的?得满分")
_BAND = re.compile(NUM + r"%(?:\(含\))?(?:-|~|至)" + NUM + r"%的?(?:\(不含\))?,?得(?:" + NUM + r"%(?:分值|的分值|权重分)|" + NUM + "分)")


def _bands(leaf: Node, text: str, ctx: Context) -> RuleSpec | None:
    top = _TOP_BAND.search(text)
    if top is None:
        return None
    bands = [{"from": top.group(2) + "%", "share": "100%"}]
    weight, below = leaf.weight or ZERO, Decimal(top.group(2))  # the lower bound of the band above
    for match in _BAND.finditer(text, top.end()):
        low, high, share, points = match.groups()
        if Decimal(high) != below or (share is None and not weight):
            return None  # a gap or an overlap between bands (or points of no weight): not a reading to trust
        bands.append({"from": low + "%", "share": share + "%" if share else _pct(Decimal(points) / weight)})
        below = Decimal(low)
    if len(bands) < 2:
        return None
    label = top.group(1) or leaf.name.text
    return _quantity_spec("bands", {"label": label, "bands": bands}, leaf, ctx, label)


def _checklist(leaf: Node, text: str, ctx: Context) -> RuleSpec | None:
    items = _items(text)
    weight = leaf.weight or ZERO
    if len(items) < 2 or sum((p for _, p in items), ZERO) != weight:
        return None
    gate = [CIRCLED.index(c) + 1 for c in _gate_marks(text)]
    params: dict[str, Any] = {"items": [_item(t, p) for t, p in items]}
    if gate:
        params["gate"] = gate
    answers, notes = _answers(leaf, items, gate, params["items"])
    facts: dict[str, Any] | None = None
    if answers is not None:
        facts = {"answers": answers}
        failed = {n: notes[0] for n, a in enumerate(answers, 1) if (a == "是") == bool(params["items"][n - 1].get("negated"))}
        if failed:
            facts["reasons"] = failed
    return RuleSpec("checklist", params, facts, notes=notes)


def _items(text: str) -> list[tuple[str, Decimal]]:
    """Items ①②③… in sequence; a mark out of sequence (a later "如不符合①") ends the list."""
    starts: list[int] = []
    for match in re.finditer(f"[{CIRCLED}]", text):
        if CIRCLED.index(match.group()) == len(starts):
            starts.append(match.start())
    if not starts:
        return []
    out = []
    for start, end in zip(starts, [*starts[1:], len(text)], strict=True):
        part = text[start + 1:end]
        points = re.search(r"\(" + NUM + r"分\)", part)
        if points is None:
            return []
        out.append((part[:points.start()].strip(" ;,。:"), Decimal(points.group(1))))
    return out


def _gate_marks(text: str) -> str:
    match = re.search(f"(?:如不符合|不满足|不符合)([{CIRCLED}、]+)[^。]{{0,12}}?(?:整体)?得0分", text)
    return re.sub(f"[^{CIRCLED}]", "", match.group(1)) if match else ""


def _item(text: str, points: Decimal) -> dict[str, Any]:
    item: dict[str, Any] = {"text": text, "points": plain(points)}
    if _negated(text):
        item["negated"] = True
    return item


def _negated(text: str) -> bool:
    """A statement that earns its points when false: "与…项目重复", "存在…情况"."""
    positive = any(w in text for w in ("不重复", "避免重复", "不存在", "无重复"))
    return not positive and ("重复" in text or text.startswith("存在"))


def _answers(leaf: Node, items: list[tuple[str, Decimal]], gate: list[int],
             params: list[dict[str, Any]]) -> tuple[list[str] | None, tuple[str, ...]]:
    """Answer each item's statement; failed items inferred from the 得分率 in 实际完成值. A worded
    actual says "all met" only when it repeats the benchmark or a word of success (充分, 有效…);
    anything else (基本合理) leaves the answers unknown rather than guessed."""
    actual, rate = leaf.cell("actual").strip(), quantity(leaf.cell("actual"))
    weight = leaf.weight or ZERO
    if rate is None or not rate[1]:
        if actual != leaf.cell("benchmark").strip() and (not actual or _yes(actual) is not True or "基本" in actual):
            return None, (f"实际完成值“{actual}”不是得分率，无法判断哪些评分要点符合",)
        rate = (ONE, True, "%")
    failed = _failed(items, gate, rate[0], weight) if rate[0] < ONE else ()
    if failed is None:
        return None, (f"实际完成值 {leaf.cell('actual')} 对应的失分无法由评分要点的分值组合得出",)
    answers = [("否" if p.get("negated") else "是") if n not in failed else ("是" if p.get("negated") else "否")
               for n, p in enumerate(params, 1)]
    note: tuple[str, ...] = ()
    if failed:
        marks = "、".join(CIRCLED[n - 1] for n in failed)
        note = (f"报告未写明失分要点，按实际完成值 {leaf.cell('actual')} 推定要点{marks}不符合",)
    return answers, note


def _failed(items: list[tuple[str, Decimal]], gate: list[int], rate: Decimal, weight: Decimal) -> tuple[int, ...] | None:
    """The fewest items whose loss leaves the stated 得分率 (as rounded in the report: 67% of 3 is 2);
    later items before earlier ones, gate items last (failing a gate would zero the indicator)."""
    numbers = [n for n in range(len(items), 0, -1) if n not in gate] + sorted(gate)
    places = max(0, -_exponent(rate * HUNDRED))
    quantum = Decimal(1).scaleb(-places)
    for size in range(1, len(items) + 1):
        for combo in itertools.combinations(numbers, size):
            kept = weight - sum((items[n - 1][1] for n in combo), ZERO)
            if weight and round_half_up(kept / weight * HUNDRED, quantum) == round_half_up(rate * HUNDRED, quantum):
                return tuple(sorted(combo))
    return None


def _exponent(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return exponent if isinstance(exponent, int) else 0


def _rate(leaf: Node, text: str, ctx: Context) -> RuleSpec | None:
    match = re.search(r"得分=([\u4e00-\u9fff]{1,24}?率)[*×xX](?:权重|分值|指标分值|满分)", text) or re.search(
        r"^([\u4e00-\u9fff]{1,16}?率)=\(?[^=]{2,60}?\)?[*×xX]100%", text)
    if match is None:
        return None
    label = match.group(1)
    if "及时率" in label:
        deadline = re.search(r"在([^=,;。]{2,24}?(?:内|前))(?:提交|完成|报送|上报)", text)
        params = {"label": label, "deadline": deadline.group(1) if deadline else leaf.cell("benchmark") or "规定期限内"}
        return _quantity_spec("timeliness", params, leaf, ctx, label)
    return _quantity_spec("rate", {"label": label}, leaf, ctx, label)


def _yes_no(leaf: Node, text: str, ctx: Context) -> RuleSpec | None:
    match = re.search(r"([^;。①②③]{2,60}?),?得满分,?否则(?:不得分|得0分)", text)
    if match is None:
        return None
    actual = leaf.cell("actual").strip()
    rate = quantity(actual)
    if rate is not None and rate[1]:
        value: bool | None = rate[0] >= ONE if rate[0] in (ZERO, ONE) or rate[0] > ONE else None
    else:
        value = _yes(actual)
    facts = None if value is None else {"value": "是" if value else "否", "reason": f"报告所列实际完成值：{actual}"}
    return RuleSpec("yes_no", {"question": match.group(1)}, facts)


def _yes(text: str) -> bool | None:
    if not text:
        return None
    if text.startswith(NO):
        return False
    return True if any(w in text for w in YES) else None


def _quantity_spec(kind: str, params: dict[str, Any], leaf: Node, ctx: Context, label: str) -> RuleSpec:
    """A rule scored from one rate: bound to the funds when it is one of theirs, else the actual."""
    measure = next((m for word, m in MEASURES.items() if word in label or word in leaf.name.text), None)
    if measure is not None and ctx.funds_known:
        return RuleSpec(kind, params, None, measure)
    actual = quantity(leaf.cell("actual"))
    if actual is not None and actual[1]:
        notes = (f"报告未列明金额，按评分表所列{label} {leaf.cell('actual')} 复算",) if measure else ()
        return RuleSpec(kind, params, {"actual": _pct(actual[0])}, notes=notes)
    stated = _stated_in_text(ctx.figures, (label, leaf.name.text))
    if stated is None:
        return RuleSpec(kind, params, None)
    note = f"评分表的实际完成值“{leaf.cell('actual')}”不是比率，采用正文所述“{stated.quote}”（{stated.source}）"
    return RuleSpec(kind, params, {"actual": _pct(stated.value)}, notes=(note,))


def _stated_in_text(figures: Sequence[Figure], labels: tuple[str, ...]) -> Figure | None:
    for figure in figures:
        if figure.origin == "text" and figure.is_rate and len(figure.label) >= 4 and any(
                label.endswith(trim_label(figure.label)) or trim_label(figure.label).endswith(label)
                for label in labels if label):
            return figure
    return None


def _label_before(text: str, marks: tuple[str, ...]) -> str:
    match = re.search(r"([\u4e00-\u9fff]{2,16}率)(?:" + "|".join(re.escape(m) for m in marks) + ")", text)
    return match.group(1) if match else ""


def _pct(value: Decimal) -> str:
    return plain(value * HUNDRED) + "%"


RECOGNISERS: tuple[Recogniser, ...] = (_satisfaction, _threshold, _overrun, _bands, _completion, _checklist, _rate,
                                       _incident, _per_item, _yes_no)

