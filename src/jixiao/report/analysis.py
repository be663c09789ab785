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
from .model import Bar, Block, Chart, Heading, Paragraph
from .tables import counts_table, unscored_reason, unscored_table, waiting
from .text import listing, sentence

# Which 一级 indicator a narrative analysis text belongs to: its key and a word of the name.
PART_TEXTS = (("decision", "决策"), ("management", "管理"), ("output", "产出"), ("benefit", "效益"))
CHINESE_NUMBERS = "一二三四五六七八九十"


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


def indicator_analysis(result: Result) -> list[Block]:
    blocks: list[Block] = []
    for n, root in enumerate(result.roots, 1):
        blocks.append(Heading(f"{n}. {root.indicator.name}", 3))
        blocks.extend(_root_analysis(root, result.project))
    return blocks


def _root_analysis(root: Scored, project: Project) -> list[Block]:
    names = listing([c.indicator.name for c in root.children])
    scored = f"得 {pts(root.score)} 分，得分率 {percent(root.rate)}。"
    blocks: list[Block] = [Paragraph(
        f"该部分主要考察{names}等方面情况，满分 {plain(root.weight)} 分，{_unfinished(root) or scored}")]
    told = _narrative_for(root, project)
    if told:
        blocks.append(Paragraph(sentence(told)))
    for n, child in enumerate(root.children, 1):
        blocks.append(Heading(f"（{n}）{child.indicator.name}", 4))
        blocks.extend(_child_analysis(child, project))
    return blocks


def _narrative_for(root: Scored, project: Project) -> str:
    for key, word in PART_TEXTS:
        if word in root.indicator.name:
            return project.narrative.texts.get(key, "")
    return ""


def _child_analysis(child: Scored, project: Project) -> list[Block]:
    scored = f"得 {pts(child.score)} 分。"
    blocks: list[Block] = [Paragraph(f"满分 {plain(child.weight)} 分，{_unfinished(child) or scored}")]
    table = counts_table(child, project)
    if table is not None:
        blocks.append(Paragraph(f"{child.indicator.name}具体完成情况如下表："))
        blocks.append(table)
    leaves = [s for s in child.walk() if not s.children]
    blocks.extend(_leaf_paragraph(leaf, project) for leaf in leaves)
    return blocks


def _unfinished(node: Scored) -> str:
    """What a part says in place of its score while leaves under it wait; "" when it has a score."""
    missing = len(waiting(node))
    return f"其中 {missing} 项指标尚未评分，暂不计得分。" if missing else ""


def _leaf_paragraph(leaf: Scored, project: Project) -> Paragraph:
    """One leaf: score, actual, how it was measured, the evaluator's note, and every lost point."""
    if waiting(leaf):
        return _unscored_paragraph(leaf, project)
    parts = [f"得 {pts(leaf.score)} 分（满分 {plain(leaf.weight)} 分）"]
    if leaf.actual:
        parts.append(f"实际完成值 {leaf.actual}")
    if leaf.indicator.measure is not None and leaf.measured is not None and leaf.measured.how:
        parts.append(leaf.measured.how)  # a funds formula reads well in a report; record trails do not
    text = "，".join(parts) + "。"
    fact = project.facts.get(leaf.indicator.name)
    if fact is not None and fact.note:
        text += sentence(fact.note)
    if leaf.score < leaf.weight or leaf.override is not None:
        text += _loss_text(leaf)
    return Paragraph(text, lead=f"{leaf.indicator.name}：")


def _unscored_paragraph(leaf: Scored, project: Project) -> Paragraph:
    """A leaf not scored yet: why, the evaluator's note, and the criterion it will be scored by."""
    text = f"未评分（满分 {plain(leaf.weight)} 分），{sentence(unscored_reason(leaf, project))}"
    fact = project.facts.get(leaf.indicator.name)
    if fact is not None and fact.note:
        text += sentence(fact.note)
    if leaf.indicator.criterion:
        text += f"评分标准：{sentence(leaf.indicator.criterion)}"
    return Paragraph(text, lead=f"{leaf.indicator.name}：")


def _loss_text(leaf: Scored) -> str:
    """The criterion, then each deduction, override or scoring problem as the scorer explained it."""
    criterion = leaf.indicator.criterion
    why = [line for line in leaf.explanation if line.startswith(("扣", "评价人调整", "缺少事实", "无法计分"))]
    why.extend(note for note in (leaf.evaluation.notes if leaf.evaluation else ()) if note not in why)
    text = f"评分标准：{sentence(criterion)}" if criterion else ""
    return text + "".join(sentence(line) for line in why)


def chinese_number(n: int) -> str:
    """一 … 十, for the outline's 一、 and （一） headings."""
    return CHINESE_NUMBERS[n - 1] if 0 < n <= len(CHINESE_NUMBERS) else str(n)
