"""Section 三 of the report: the conclusion, the chart, and the analysis of every indicator.

All of it is written from the scored result. The evaluator's own analysis of a part
(narrative ``decision``/``management``/``output``/``benefit``) follows the generated text of the
一级 indicator it speaks of; each lost point is explained by the criterion and the deduction.
A draft's conclusion (:func:`draft_conclusion`) states no total, grade or chart: it lists what
the evaluation still waits for, and every part over a leaf not scored yet says so instead of a sum.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from ..model import Project
from ..numbers import ZERO, percent, plain, pts
from ..score import Result, Scored
from ..wording import Wording
from .model import Bar, Block, Chart, Heading, Paragraph
from .tables import count_targets, counts_table, same_value, source_of, unscored_reason, unscored_table, waiting
from .text import listing, sentence, wording_for

# Which 一级 indicator a narrative analysis text belongs to: its key and a word of the name.
PART_TEXTS = (("decision", "决策"), ("management", "管理"), ("output", "产出"), ("benefit", "效益"))
CHINESE_NUMBERS = "一二三四五六七八九十"
QUOTED_AT_MOST = 40  # a lost point quotes a criterion this short; a longer one is in the appendix


def conclusion(result: Result) -> list[Block]:
    parts = "－".join(r.indicator.name for r in result.roots)
    lines: list[Block] = [
        Paragraph(f"绩效评价小组按照“{parts}”分类设计评价指标体系，对项目进行量化打分。经过数据分析，"
                  f"该项目综合得分为 {pts(result.total)} 分，评价等级为“{result.grade}”。"),
        Paragraph("其中，" + "，".join(_share_text(r) for r in result.roots) + "。"),
    ]
    lost = [s for s in result.leaves() if s.score < s.weight]
    if lost:
        items = "，".join(f"{s.indicator.name}扣 {pts(s.weight - s.score)} 分" for s in lost)
        lines.append(Paragraph(f"共扣 {pts(_lost_total(result))} 分：{items}。各项失分原因见下文指标分析。"))
    lines.append(score_chart(result))
    return lines


def _lost_total(result: Result) -> Decimal:
    return sum((r.weight - r.score for r in result.roots), ZERO)


def _share_text(node: Scored) -> str:
    missing = len(waiting(node))
    if missing:
        return f"{node.indicator.name}尚未完成（满分 {plain(node.weight)} 分，{missing} 项指标未评分）"
    return f"{node.indicator.name}得 {pts(node.score)} 分（满分 {plain(node.weight)} 分，得分率 {percent(node.rate)}）"


def draft_conclusion(result: Result, problems: Sequence[str]) -> list[Block]:
    """The conclusion of an evaluation not finished: no total, no grade, no chart (a rate over a
    leaf scored 0 for want of facts is none); the parts that are scored, the points lost among
    them, the table of leaves not scored yet and the other ``problems`` to put right."""
    parts = "－".join(r.indicator.name for r in result.roots)
    lines: list[Block] = [
        Paragraph(f"绩效评价小组按照“{parts}”分类设计评价指标体系，对项目进行量化打分。"
                  "评价尚未完成，暂不计总分和等级。"),
        Paragraph("其中，" + "，".join(_share_text(r) for r in result.roots) + "。"),
    ]
    lost = [s for s in result.leaves() if not waiting(s) and s.score < s.weight]
    if lost:
        items = "，".join(f"{s.indicator.name}扣 {pts(s.weight - s.score)} 分" for s in lost)
        lines.append(Paragraph(f"已评分的指标中，{items}。各项失分原因见下文指标分析。"))
    if result.unscored:
        lines.append(Paragraph(f"以下 {len(result.unscored)} 项指标尚未评分，补充有效的事实后重新计分："))
        lines.append(unscored_table(result))
    if problems:
        besides = "另" if result.unscored else ""
        lines.append(Paragraph(f"项目文件中{besides}有 {len(problems)} 处问题待修正："))
        lines.extend(Paragraph(f"（{n}）{sentence(p)}") for n, p in enumerate(problems, 1))
    return lines


def score_chart(result: Result) -> Chart:
    bars = []
    for root in result.roots:
        bars.append(_bar(root, 1))
        bars.extend(_bar(child, 2) for child in root.children)
    return Chart("各级指标得分率", tuple(bars))


def _bar(node: Scored, level: int) -> Bar:
    note = f"{pts(node.score)}/{plain(node.weight)}（{percent(node.rate)}）"
    return Bar(node.indicator.name, node.rate, level, note)


def indicator_analysis(result: Result, wording: Wording | None = None) -> list[Block]:
    """Per 一级 what it examines and its score; per 二级 one paragraph as an evaluator writes it:
    the evaluator's analysis, what was found and where it came from, then the verdict, which
    sums up the leaves at full marks and names each lost point with its reason."""
    say = wording or wording_for(result.project)
    blocks: list[Block] = []
    for n, root in enumerate(result.roots, 1):
        blocks.append(Heading(f"{n}. {root.indicator.name}", 3))
        blocks.extend(_root_analysis(root, result.project, say))
    return blocks


def _root_analysis(root: Scored, project: Project, say: Wording) -> list[Block]:
    names = listing([c.indicator.name for c in root.children])
    missing = len(waiting(root))
    intro = (say.say("root_waiting", children=names, weight=plain(root.weight), waiting=missing) if missing else
             say.say("root_intro", children=names, weight=plain(root.weight), score=pts(root.score),
                     rate=percent(root.rate)))
    blocks: list[Block] = [Paragraph(intro)]
    told = _narrative_for(root, project)
    if told:
        blocks.append(Paragraph(sentence(told)))
    for n, child in enumerate(root.children, 1):
        blocks.append(Heading(f"（{n}）{child.indicator.name}", 4))
        blocks.extend(_child_analysis(child, project, say))
    return blocks


def _narrative_for(root: Scored, project: Project) -> str:
    """The evaluator's analysis of a 一级: by its name, or by the part it is (决策 → decision)."""
    told = project.narrative.analysis.get(root.indicator.name, "")
    if told:
        return told
    for key, word in PART_TEXTS:
        if word in root.indicator.name:
            return project.narrative.texts.get(key, "")
    return ""


