"""The HTML report against its golden file, and the Word report's text against its own.

Refresh after a deliberate change with ``JIXIAO_REFRESH_GOLDEN=1 pytest tests/test_report_html.py``
and review the diff of tests/golden/ like any other change. The HTML holds no dates or ids; the
docx's volatile parts (creation dates, part names) are not part of its text dump.
"""

from __future__ import annotations

import io
import re

from docx import Document as read_docx

from jixiao import RuleRegistry

from .reportkit import TRAINING, built_from_text, check_golden, render


def test_the_html_report_matches_its_golden_file(registry: RuleRegistry) -> None:
    html = render(built_from_text(TRAINING, registry), "html").decode("utf-8")
    check_golden("report-training.html", html)


def test_the_html_is_one_self_contained_file(registry: RuleRegistry) -> None:
    html = render(built_from_text(TRAINING, registry), "html").decode("utf-8")
    assert re.findall(r'(?:src|href)="', html) == []  # nothing to fetch: styles and chart are inline
    assert "<svg" in html and "<style>" in html
    # a group name on each of its rows, grey after the first, so a continued page still names it
    assert '<td>项目产出<br>（60分）</td><td>产出数量<br>（60分）</td>' in html
    assert '<td class="muted">项目产出<br>（60分）</td><td class="muted">产出数量<br>（60分）</td>' in html


def docx_text(data: bytes) -> str:
    """What a reader sees in the Word file: each paragraph with its style, each table row by row."""
    doc = read_docx(io.BytesIO(data))
    lines = [f"[{p.style.name if p.style else ''}] {p.text}" for p in doc.paragraphs if p.text]
    for n, table in enumerate(doc.tables, 1):
        lines.append(f"[表格 {n}]")
        lines.extend(" | ".join(c.text.replace("\n", "/") for c in row.cells) for row in table.rows)
    return "\n".join(lines) + "\n"


def test_the_word_text_matches_its_golden_file(registry: RuleRegistry) -> None:
    check_golden("report-training.docx.txt", docx_text(render(built_from_text(TRAINING, registry), "docx")))
