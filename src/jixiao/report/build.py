"""The evaluation report (绩效评价报告) as a :class:`~jixiao.report.model.Document`.

The outline is the one such reports use (一、基本情况 … 六、相关建议和整改措施, 附件 评分表).
Figures and the sentences around them are generated from the scored result; the evaluator's own
text comes from the project file's ``narrative`` and is placed where it belongs. A missing text
becomes a visible placeholder and a ``narrative-missing`` warning, so nothing is silently dropped.

An evaluation that is not finished (a leaf not scored yet, or an error the caller passes in) is
written as a draft, marked 征求意见稿: it states no total and no grade, says so at the top and in
its conclusion, and lists every leaf not scored and every other problem to put right.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..diagnostics import INCOMPLETE, Diagnostic, Severity
from ..measures import MEASURES
from ..model import NARRATIVE_TEXTS, Project
from ..numbers import amount
from ..rules.base import RuleError
from ..score import Result
from .analysis import chinese_number, conclusion, draft_conclusion, indicator_analysis
from .model import Block, Chart, Contents, Cover, Document, Heading, PageBreak, Paragraph, Signature, Table
from .tables import goals_table, scoring_table
from .text import date_text, lines, listing, month_text, placeholder, report_title, sentence, subject

DRAFT = "征求意见稿"
NAMED_AT_MOST = 8  # leaves not scored that a draft's first paragraph names

# Regulatory boilerplate every such report cites; used when the project file gives none.
DEFAULT_BASIS = (
    "《中华人民共和国预算法》",
    "《中共中央国务院关于全面实施预算绩效管理的意见》（中发〔2018〕34号）",
    "《项目支出绩效评价管理办法》（财预〔2020〕10号）",
    "项目预算文件、绩效目标、工作总结、计划、部门相关制度等相关资料",
)
DEFAULT_PRINCIPLES = (
    "相关性原则。与绩效目标有直接联系，能够恰当反映目标的实现程度。",
    "重要性原则。优先使用最具代表性、最能反映评价要求的核心指标。",
    "可比性原则。设定同类评价对象需设定的共性绩效评价指标，以便评价结果相互比较。",
    "系统性原则。将定量指标与定性指标相结合，系统反映项目在投入、管理和产出等方面实施情况，以及绩效目标的完成情况。",
)


@dataclass(frozen=True, slots=True)
class Built:
    document: Document
    diagnostics: tuple[Diagnostic, ...]


class _Writer:
    """Collects the blocks and the warnings of one report while its sections are written."""

    def __init__(self, result: Result, problems: tuple[str, ...]) -> None:
        self.result = result
        self.project: Project = result.project
        self.problems = problems  # what else is wrong, in a draft (see _other_problems)
        self.final = result.complete and not problems
        self.blocks: list[Block] = []
        self.diags: list[Diagnostic] = []

    def add(self, *blocks: Block) -> None:
        self.blocks.extend(blocks)

    def text(self, key: str) -> str:
        """The narrative text ``key``; a placeholder and a warning when it was not written."""
        told = self.project.narrative.texts.get(key, "")
        if told:
            return told
        label = NARRATIVE_TEXTS[key]
        self.diags.append(Diagnostic("narrative-missing", f"评价报告的“{label}”没有内容", self.project.source,
                                     f"在项目文件的 narrative 下填写 {key}（{label}）", Severity.WARNING))
        return placeholder(label)

    def paragraphs(self, key: str) -> None:
        self.add(*(Paragraph(sentence(line)) for line in lines(self.text(key))))

    def numbered(self, items: list[str]) -> None:
        self.add(*(Paragraph(f"（{n}）{sentence(item)}") for n, item in enumerate(items, 1)))


def build_report(result: Result, problems: Sequence[Diagnostic] = (), date: dt.date | None = None) -> Built:
    """The whole evaluation report of a scored project. ``problems`` are the diagnostics of the
    run that scored it: an error among them, or a leaf not scored, makes the report a draft.
    ``date`` is the report's date (成文日期); when not given, the project file's ``report.date``,
    else today. The project file's ``report:`` asks for a cover page and a table of contents."""
    w = _Writer(result, _other_problems(result, problems))
    if not w.final:
        w.add(Paragraph(_draft_notice(w), lead="说明："))
    w.add(Paragraph(_intro(result.project)))
    for n, (title, section) in enumerate(SECTIONS, 1):
        w.add(Heading(f"{chinese_number(n)}、{title}", 1))
        section(w)
    day = date or result.project.report.date or dt.date.today()
    appendices = _appendices(w)
    w.add(*_appendix_note([name for name, _ in appendices]))
    w.add(Signature(result.project.info.evaluator, date_text(day)))
    _appendix(w, appendices)
    info, plan = result.project.info, result.project.report
    doc = Document(report_title(result.project), _numbered(w.blocks), stem=_stem(result.project, w.final),
                   draft="" if w.final else DRAFT, author=info.evaluator or info.department, date=day,
                   cover=_cover(result.project, day) if plan.cover else None,
                   contents=Contents() if plan.contents else None)
    return Built(doc, tuple(w.diags))