def _child_analysis(child: Scored, project: Project, say: Wording) -> list[Block]:
    """A table (when the part has planned counts) introduced, then one paragraph: not the table again."""
    leaves = [s for s in child.walk() if not s.children]
    table = counts_table(child, project)
    tabled = {id(leaf) for leaf, _, _ in count_targets(child, project)} if table is not None else set()
    told = sentence(project.narrative.analysis.get(child.indicator.name, ""))
    found = [(leaf, _told(leaf, project, say) if id(leaf) in tabled else _finding(leaf, project, say))
             for leaf in leaves if not waiting(leaf)]
    found = [(leaf, text) for leaf, text in found if text or id(leaf) not in tabled]  # the table says the rest
    named = not tabled and bool(found) and all(text for _, text in found) and len(found) == len(leaves)
    said, verdict = told + _findings_text(found, say), _verdict(child, leaves, say, named)
    text = (said.rstrip("。") if verdict.startswith("，") else said) + verdict  # 甲为 100%，符合…
    blocks: list[Block] = []
    if table is not None:
        blocks += [Paragraph(say.say("table_intro", part=child.indicator.name)), table]
    blocks.append(Paragraph(text))
    blocks.extend(_unscored_paragraph(leaf, project) for leaf in leaves if waiting(leaf))
    return blocks


def _findings_text(found: list[tuple[Scored, str]], say: Wording) -> str:
    """The findings in order, consecutive plain values that are equal said once (甲、乙均为 100%)."""
    out: list[str] = []
    run: list[Scored] = []

    def flush() -> None:
        if len(run) > 1:
            out.append(say.say("values", names=listing([s.indicator.name for s in run]), actual=run[0].actual))
        elif run:
            out.append(say.say("value", name=run[0].indicator.name, actual=run[0].actual))
        run.clear()

    for leaf, text in found:
        if text == say.say("value", name=leaf.indicator.name, actual=leaf.actual):
            if run and run[0].actual != leaf.actual:
                flush()
            run.append(leaf)
            continue
        flush()
        if text:
            out.append(text)
    flush()
    return "".join(sentence(line) for line in out)


def _finding(leaf: Scored, project: Project, say: Wording) -> str:
    """What was found for one leaf, and where its actual came from when it differs from the unit's."""
    fact = project.facts.get(leaf.indicator.name)
    told = _told(leaf, project, say)
    stated = fact.stated if fact is not None else ""
    if stated and not same_value(stated, leaf.actual):
        return sentence(told) + say.say("stated", name=leaf.indicator.name, source=_source(leaf, project, say),
                                        actual=leaf.actual, stated=stated)
    if told:
        return told
    if leaf.evaluation is not None and leaf.evaluation.finding:
        return leaf.evaluation.finding
    if leaf.measured is not None and leaf.measured.how and leaf.indicator.measure is not None:
        how = leaf.measured.how.split(" = ", 1)[-1].rsplit(" = ", 1)[0]  # the operands, not the result again
        return say.say("measured", name=leaf.indicator.name, actual=leaf.actual, how=how)
    if _quantitative(leaf):
        return say.say("value", name=leaf.indicator.name, actual=leaf.actual)
    return ""


