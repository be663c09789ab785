"""The review opinion (复核意见) as HTML or Word: findings by severity with the quoted text, and
the report's scoring table beside the recomputed one.

Both formats render one small outline (:func:`outline`), so the content is written once; it can
move onto the shared report model when that is ready.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from ..diagnostics import Severity
from ..numbers import plain, points, pts
from . import Review

HEADERS = ("指标", "权重", "实际完成值", "报告得分", "复算得分", "差异")


@dataclass(frozen=True, slots=True)
class Section:
    heading: str
    paragraphs: tuple[str, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()  # first row is the header


def outline(review: Review) -> tuple[str, tuple[Section, ...]]:
    title = f"关于《{review.file}》的复核意见"
    return title, (_conclusion(review), *_findings(review), _table(review))


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
        lines.append(f"以下指标既无法复算、文件也未列得分，复算总分未能得出：{'、'.join(review.missing)}。")
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
        out.append(Section(f"二（{number}）、{severity.label}", tuple(lines)))
    return out or [Section("二、发现的问题", ("未发现问题。",))]


def _table(review: Review) -> Section:
    rows = [HEADERS]
    for row in review.rows():
        diff = "" if row.stated is None or row.rescored is None else _signed(row.rescored - row.stated)
        rows.append((" / ".join(row.path), plain(row.weight) if row.weight is not None else "", row.actual,
                     plain(row.stated) if row.stated is not None else "",
                     pts(row.rescored) if row.rescored is not None else "未复算", diff))
    return Section("三、评分表对照", table=tuple(rows))


def _signed(value: Decimal) -> str:
    return "" if value == 0 else ("+" if value > 0 else "") + pts(value)


def to_html(review: Review) -> str:
    title, sections = outline(review)
    parts = [f"<!doctype html><html lang='zh-CN'><meta charset='utf-8'><title>{html.escape(title)}</title>",
             "<style>body{font-family:serif;max-width:60em;margin:auto}td,th{border:1px solid #999;padding:2px 6px}"
             "table{border-collapse:collapse}</style>", f"<h1>{html.escape(title)}</h1>"]
    for section in sections:
        parts.append(f"<h2>{html.escape(section.heading)}</h2>")
        parts.extend("<p>" + html.escape(p).replace("\n", "<br>") + "</p>" for p in section.paragraphs)
        if section.table:
            head, *body = section.table
            parts.append("<table><tr>" + "".join(f"<th>{html.escape(c)}</th>" for c in head) + "</tr>")
            parts.extend("<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in r) + "</tr>" for r in body)
            parts.append("</table>")
    return "\n".join(parts) + "\n</html>\n"


def write_docx(review: Review, path: Path) -> None:
    import docx  # heavy: only when a Word opinion is asked for

    title, sections = outline(review)
    document = docx.Document()
    document.add_heading(title, level=1)
    for section in sections:
        document.add_heading(section.heading, level=2)
        for paragraph in section.paragraphs:
            document.add_paragraph(paragraph)
        if section.table:
            table = document.add_table(rows=0, cols=len(section.table[0]))
            table.style = "Table Grid"
            for row in section.table:
                for cell, text in zip(table.add_row().cells, row, strict=True):
                    cell.text = text
    document.save(str(path))


def write_opinion(review: Review, path: Path) -> None:
    if path.suffix.lower() == ".docx":
        write_docx(review, path)
    else:
        path.write_text(to_html(review), encoding="utf-8")