def _cover(project: Project, day: dt.date) -> Cover:
    """The cover's particulars: the report's number when it has one, the project and its unit
    (项目单位, a label the importers read), who commissioned the evaluation when the file says, the
    evaluating body (a line to sign by hand when not named, as the signature's) and the date. The
    number is a line under the title, not a line above it: a PDF's text reader would join it to
    the title, and the title is where readers find the project's name."""
    info, plan = project.info, project.report
    lines = [("报告编号", plan.number)] if plan.number else []
    lines += [("项目名称", info.name), ("项目单位", info.department)]
    lines += [("委托单位", plan.commissioner)] if plan.commissioner else []
    lines += [("评价机构", info.evaluator or Signature.BLANK), ("报告日期", date_text(day))]
    return Cover(tuple(lines))


def _other_problems(result: Result, problems: Sequence[Diagnostic]) -> tuple[str, ...]:
    """The errors a draft lists besides its leaves not scored (which its table names already),
    each once, in the order found."""
    waiting = [f"“{leaf.indicator.name}”" for leaf in result.unscored]
    found = (d.message for d in problems if d.severity is Severity.ERROR and d.code not in INCOMPLETE)
    return tuple(dict.fromkeys(m for m in found if not any(name in m for name in waiting)))


def _draft_notice(w: _Writer) -> str:
    """The draft's first line: not finished, no total or grade, and what it waits for."""
    text = f"本稿为{DRAFT}，评价尚未完成，暂不计总分和等级。"
    unscored = [leaf.indicator.name for leaf in w.result.unscored]
    if len(unscored) > NAMED_AT_MOST:  # the table of section 三 lists them all
        text += f"尚未评分的指标有{listing(unscored[:NAMED_AT_MOST])}等 {len(unscored)} 项（见“尚未评分的指标”表）。"
    elif unscored:
        text += f"尚未评分的指标（{len(unscored)} 项）：{listing(unscored)}。"
    if w.problems:
        besides = "另" if unscored else ""
        text += f"项目文件中{besides}有 {len(w.problems)} 处问题待修正（见“三、综合评价结论与指标分析”）。"
    return text


def _stem(project: Project, final: bool = True) -> str:
    """The file name of the report: 项目名称 + 年度 + 绩效评价报告, and （征求意见稿） on a draft."""
    year = f"{project.info.year}年度" if project.info.year else ""
    marked = "" if final else f"（{DRAFT}）"
    return re.sub(r'[\\/:*?"<>|]', "_", f"{project.info.name}{year}绩效评价报告{marked}")  # no path separators


