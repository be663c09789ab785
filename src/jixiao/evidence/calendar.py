"""Working days by the official Chinese calendar: statutory holidays and make-up working days (调休).

The dates come from the maintained ``chinesecalendar`` package, which follows the State Council's
yearly notice. A holiday file (YAML, see docs/evidence.md) supplies a year the package does not
cover yet and replaces the package's dates for every year it lists, so a correction never waits
for a package release.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..diagnostics import Diagnostic, Source
from ..yamlsrc import Reader, as_date, load_yaml

# Working days are looked up one by one; no deadline rule reaches further than this.
_MAX_SCAN_DAYS = 400


@dataclass(frozen=True, slots=True)
class WorkCalendar:
    """Days off on weekdays (``off``), working weekend days (``on``) and the years known."""

    off: frozenset[dt.date]
    on: frozenset[dt.date]
    years: frozenset[int]

    def covers(self, year: int) -> bool:
        return year in self.years

    def is_workday(self, day: dt.date) -> bool:
        if day in self.on:
            return True
        return day.weekday() < 5 and day not in self.off

    def add_workdays(self, start: dt.date, count: int) -> dt.date | None:
        """The ``count``-th working day after ``start`` (``start`` itself not counted).

        ``None`` when the count runs into a year the calendar does not know."""
        day, left = start, count
        for _ in range(_MAX_SCAN_DAYS):
            if left <= 0:
                return day
            day += dt.timedelta(days=1)
            if not self.covers(day.year):
                return None
            left -= self.is_workday(day)
        return None

    def missing_hint(self, year: int) -> str:
        known = f"{min(self.years)}–{max(self.years)}年" if self.years else "无"
        return (f"日历中没有{year}年的节假日安排（已知年份：{known}）。请按国务院办公厅{year}年放假通知编写假日文件，"
                f"在项目文件 evidence.calendar 中填写其路径，格式见 docs/evidence.md")


@lru_cache(maxsize=1)
def official_calendar() -> WorkCalendar:
    """The package's calendar. Imported here so that the CLI starts without it."""
    from chinese_calendar import constants  # type: ignore[import-untyped]  # the package ships no types

    off = frozenset(d for d in constants.holidays if d.weekday() < 5)
    on = frozenset(constants.workdays)
    years = frozenset(range(min(constants.holidays).year, max(constants.holidays).year + 1))
    return WorkCalendar(off, on, years)


def with_overrides(base: WorkCalendar, holidays: Iterable[dt.date], workdays: Iterable[dt.date]) -> WorkCalendar:
    """``base`` with every year that the given dates touch replaced by those dates alone."""
    holidays, workdays = frozenset(holidays), frozenset(workdays)
    years = frozenset(d.year for d in holidays | workdays)
    off = frozenset(d for d in base.off if d.year not in years) | frozenset(d for d in holidays if d.weekday() < 5)
    on = frozenset(d for d in base.on if d.year not in years) | workdays
    return WorkCalendar(off, on, base.years | years)


def load_calendar(path: Path | None, diags: list[Diagnostic]) -> WorkCalendar:
    """The official calendar, overridden by the holiday file at ``path`` when one is given."""
    base = official_calendar()
    if path is None:
        return base
    node, problems = load_yaml(path)
    diags.extend(problems)
    r = Reader.of(node, diags, "假日文件")
    if r is None:
        return base
    holidays = _dates(r, "holidays")
    workdays = _dates(r, "workdays")
    r.finish()
    clash = sorted(set(holidays) & set(workdays))
    if clash:
        diags.append(Diagnostic("bad-value", f"假日文件中 {clash[0]} 既是放假日又是调休上班日", r.source,
                                "每个日期只能出现在 holidays 或 workdays 之一"))
    return with_overrides(base, holidays, workdays)


def _dates(r: Reader, key: str) -> list[dt.date]:
    found = (as_date(n, r.diags, f"假日文件“{key}”中的一项") for n in r.seq(key))
    return [d for d in found if d is not None]


def calendar_gap(year: int, calendar: WorkCalendar, source: Source | None) -> Diagnostic:
    return Diagnostic("calendar-year-missing", f"无法计算{year}年的工作日", source, calendar.missing_hint(year))
