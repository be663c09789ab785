"""Random projects for the round-trip law: frameworks of random shape and size, leaves of every
rule kind with random parameters and facts, names long enough to wrap and tables long enough to
span pages, with or without a cover and contents. Each project is written as a project file (YAML text), as a user would write it."""

from __future__ import annotations

import json
from dataclasses import dataclass

from hypothesis import strategies as st

# Characters of indicator names; a name is 4 to 40 of them, so some wrap in every format.
NAME_CHARS = "系统运维巡检报告培训服务管理项目资金设施工程道路农田教育医疗卫生环境保护监测检查宣传社区街道群众安全"
UNITS = ("次", "个", "人次", "期", "份", "公里")


@dataclass(frozen=True)
class Leaf:
    name: str
    weight: int
    rule: dict[str, object]
    facts: dict[str, object]


def _flow(value: object) -> str:
    """A value as one line of YAML (JSON is YAML; text is quoted so 是/否 and 98% stay text)."""
    return json.dumps(value, ensure_ascii=False)


@st.composite
def leaf_rule(draw: st.DrawFn, weight: int) -> tuple[dict[str, object], dict[str, object]]:
    kind = draw(st.sampled_from(("completion", "rate", "threshold", "overrun", "checklist", "yes_no", "timeliness",
                                 "satisfaction", "tiers", "reverse", "equality")))
    if kind == "completion":
        target = draw(st.integers(1, 400))
        return ({"kind": kind, "label": "完成数量", "target": target, "unit": draw(st.sampled_from(UNITS))},
                {"actual": draw(st.integers(0, target + target // 5))})
    if kind == "rate":
        return {"kind": kind, "label": "验收合格率"}, {"actual": f"{draw(st.integers(800, 1000)) / 10}%"}
    if kind == "threshold":
        return ({"kind": kind, "label": "任务完成率", "full_at": "95%", "per": "1%", "deduct": "0.5", "partial": "up"},
                {"actual": f"{draw(st.integers(850, 1000)) / 10}%"})
    if kind == "overrun":
        return ({"kind": kind, "label": "经费使用率", "full_at": "100%", "deduct": "0.5"},
                {"actual": f"{draw(st.integers(900, 1080)) / 10}%"})
    if kind == "checklist":
        count = draw(st.integers(2, min(4, weight))) if weight >= 2 else 1
        points = [weight // count] * (count - 1) + [weight - (weight // count) * (count - 1)]
        items = [{"text": f"第{i + 1}项要点符合要求", "points": p} for i, p in enumerate(points)]
        answers = draw(st.lists(st.sampled_from(("是", "否")), min_size=count, max_size=count))
        reasons = {str(i + 1): "该要点资料不全" for i, a in enumerate(answers) if a == "否"}
        return {"kind": kind, "items": items}, {"answers": answers, **({"reasons": reasons} if reasons else {})}
    if kind == "yes_no":
        value = draw(st.sampled_from(("是", "否")))
        return {"kind": kind, "question": "项目实施达到预期效果"}, {"value": value, "reason": "据工作总结"}
    if kind == "timeliness":
        due = draw(st.integers(1, 24))
        return ({"kind": kind, "label": "报告提交及时率", "deadline": "次月10日前"},
                {"on_time": draw(st.integers(0, due)), "due": due})
    if kind == "satisfaction":
        return ({"kind": kind, "label": "服务对象满意度", "presumed": "90%", "per_complaint": "0.5%"},
                {"survey": "否", "complaints": draw(st.integers(0, 6))})
    if kind == "tiers":
        tier, low, high = draw(st.sampled_from((("达成", 8, 10), ("部分达成", 6, 8), ("未达成", 0, 6))))
        points = draw(st.integers(low * weight, high * weight)) / 10
        return {"kind": kind}, {"tier": tier, "points": points, "reason": "据实地核查"}
    target = draw(st.integers(2, 50))
    actual = draw(st.integers(1, target * 2))
    return {"kind": kind, "target": target, "unit": "小时"}, {"actual": actual}


@st.composite
def leaves(draw: st.DrawFn) -> list[Leaf]:
    count = draw(st.integers(3, 22))
    weights = draw(st.lists(st.integers(1, max(1, 100 // count)), min_size=count - 1, max_size=count - 1))
    weights.append(100 - sum(weights))
    out = []
    used: set[str] = set()
    for weight in weights:
        name = draw(st.text(NAME_CHARS, min_size=4, max_size=40))
        while name in used:
            name += "率"
        used.add(name)
        rule, facts = draw(leaf_rule(weight))
        out.append(Leaf(name, weight, rule, facts))
    return out


@st.composite
def projects(draw: st.DrawFn) -> str:
    """A project file: its leaves grouped into 一级 and 二级 of random sizes."""
    items = draw(leaves())
    groups = draw(st.lists(st.integers(1, 4), min_size=len(items), max_size=len(items)))
    lines = ["jixiao: 1", "project: {name: 随机项目, department: 某区某局, year: 2024, evaluator: 某评价机构}",
             "funds: {budget: 100, arrived: 100, spent: 95}", "framework:", "  name: random", "  title: 随机指标体系",
             "  indicators:"]
    position = 0
    for first in range(0, len(items), 6):
        block = items[first:first + 6]
        lines += [f"    - name: 一级指标{first // 6 + 1}", f"      weight: {sum(x.weight for x in block)}", "      children:"]
        while block:
            size = min(groups[position], len(block))
            part, block = block[:size], block[size:]
            position += 1
            lines += [f"        - name: 二级指标{position}", f"          weight: {sum(x.weight for x in part)}",
                      "          children:"]
            lines += [f"            - {{name: {_flow(x.name)}, weight: {x.weight}, rule: {_flow(x.rule)}}}" for x in part]
    lines.append("facts:")
    lines += [f"  {_flow(x.name)}: {_flow(x.facts)}" for x in items]
    if draw(st.booleans()):  # half the time a cover, and contents that repeat the headings
        lines.append("report: {cover: true, contents: true, number: 随机评〔2024〕1号}")
    return "\n".join(lines) + "\n"
