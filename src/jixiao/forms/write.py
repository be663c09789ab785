"""The monitoring and self-evaluation forms as report documents, written by the report's renderers.

Each form is first made into a :class:`Form` (title, lines above, one table of text, lines below),
a thin builder of a :class:`~jixiao.report.model.Document`: one table naming its sheet, the lines
going with it, the page turned. The renderers of :func:`~jixiao.report.renderers.default_renderers`
write it like any report (xlsx, docx, html, pdf); the xlsx one writes every text as a text cell
(:func:`jixiao.sheets.put`), so a goal named ``=HYPERLINK(…)`` is never a formula.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..numbers import percent, plain, points
from ..report.model import Cell, Column, Document, Fill, Table
from ..report.renderers import write
from ..report.tables import UNFINISHED, UNSCORED
from .monitor import LIGHTS, Light, Monitoring
from .selfeval import KIND_NAMES, RowKind, SelfEvalForm

MONITORING_HEADERS = ("类别", "指标", "年度指标值", "截至监控日应达", "截至监控日完成", "完成进度", "预警", "偏差原因",
                      "纠偏措施", "说明")
SELF_EVAL_HEADERS = ("一级指标", "二级指标", "三级指标", "年度指标值", "实际完成值", "指标类型", "分值", "得分", "计分说明")
WIDTHS = (5, 12, 6, 6, 6, 5, 4, 10, 10, 20)  # relative; in Excel, two characters a unit
LEFT_FROM = 10  # columns this wide or wider hold sentences, set flush left


@dataclass(frozen=True, slots=True)
class Form:
    title: str
    above: tuple[str, ...]
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    below: tuple[str, ...] = ()
    fills: tuple[tuple[Fill | None, ...], ...] = ()  # per row, per cell

    def document(self) -> Document:
        """One table of text under the title, the lines above and below going with it, on a turned page."""
        widths = WIDTHS[:len(self.headers)] + (WIDTHS[-1],) * max(0, len(self.headers) - len(WIDTHS))
        columns = tuple(Column(h, w) for h, w in zip(self.headers, widths, strict=True))
        header = tuple(Cell(h) for h in self.headers)
        rows = tuple(tuple(Cell(text, align="left" if w >= LEFT_FROM else "center", fill=fill)
                           for text, w, fill in zip(row, widths, self._fills(n), strict=False))
                     for n, row in enumerate(self.rows))
        table = Table("", columns, (header, *rows), sheet=self.title, small=True, above=self.above, below=self.below)
        return Document(self.title, (table,), stem=self.title, landscape=True)

    def _fills(self, row: int) -> tuple[Fill | None, ...]:
        given = self.fills[row] if row < len(self.fills) else ()
        return given + (None,) * (len(self.headers) - len(given))


def monitoring_form(m: Monitoring) -> Form:
    rows = tuple((i.group, i.name, i.target, i.expected, i.value, percent(i.progress) if i.progress is not None else "",
                  LIGHTS[i.light], i.note.reason if i.note else "", i.note.measure if i.note else "", i.basis)
                 for i in m.items)
    light = MONITORING_HEADERS.index("预警")
    fills = tuple(tuple(_fill(i.light) if c == light else None for c in range(len(MONITORING_HEADERS)))
                  for i in m.items)  # the warning cell in its light's colour
    above = (f"监控日：{m.as_of.isoformat()}　统计期：{m.period[0].isoformat()} 至 {m.period[1].isoformat()}　"
             f"时间进度：{percent(m.elapsed)}",)
    behind = m.behind()
    below = (f"黄灯、红灯共 {len(behind)} 项" + ("：" + "、".join(i.name for i in behind) if behind else "。"),)
    return Form(m.title, above, MONITORING_HEADERS, rows, below, fills)


def _fill(light: Light) -> Fill | None:
    return None if light is Light.NONE else Fill(light.value)


def self_eval_form(f: SelfEvalForm) -> Form:
    lines = [f.budget, *f.rows]
    rows = tuple((r.level1, r.level2, r.name, r.target, r.actual, KIND_NAMES[r.kind],
                  plain(r.weight) if r.kind is not RowKind.NA else "—",
                  "—" if r.kind is RowKind.NA else points(r.score) if r.scored else UNSCORED, r.formula)
                 for r in lines)
    total = (("总分", "", "", "", "", "", "100", points(f.total), f"自评等级：{f.grade}") if f.complete else
             ("总分", "", "", "", "", "", "100", UNFINISHED, "自评尚未完成，暂不计总分和等级"))
    year = f"{f.year}年度" if f.year else ""
    return Form(f.title, (f"{year}　预算执行率、产出、效益、满意度四部分计分",), SELF_EVAL_HEADERS, (*rows, total))


def write_form(form: Form, path: Path) -> None:
    """By the file's suffix, with the report's renderers: .xlsx, .docx, .html or .pdf."""
    write(form.document(), path)