def _intro(project: Project) -> str:
    year = f"{project.info.year}年度" if project.info.year else ""
    who = project.info.evaluator or "绩效评价小组"
    return (f"为贯彻落实《中共中央国务院关于全面实施预算绩效管理的意见》等相关要求，{who}对{subject(project)}"
            f"“{project.info.name}”项目{year}支出实施绩效评价，通过梳理项目情况，形成报告如下：")


def _basics(w: _Writer) -> None:
    w.add(Heading("（一）项目背景", 2))
    w.paragraphs("background")
    w.add(Heading("（二）项目概况", 2))
    w.paragraphs("overview")
    w.add(Heading("（三）项目资金管理情况", 2), Heading("1. 资金来源", 3))
    origin = w.project.funds.origin
    w.add(Paragraph(f"项目资金来源于{sentence(origin)}" if origin else placeholder("资金来源（funds.origin）")))
    w.add(Heading("2. 资金投入与使用", 3), Paragraph(funds_text(w.project)))
    w.add(Heading("（四）项目目标", 2), Heading("1. 项目总目标", 3))
    w.paragraphs("overall_goal")
    w.add(Heading("2. 年度绩效目标及实现情况", 3))
    w.paragraphs("annual_goal")
    if w.project.goals:
        year = f"{w.project.info.year}年，" if w.project.info.year else ""
        w.add(Paragraph(f"{year}本项目绩效目标具体完成情况如下表："), goals_table(w.result))


def funds_text(project: Project) -> str:
    """资金投入与使用: budget, arrival, spending and the rates computed from them; an amount not
    filled in yet is said to be so (未填写), never printed as 0.00."""
    funds = project.funds
    text = (f"{subject(project)}申报年初预算{_amount(funds.budget)}，实际到位资金{_amount(funds.arrived)}"
            f"{_rate('arrival_rate', project)}。")
    as_of = f"截至{date_text(funds.as_of)}，" if funds.as_of else ""
    return text + f"{as_of}本项目实际支付金额{_amount(funds.spent)}{_rate('execution_rate', project)}。"


def _amount(value: Decimal | None) -> str:
    return f" {amount(value)} 万元" if value is not None else "（未填写）"


def _rate(name: str, project: Project) -> str:
    measure = MEASURES[name]
    try:
        return f"，{measure.label}为 {measure.compute(project.funds).show()}"
    except RuleError:  # nothing budgeted or arrived, or not filled in: the rate is undefined, so the report omits it
        return ""


def _conduct(w: _Writer) -> None:
    w.add(Heading("（一）绩效评价目的、对象和范围", 2), Heading("1. 评价目的", 3))
    w.paragraphs("purpose")
    w.add(Heading("2. 评价对象和范围", 3))
    if "scope" in w.project.narrative.texts:
        w.paragraphs("scope")
    else:
        _generated_scope(w)
    w.add(Heading("（二）绩效评价依据、原则、方法", 2), Heading("1. 评价依据", 3))
    w.numbered(lines(w.project.narrative.texts.get("basis", "")) or list(DEFAULT_BASIS))
    w.add(Heading("2. 评价原则", 3))
    w.numbered(lines(w.project.narrative.texts.get("principles", "")) or list(DEFAULT_PRINCIPLES))
    w.add(Heading("3. 评价方法", 3))
    w.numbered(lines(w.text("methods")))
    w.add(Heading("4. 评价实施过程", 3))
    w.paragraphs("process")
    w.add(Paragraph(_grades_text(w.project)))


def _generated_scope(w: _Writer) -> None:
    info = w.project.info
    period = ""
    if info.period_start and info.period_end:
        period = f"，评价时段为{month_text(info.period_start)}至{month_text(info.period_end)}"
    w.add(Paragraph(f"评价项目为{info.name}{period}。此次评价主要围绕下述{len(w.result.roots)}个方面的内容开展："))
    for n, root in enumerate(w.result.roots, 1):
        leaves = listing([s.indicator.name for s in root.walk() if not s.children])
        w.add(Paragraph(f"（{n}）{root.indicator.name}情况。涵盖{leaves}等内容。"))


