"""Deadline rules as written in evaluation criteria, read from their Chinese wording.

* ``次月10日前`` (or ``次月10日内``): by the end of day 10 of the month after the anchor's month;
  a day beyond the month's end means its last day.
* ``5个工作日内``: by the end of the 5th working day after the anchor's day (the anchor's own day
  is not counted), by the official calendar with holidays and make-up working days.
* ``3日内`` / ``3天内``: by the end of the 3rd calendar day after the anchor's day.
* ``2小时内`` (also ``30分钟内``): within that time of the anchor instant.

A thing done exactly at the deadline is on time.
"""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt
import re
from dataclasses import dataclass

from .calendar import WorkCalendar

_PATTERNS = (
    (re.compile(r"^次月(\d{1,2})[日号](?:前|内|之前|以前)?$"), "next_month_day"),
    (re.compile(r"^(\d{1,3})个?工作日(?:内|以内|之内)?$"), "working_days"),
    (re.compile(r"^(\d{1,3})(?:个自然日|日|天)(?:内|以内|之内)?$"), "days"),
    (re.compile(r"^(\d{1,4})(?:个)?小时(?:内|以内|之内)?$"), "hours"),
    (re.compile(r"^(\d{1,5})分钟(?:内|以内|之内)?$"), "minutes"),
)

FORMS = "“次月10日前”“5个工作日内”“3日内”“2小时内”“30分钟内”"


@dataclass(frozen=True, slots=True)
class Deadline:
    """A parsed deadline: its form, its number and the words it was read from."""

    form: str  # next_month_day | working_days | days | hours | minutes
    n: int
    text: str

    def due(self, anchor: dt.datetime, calendar: WorkCalendar) -> dt.datetime | None:
        """The last instant that is still on time; ``None`` if the calendar lacks a year on the way."""
        if self.form == "hours":
            return anchor + dt.timedelta(hours=self.n)
        if self.form == "minutes":
            return anchor + dt.timedelta(minutes=self.n)
        day = self._due_day(anchor.date(), calendar)
        return None if day is None else dt.datetime.combine(day, dt.time.max)

    def _due_day(self, start: dt.date, calendar: WorkCalendar) -> dt.date | None:
        if self.form == "next_month_day":
            year, month = (start.year + 1, 1) if start.month == 12 else (start.year, start.month + 1)
            return dt.date(year, month, min(self.n, month_calendar.monthrange(year, month)[1]))
        if self.form == "working_days":
            return calendar.add_workdays(start, self.n)
        return start + dt.timedelta(days=self.n)

    @property
    def needs_calendar(self) -> bool:
        return self.form == "working_days"


def parse_deadline(text: str) -> Deadline | None:
    """``次月10日前`` → Deadline("next_month_day", 10); words that fit no form → ``None``."""
    compact = re.sub(r"\s+", "", text)
    compact = re.sub(r"^.*?后", "", compact)  # "故障解决后5个工作日内": the anchor is named elsewhere
    for pattern, form in _PATTERNS:
        match = pattern.match(compact)
        if match:
            return Deadline(form, int(match.group(1)), text)
    return None
