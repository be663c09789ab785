"""One figure stated with different values in two places (a table and the text, two tables).

Figures are grouped by label: the same label, or one ending with the other (``系统运维月报提交
及时率`` and the table row ``…指挥系统运维月报提交及时率``). Two values differ when they differ at
the precision of the less precise one. The value stated least often is the suspect and comes first.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from decimal import Decimal

from ...diagnostics import Severity
from ...importers.figures import trim_label
from ...importers.model import Figure
from ...numbers import HUNDRED, percent, plain, round_half_up
from ..base import Check, Finding, Location
from ..subject import Subject

MIN_LABEL = 4  # shorter labels (完成率, 执行率) pair only with a table row of exactly that name


class FigureConflict(Check):
    code = "figure-conflict"
    title = "同一数据前后不一致"
    severity = Severity.WARNING
    subject = "figure"
    rank = 1

    def run(self, subject: Subject) -> Iterable[Finding]:
        figures = [f for f in subject.figures if f.unit != "万元" and not subject.other_year(f)]
        for group in _groups(figures):
            shown = Counter(_show(f) for f in group)
            if len(shown) < 2 or not _really_differ(group):
                continue
            ordered = sorted(group, key=lambda f: shown[_show(f)])
            values = "、".join(f"“{f.quote}”" for f in ordered)
            yield self.finding(f"同一数据在报告中前后不一致：{values}", [Location(f.source, f.quote) for f in ordered],
                               "核实该数据的正确值，统一表格与正文中的表述")


def _groups(figures: list[Figure]) -> list[list[Figure]]:
    groups: list[list[Figure]] = []
    for figure in figures:
        home = next((g for g in groups if any(_match(figure, other) for other in g)), None)
        if home is None:
            groups.append([figure])
        else:
            home.append(figure)
    return groups


def _match(a: Figure, b: Figure) -> bool:
    if a.is_rate != b.is_rate or (not a.is_rate and a.unit != b.unit):
        return False
    x, y = trim_label(a.label), trim_label(b.label)
    short, long_ = sorted((x, y), key=len)
    if len(short) < MIN_LABEL:  # a short label is specific only when it is a table row's own name
        return x == y and "table" in (a.origin, b.origin)
    return x == y or long_.endswith(short)


def _show(figure: Figure) -> str:
    return percent(figure.value) if figure.is_rate else f"{plain(figure.value)}{figure.unit}"


def _really_differ(group: list[Figure]) -> bool:
    """Some two figures differ even allowing for rounding: ``99.7%`` and ``99.68%`` agree, ``100%`` and
    ``99.5%`` do not (a whole number is taken as written, not as rounded)."""
    return any(not _agree(a, b) for i, a in enumerate(group) for b in group[i + 1:])


def _agree(a: Figure, b: Figure) -> bool:
    scale = HUNDRED if a.is_rate else Decimal(1)
    x, y = a.value * scale, b.value * scale
    places = min(_places(x), _places(y))
    if places == 0:
        return x == y
    quantum = Decimal(1).scaleb(-places)
    return round_half_up(x, quantum) == round_half_up(y, quantum)


def _places(value: Decimal) -> int:
    exponent = value.normalize().as_tuple().exponent
    return max(0, -exponent) if isinstance(exponent, int) else 0


CHECK = FigureConflict()