def _told(leaf: Scored, project: Project, say: Wording) -> str:
    """The evaluator's own words on a leaf: its analysis, else its note, named."""
    own = project.narrative.analysis.get(leaf.indicator.name, "")
    fact = project.facts.get(leaf.indicator.name)
    note = fact.note if fact is not None else ""
    return own or (say.say("noted", name=leaf.indicator.name, note=note) if note else "")


def _quantitative(leaf: Scored) -> bool:
    """A leaf scored on one measured value (a count, a rate), whose actual reads as a finding."""
    return bool(leaf.actual) and (leaf.measured is not None or leaf.shown is not None)


def _source(leaf: Scored, project: Project, say: Wording) -> str:
    return say.say(f"source_{source_of(leaf, project)}")


def _verdict(child: Scored, leaves: list[Scored], say: Wording, named: bool) -> str:
    """Leaves at full marks summed up (by count alone when every one's finding was ``named`` just
    before); each lost point named with the reason the scorer gave."""
    scored = [leaf for leaf in leaves if not waiting(leaf)]
    full = [leaf for leaf in scored if leaf.score >= leaf.weight and leaf.override is None]
    lost = [leaf for leaf in scored if leaf not in full]
    missing = len(leaves) - len(scored)
    if missing:
        text = say.say("part_waiting", weight=plain(child.weight), waiting=missing)
    elif not lost and named:
        key = "part_full_named_one" if len(full) == 1 else "part_full_named_many"
        return say.say(key, count=len(full), weight=plain(child.weight))
    elif not lost:
        key = "part_full_one" if len(full) == 1 else "part_full_many"
        return say.say(key, leaves=_names(full), count=len(full), weight=plain(child.weight))
    else:
        text = say.say("part_scored", weight=plain(child.weight), score=pts(child.score))
    if full and lost:
        text += say.say("full_leaves", leaves=_names(full), count=len(full))
    items = [say.say("lost_leaf", name=leaf.indicator.name, lost=pts(leaf.weight - leaf.score), why=_why(leaf))
             for leaf in lost]
    return text + "；".join(items).rstrip("。；") + ("。" if items else "")


def _names(leaves: list[Scored]) -> str:
    """Up to three names in full; more, the first and 等 (the count follows in the template)."""
    names = [leaf.indicator.name for leaf in leaves]
    return listing(names) if len(names) <= 3 else f"{names[0]}等"


def _why(leaf: Scored) -> str:
    """The deductions as the scorer explained them; without any, the criterion and the working."""
    evaluation = leaf.evaluation
    criterion = leaf.indicator.criterion.rstrip("。")
    quoted = f"按评分标准“{criterion}”，" if criterion and len(criterion) <= QUOTED_AT_MOST else ""
    why = [d.reason for d in evaluation.deductions] if evaluation is not None else []
    if not why and evaluation is not None:
        why.append(f"实际完成值 {leaf.actual}，{evaluation.formula}")
    if why:
        why[0] = quoted + why[0]
    if leaf.override is not None:
        why.append(f"评价人将计算得分 {pts(leaf.computed or ZERO)} 分调整为 {pts(leaf.score)} 分，理由：{leaf.override.reason}")
    why.extend(note for note in (evaluation.notes if evaluation else ()) if note not in why)
    return "；".join(w.rstrip("。") for w in why)


def _unscored_paragraph(leaf: Scored, project: Project) -> Paragraph:
    """A leaf not scored yet: why, the evaluator's note, and the criterion it will be scored by."""
    text = f"未评分（满分 {plain(leaf.weight)} 分），{sentence(unscored_reason(leaf, project))}"
    fact = project.facts.get(leaf.indicator.name)
    if fact is not None and fact.note:
        text += sentence(fact.note)
    if leaf.indicator.criterion:
        text += f"评分标准：{sentence(leaf.indicator.criterion)}"
    return Paragraph(text, lead=f"{leaf.indicator.name}：")


def chinese_number(n: int) -> str:
    """一 … 十, for the outline's 一、 and （一） headings."""
    return CHINESE_NUMBERS[n - 1] if 0 < n <= len(CHINESE_NUMBERS) else str(n)
