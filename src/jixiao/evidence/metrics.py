"""Metrics: actual values computed from work records, each with the trail of records behind it.

:func:`compute_metric` turns a :class:`MetricSpec` and the project's :class:`Evidence` into a
:class:`~jixiao.rules.base.Quantity` whose ``how`` says which records, from which rows, made the
value. ``as_of`` cuts the ledger at a date for in-year monitoring: later records and times count
as not yet happened. Values a metric cannot give (no records for a maximum, a deadline in a year
the calendar lacks) raise :class:`~jixiao.rules.base.RuleError`, which the scorer reports as a
located diagnostic.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from ..numbers import HUNDRED, ONE, ZERO, amount, ceil_int, percent, plain, round_half_up
from ..rules.base import Quantity, RuleError
from .records import LABELS, Record
from .spec import Evidence, MetricSpec

UNIT_SECONDS = {"小时": 3600, "分钟": 60, "天": 86400, "秒": 1}
_CITE_ROWS = 12  # beyond this many rows a citation names the files and the count


@dataclass(frozen=True, slots=True)
class Window:
    """The period a metric looks at, cut at ``as_of`` for monitoring."""

    start: dt.date
    end: dt.date
    as_of: dt.date | None = None

    @property
    def last(self) -> dt.date:
        return min(self.end, self.as_of) if self.as_of else self.end

    @property
    def cutoff(self) -> dt.datetime | None:
        """The last instant that has happened when monitoring; ``None`` (no cut) after the year."""
        return dt.datetime.combine(self.as_of, dt.time.max) if self.as_of else None


def window_for(spec: MetricSpec, evidence: Evidence, as_of: dt.date | None = None) -> Window:
    period = spec.period or evidence.period
    if period is None:
        raise RuleError(f"指标数据“{spec.name}”没有统计期：请在 project.year 或该项的 period 中写明")
    return Window(period[0], period[1], as_of)


def compute_metric(spec: MetricSpec, evidence: Evidence, as_of: dt.date | None = None) -> Quantity:
    window = window_for(spec, evidence, as_of)
    chosen = [r for r in evidence.records if _matches(r, spec)]
    compute = _KINDS[spec.kind]
    return compute(spec, chosen, window, evidence)


def _matches(record: Record, spec: MetricSpec) -> bool:
    return all(getattr(record, field) in values for field, values in spec.where)


def _in_window(record: Record, field: str, window: Window) -> bool:
    when = record.instant(field)
    return when is not None and window.start <= when.date() <= window.last


def _happened(record: Record, window: Window) -> bool:
    """When monitoring, a record dated after the date (a report for June sent in July) is not there yet."""
    return window.as_of is None or record.date <= window.as_of


def describe_filter(spec: MetricSpec) -> str:
    parts = [f"{LABELS.get(f, f)}为“{'或'.join(sorted(v))}”" for f, v in spec.where]
    return "、".join(parts) if parts else "全部"


def cite(records: Sequence[Record]) -> str:
    """Where records came from: their rows when few, else their files and how many."""
    if not records:
        return "无符合条件的记录"
    files = list(dict.fromkeys(r.source.file for r in records))
    if len(records) > _CITE_ROWS:
        return f"{'、'.join(files)} 中 {len(records)} 条"
    if len(files) == 1 and all(r.source.cell is None for r in records):
        return f"{files[0]} 第 {'、'.join(str(r.source.line) for r in records)} 行"
    return "、".join(str(r.source) for r in records)


def _count(spec: MetricSpec, records: list[Record], window: Window, _: Evidence) -> Quantity:
    chosen = [r for r in records if _in_window(r, spec.dated_by, window) and _happened(r, window)]
    value = Decimal(len({r.text(spec.distinct) for r in chosen} if spec.distinct else chosen))
    what = f"不同{LABELS.get(spec.distinct, spec.distinct)}" if spec.distinct else "记录"
    how = (f"{describe_filter(spec)}，{_span(window)} 内的{what} {plain(value)}{spec.unit or '条'}"
           f"（{cite(chosen)}）")
    return Quantity(value, False, spec.unit, how)


def _sum(spec: MetricSpec, records: list[Record], window: Window, _: Evidence) -> Quantity:
    chosen = [r for r in records if r.amount is not None and _in_window(r, spec.dated_by, window) and _happened(r, window)]
    total = sum((r.amount for r in chosen if r.amount is not None), ZERO)
    how = f"{describe_filter(spec)}，{_span(window)} 内的金额合计 {amount(total)} 万元（{cite(chosen)}）"
    return Quantity(total, False, spec.unit or "万元", how)


def _on_time(spec: MetricSpec, records: list[Record], window: Window, evidence: Evidence) -> Quantity:
    deadline = spec.deadline
    assert deadline is not None  # the loader requires one for on_time
    on_time: list[Record] = []
    late: list[tuple[Record, str]] = []
    unanchored = [r for r in records if r.instant(spec.start) is None]
    for record in records:
        verdict = _verdict(spec, record, window, evidence)
        if verdict == "on_time":
            on_time.append(record)
        elif verdict:
            late.append((record, verdict))
    missing = f"；{len(unanchored)} 条记录缺少{LABELS.get(spec.start, spec.start)}，未计入（{cite(unanchored)}）" \
        if unanchored else ""
    due = len(on_time) + len(late)
    anchor = LABELS.get(spec.start, spec.start)
    head = f"{describe_filter(spec)}，期限“{deadline.text}”自{anchor}起算"
    if due == 0:
        return Quantity(ONE, True, "%", f"{_span(window)} 无应完成事项，视为全部及时（{head}）{missing}")
    rate = Decimal(len(on_time)) / due
    how = f"按期 {len(on_time)} 件 ÷ 应完成 {due} 件（{head}；{cite([*on_time, *(r for r, _ in late)])}）"
    if late:
        how += "；逾期：" + "；".join(f"{r.source} {why}" for r, why in late[:5])
    return Quantity(rate, True, "%", how + missing)


def _verdict(spec: MetricSpec, record: Record, window: Window, evidence: Evidence) -> str:
    """``on_time``, a reason it is late, or ``""`` when it is not due in the window."""
    anchor = record.instant(spec.start)
    if anchor is None or not window.start <= anchor.date() <= window.last:
        return ""
    assert spec.deadline is not None
    due = spec.deadline.due(anchor, evidence.calendar)
    if due is None:
        missing = next((y for y in (anchor.year, anchor.year + 1) if not evidence.calendar.covers(y)), anchor.year)
        raise RuleError(f"{record.source}：{evidence.calendar.missing_hint(missing)}")
    done, cutoff = record.instant(spec.end), window.cutoff
    if done is not None and (cutoff is None or done <= cutoff):
        return "on_time" if done <= due else f"于 {_when(done)} 完成，期限 {_when(due)}"
    if cutoff is None or due < cutoff:
        return f"期限 {_when(due)} 已过，尚未完成"
    return ""


def _when(moment: dt.datetime) -> str:
    if moment.time() == dt.time.max:
        return moment.date().isoformat()
    return moment.strftime("%Y-%m-%d %H:%M")


def _durations(spec: MetricSpec, records: Iterable[Record], window: Window) -> list[tuple[Decimal, Record]]:
    seconds = UNIT_SECONDS[spec.unit or "小时"]
    out = []
    for record in records:
        start, end = record.instant(spec.start), record.instant(spec.end)
        cutoff = window.cutoff
        if start is None or end is None or (cutoff and end > cutoff) or not window.start <= start.date() <= window.last:
            continue
        delta = end - start
        out.append((Decimal(delta.days * 86400 + delta.seconds) / seconds, record))
    return sorted(out, key=lambda pair: pair[0])


def _max(spec: MetricSpec, records: list[Record], window: Window, _: Evidence) -> Quantity:
    durations = _durations(spec, records, window)
    if not durations:
        raise RuleError(f"指标数据“{spec.name}”：{_span(window)} 没有同时记有{_pair(spec)}的记录")
    value, record = durations[-1]
    value = round_half_up(value)
    how = (f"{describe_filter(spec)}的{len(durations)}条记录中，{_pair(spec)}最长 {plain(value)}{_unit(spec)}"
           f"（{record.source}）")
    return Quantity(value, False, _unit(spec), how)


def _percentile(spec: MetricSpec, records: list[Record], window: Window, _: Evidence) -> Quantity:
    durations = _durations(spec, records, window)
    if not durations or spec.percentile is None:
        raise RuleError(f"指标数据“{spec.name}”：{_span(window)} 没有同时记有{_pair(spec)}的记录")
    rank = max(int(ceil_int(spec.percentile / HUNDRED * len(durations))), 1)  # nearest-rank method
    value, record = durations[rank - 1]
    value = round_half_up(value)
    how = (f"{describe_filter(spec)}的{len(durations)}条记录中，{_pair(spec)}的第{plain(spec.percentile)}百分位数"
           f"（第{rank}短）为 {plain(value)}{_unit(spec)}（{record.source}）")
    return Quantity(value, False, _unit(spec), how)


def _availability(spec: MetricSpec, records: list[Record], window: Window, _: Evidence) -> Quantity:
    begin = dt.datetime.combine(window.start, dt.time.min)
    finish = dt.datetime.combine(window.last + dt.timedelta(days=1), dt.time.min)
    spans = _merged(_outages(spec, records, begin, finish))
    down = sum(((b - a) for a, b in spans), dt.timedelta())
    total = finish - begin
    down_s, total_s = down.days * 86400 + down.seconds, total.days * 86400 + total.seconds
    value = ONE - Decimal(down_s) / total_s
    hours = round_half_up(Decimal(down_s) / 3600)
    chosen = [r for r in records if r.instant(spec.start) is not None]
    how = (f"{describe_filter(spec)}的中断 {len(spans)} 段共 {plain(hours)} 小时，统计期 {_span(window)} 共 "
           f"{plain(Decimal(total_s) / 3600)} 小时：1 − {plain(hours)} ÷ {plain(Decimal(total_s) / 3600)} = "
           f"{percent(value)}（{cite(chosen)}）")
    return Quantity(value, True, "%", how)


def _outages(spec: MetricSpec, records: list[Record], begin: dt.datetime,
             finish: dt.datetime) -> list[tuple[dt.datetime, dt.datetime]]:
    out = []
    for record in records:
        start = record.instant(spec.start)
        if start is None:
            continue
        end = record.instant(spec.end) or finish  # not yet restored: down until the cut-off
        a, b = max(start, begin), min(end, finish)
        if a < b:
            out.append((a, b))
    return out


def _merged(spans: list[tuple[dt.datetime, dt.datetime]]) -> list[tuple[dt.datetime, dt.datetime]]:
    """Overlapping outages count once."""
    merged: list[tuple[dt.datetime, dt.datetime]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    return merged


def _span(window: Window) -> str:
    return f"{window.start.isoformat()} 至 {window.last.isoformat()}"


def _pair(spec: MetricSpec) -> str:
    return f"“{LABELS.get(spec.start, spec.start)}”到“{LABELS.get(spec.end, spec.end)}”的用时"


def _unit(spec: MetricSpec) -> str:
    return spec.unit or "小时"


_KINDS = {
    "count": _count,
    "sum": _sum,
    "on_time": _on_time,
    "max": _max,
    "percentile": _percentile,
    "availability": _availability,
}
