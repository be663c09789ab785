"""The review opinion (复核意见) as an official document: a title naming the project, the issuing
body's number under it, the unit it is addressed to (主送), the conclusion, the document's scoring
table beside the recomputed one, the findings by severity with the quoted text, and the signature
(issuing body, date, room for the seal).

The content is one small outline (:func:`outline`), made into a report document (:func:`document`)
that the report's renderers write: HTML, Word or PDF, in the same layout as a report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..diagnostics import Severity
from ..numbers import plain, points, pts
from ..report.model import Block, Cell, Column, Document, Heading, Paragraph, Signature, Table
from ..report.renderers import write
from ..report.text import date_text
from . import Review

HEADERS = ("指标", "权重", "实际完成值", "报告得分", "复算得分", "差异")
WIDTHS = (16, 3, 6, 4, 4, 4)  # relative column widths


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()  # first row is the header


def outline(review: Review) -> tuple[str, tuple[Section, ...]]:
    """The title and the sections: conclusion, the scoring tables side by side, the findings."""
    return title(review), (_conclusion(review), _table(review), *_findings(review))


def title(review: Review) -> str:
    """关于“{项目}”{年度}年度绩效评价报告（自评表）的复核意见; the file's name when nothing names the project."""
    name, _, year = _about(review)
    if not name:
        return f"关于《{review.file}》的复核意见"
    kind = "绩效自评表" if review.subject is not None and review.subject.kind in ("form", "department") else "绩效评价报告"
    year_text = f"{year.removesuffix('年度').removesuffix('年')}年度" if year else ""
    return f"关于“{name}”{year_text}{kind}的复核意见"


def _about(review: Review) -> tuple[str, str, str]:
    """The project's name, its unit and its year, from the project file or as the document states them."""
    if review.result is not None and review.imported is None:
        info = review.result.project.info
        return info.name, info.department, str(info.year)
    report = review.subject.report if review.subject is not None else None
    if report is None:
        return "", "", ""
    got = report.info
    name, unit, year = (v.text.strip() if v is not None else "" for v in (got.name, got.department, got.year))
    return name, unit, year


def _conclusion(review: Review) -> Section:
    s, r = review.subject, review.result
    lines = []
    stated = (s.text_total or s.table_total) if s else None
    if stated is not None:
        lines.append(f"报告所列综合得分 {stated.text} 分，评价等级“{s.grade.text if s and s.grade else '未写明'}”。")
    total = review.rescored_total
    if r is not None and total is not None:
        basis = "报告所附评分标准" if s is None or s.kind in ("report", "project") else "自评规则"
        lines.append(f"按{basis}和实际完成值复算，综合得分 {points(total)} 分，等级“{review.rescored_grade}”。")
    elif r is not None:
        lines.append(f"复算总分未能得出：{review.why_not_rescored}。")
    if review.taken_as_stated:
        lines.append(f"以下指标的评分标准或实际完成值无法识别，未能复算，按文件所列得分计入：{'、'.join(review.taken_as_stated)}。")
    counts = {sev: sum(f.severity is sev for f in review.findings) for sev in Severity}
    lines.append(f"共发现问题 {len(review.findings)} 项：错误 {counts[Severity.ERROR]} 项，"
                 f"警告 {counts[Severity.WARNING]} 项，提示 {counts[Severity.INFO]} 项。")
    return Section("一、复核结论", tuple(lines))


def _findings(review: Review) -> list[Section]:
    out = []
    for number, severity in enumerate(Severity, 1):
        items = [f for f in review.findings if f.severity is severity]
        if not items:
            continue
        lines = []
        for i, f in enumerate(items, 1):
            places = "；".join(f"{loc.source}：“{loc.quote}”" for loc in f.locations)
            lines.append(f"{i}.（{f.certainty.label}）{f.message}\n位置：{places}\n建议：{f.fix}")
        out.append(Section(f"三（{number}）、{severity.label}", tuple(lines)))
    return out or [Section("三、发现的问题", ("未发现问题。",))]


def _table(review: Review) -> Section:
    rows = [HEADERS]
    for row in review.rows():
        diff = "" if row.stated is None or row.rescored is None else _signed(row.rescored - row.stated)
        rows.append((" / ".join(row.path), plain(row.weight) if row.weight is not None else "", row.actual,
                     plain(row.stated) if row.stated is not None else "",
                     pts(row.rescored) if row.rescored is not None else "未复算", diff))
    return Section("二、评分表对照", table=tuple(rows))


def _signed(value: Decimal) -> str:
    return "" if value == 0 else ("+" if value > 0 else "") + pts(value)


def document(review: Review, *, issuer: str = "", number: str = "", date: dt.date | None = None) -> Document:
    """The outline as an official document: the number centred under the title, the unit it is
    addressed to, a heading per section with its paragraphs and table, the signature of ``issuer``
    (a line to sign by hand when empty) dated ``date`` (today by default)."""
    day = date or dt.date.today()
    heading, sections = outline(review)
    _, unit, _ = _about(review)
    blocks: list[Block] = []
    if number:
        blocks.append(Paragraph(number, indent=False, align="center"))
    if unit:
        blocks.append(Paragraph(f"{unit}：", indent=False))
    for section in sections:
        blocks.append(Heading(section.heading, 1))
        blocks.extend(Paragraph(text) for text in section.paragraphs)
        if section.table:
            columns = tuple(Column(h, w) for h, w in zip(section.table[0], WIDTHS, strict=True))
            rows = tuple(tuple(Cell(text) for text in row) for row in section.table)
            blocks.append(Table("", columns, rows, sheet="评分表对照", small=True))
    blocks.append(Signature(issuer, date_text(day)))
    return Document(heading, tuple(blocks), stem="复核意见", author=issuer, date=day)


def write_opinion(review: Review, path: Path, *, issuer: str = "", number: str = "",
                  date: dt.date | None = None) -> None:
    """By the file's suffix, with the report's renderers: .html (.htm), .docx or .pdf."""
    write(document(review, issuer=issuer, number=number, date=date), path)
