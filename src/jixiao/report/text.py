"""Small text helpers shared by the report builders: dates, lists, numbered lines."""

from __future__ import annotations

import datetime as dt

from ..model import Project
from ..wording import Wording, overlaid


def date_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def month_text(day: dt.date) -> str:
    return f"{day.year}年{day.month}月"


def listing(names: list[str]) -> str:
    """Names joined the Chinese way: ``甲、乙、丙``."""
    return "、".join(names)


def lines(text: str) -> list[str]:
    """The non-empty lines of a narrative text (one item per line)."""
    return [line.strip() for line in text.splitlines() if line.strip()]


def sentence(text: str) -> str:
    """Text ending with a full stop (Chinese punctuation), as a paragraph should."""
    text = text.strip()
    return text if not text or text[-1] in "。；！？：】" else text + "。"


def placeholder(label: str) -> str:
    """What the report shows where the evaluator has yet to write: 【待填写：项目背景】."""
    return f"【待填写：{label}】"


def report_title(project: Project) -> str:
    name = project.info.name
    return f"{name}{'支出' if name.endswith('项目') else '项目支出'}绩效评价报告"


def subject(project: Project) -> str:
    """Who the text speaks of: the department, or 项目单位 when the file names none."""
    return project.info.department or "项目单位"


def wording_for(project: Project) -> Wording:
    """The wording of ``project``'s report: the bundled one for its category, overlaid by the
    templates of the project's own wording file (``wording:``), checked when the project loaded."""
    return overlaid(project.info.category, project.wording)
