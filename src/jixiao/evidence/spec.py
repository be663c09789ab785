"""What a project declares about its evidence: record files, metrics, the calendar, goal bindings."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from types import MappingProxyType

from ..diagnostics import Source
from .calendar import WorkCalendar
from .deadline import Deadline
from .records import Record

METRIC_KINDS: dict[str, str] = {
    "count": "计数",
    "on_time": "按期完成率",
    "max": "最长用时",
    "percentile": "用时百分位数",
    "availability": "可用率",
    "sum": "金额合计",
}


@dataclass(frozen=True, slots=True)
class MetricSpec:
    """A metric as data: which records, and what to compute from them."""

    name: str
    kind: str  # a key of METRIC_KINDS
    source: Source
    where: tuple[tuple[str, frozenset[str]], ...] = ()  # field → accepted values
    unit: str = ""
    distinct: str = ""  # count distinct values of this field instead of records
    dated_by: str = "date"  # the date that places a record in the period
    start: str = ""  # anchor / start of a duration or outage
    end: str = ""  # completion / end of a duration or outage
    deadline: Deadline | None = None
    percentile: Decimal | None = None
    period: tuple[dt.date, dt.date] | None = None  # defaults to the evidence's period


@dataclass(frozen=True, slots=True)
class Evidence:
    """The records a project's metrics are computed from, with everything needed to compute them."""

    records: tuple[Record, ...]
    files: tuple[str, ...]
    metrics: Mapping[str, MetricSpec]
    calendar: WorkCalendar
    goals: Mapping[str, str]  # goal name → metric or measure name
    period: tuple[dt.date, dt.date] | None  # the project year unless a metric says otherwise
    source: Source

    def __post_init__(self) -> None:
        object.__setattr__(self, "metrics", MappingProxyType(dict(self.metrics)))
        object.__setattr__(self, "goals", MappingProxyType(dict(self.goals)))