def _grades_text(project: Project) -> str:
    bands = project.framework.grades
    names = "、".join(b.name for b in bands)
    return f"评价结果以百分制及“{names}”{chinese_number(len(bands))}个等级标识。"


def _conclusions(w: _Writer) -> None:
    found = conclusion(w.result) if w.final else draft_conclusion(w.result, w.problems)
    w.add(Heading("（一）评价结论", 2), *found)
    w.add(Heading("（二）评价指标分析", 2), *indicator_analysis(w.result))


def _experience(w: _Writer) -> None:
    w.paragraphs("experience")


def _problems(w: _Writer) -> None:
    problems = w.project.narrative.problems
    if not problems:
        _missing(w, "存在的问题", "problems")
        return
    for n, problem in enumerate(problems, 1):
        w.add(Heading(f"（{chinese_number(n)}）{problem.title}", 2))
        if problem.detail:
            w.add(Paragraph(sentence(problem.detail)))
        if problem.cause:
            w.add(Paragraph(sentence(problem.cause), lead="原因："))


def _recommendations(w: _Writer) -> None:
    items = w.project.narrative.recommendations
    if not items:
        _missing(w, "相关建议和整改措施", "recommendations")
        return
    if len(items) == 1:
        w.add(Paragraph(sentence(items[0])))
        return
    w.add(*(Paragraph(f"{n}. {sentence(item)}") for n, item in enumerate(items, 1)))


def _missing(w: _Writer, label: str, key: str) -> None:
    w.diags.append(Diagnostic("narrative-missing", f"评价报告的“{label}”没有内容", w.project.source,
                              f"在项目文件的 narrative 下填写 {key}", Severity.WARNING))
    w.add(Paragraph(placeholder(label)))


def _appendices(w: _Writer) -> list[tuple[str, tuple[Block, ...]]]:
    """The appendices the report carries: each its name and its blocks."""
    return [("项目绩效指标体系评分表", (scoring_table(w.result, w.final),))]


def _appendix_note(names: list[str]) -> list[Block]:
    """附件说明 (GB/T 9704-2012 7.3.4), after the body and an empty line: ``附件：评分表``, or numbered
    ``附件：1. …`` with the next names under the first when there are several."""
    if not names:
        return []
    if len(names) == 1:
        return [Paragraph(""), Paragraph(f"附件：{names[0]}")]
    pad = "\u3000" * 3  # under the first name: 附件： is three characters wide
    return [Paragraph(""), *(Paragraph(f"{'附件：' if n == 1 else pad}{n}. {name}") for n, name in enumerate(names, 1))]


def _appendix(w: _Writer, appendices: list[tuple[str, tuple[Block, ...]]]) -> None:
    """Each appendix on a new page: 附件 (附件1 … when several) in 黑体 at the left, its title, its blocks."""
    for n, (name, blocks) in enumerate(appendices, 1):
        mark = "附件" if len(appendices) == 1 else f"附件{n}"
        w.add(PageBreak(), Paragraph(mark, indent=False, label=True), Heading(name, 0), *blocks)


SECTIONS = (
    ("基本情况", _basics),
    ("绩效评价开展情况", _conduct),
    ("综合评价结论与指标分析", _conclusions),
    ("主要经验及做法", _experience),
    ("存在的问题", _problems),
    ("相关建议和整改措施", _recommendations),
)


def _numbered(blocks: list[Block]) -> tuple[Block, ...]:
    """Number the captions of tables and charts in order: 表1, 表2 …, 图1 …"""
    out: list[Block] = []
    tables = charts = 0
    for block in blocks:
        if isinstance(block, Table) and block.caption:
            tables += 1
            block = dataclasses.replace(block, caption=f"表{tables} {block.caption}")
        elif isinstance(block, Chart):
            charts += 1
            block = dataclasses.replace(block, caption=f"图{charts} {block.caption}")
        out.append(block)
    return tuple(out)
