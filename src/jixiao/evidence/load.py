"""Read a project file's ``evidence:`` section: record files, metrics, calendar, goal bindings.

Record paths are relative to the project file. Every problem is a located diagnostic; a metric
that cannot be read is left out, so the leaves bound to it report ``unknown-metric``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path

from ..diagnostics import Diagnostic
from ..yamlsrc import Node, Reader, Scalar, Seq, as_text, unknown_key
from .attachments import verify_attachments
from .calendar import load_calendar
from .deadline import FORMS, parse_deadline
from .metrics import UNIT_SECONDS
from .records import DATE_FIELDS, FIELDS, TEXT_FIELDS, Record, RecordFile, read_ledger
from .spec import METRIC_KINDS, Evidence, MetricSpec

# (start, end) fields a kind uses when the metric does not name them
_DEFAULT_SPAN = {
    "on_time": ("", "submitted"),
    "max": ("reported", "responded"),
    "percentile": ("reported", "responded"),
    "availability": ("reported", "solved"),
}


def read_evidence(r: Reader | None, base_dir: Path, year: int | None, diags: list[Diagnostic],
                  goal_names: frozenset[str] = frozenset(), measures: Mapping[str, str] | None = None) -> Evidence | None:
    """The evidence a project declares, or ``None`` when it declares none. ``goal_names`` are the
    goals ``evidence.goals`` may bind; ``measures`` the funds figures they may be bound to besides the
    metrics (each name and Chinese label → its name: :func:`jixiao.measures.measure_names`)."""
    if r is None:
        return None
    calendar_path = r.text("calendar")
    calendar = load_calendar(base_dir / calendar_path if calendar_path else None, diags)
    required = _kinds(r.map("kinds"))
    files = [f for f in (_record_file(n, base_dir, required, diags) for n in r.seq("records")) if f]
    records: list[Record] = []
    for spec in files:
        records.extend(read_ledger(spec, diags))
    if r.boolean("verify_attachments"):
        verify_attachments(records, base_dir, diags)
    period = (dt.date(year, 1, 1), dt.date(year, 12, 31)) if year else None
    metrics = _metrics(r.map("metrics"), diags)
    goals = _goal_bindings(r.map("goals"), metrics, goal_names, measures or {}, diags)
    r.finish()
    return Evidence(tuple(records), tuple(f.label for f in files), metrics, calendar, goals, period, r.source)


def _kinds(r: Reader | None) -> dict[str, tuple[str, ...]]:
    if r is None:
        return {}
    out = {}
    for kind in list(r.node.keys()):
        names = [as_text(n, r.diags, f"记录类型“{kind}”的必填项") for n in r.seq(kind)]
        fields = tuple(n for n in names if n and _known_field(n, r, kind))
        out[kind] = fields
    r.finish()
    return out


def _known_field(name: str, r: Reader, where: str) -> bool:
    if name in FIELDS or name in DATE_FIELDS:
        return True
    r.diags.append(Diagnostic("bad-value", f"“{where}”中的字段“{name}”不存在", r.source,
                              "可用字段：" + "、".join(FIELDS)))
    return False


def _record_file(node: Node, base_dir: Path, required: dict[str, tuple[str, ...]],
                 diags: list[Diagnostic]) -> RecordFile | None:
    if isinstance(node, Scalar):
        label = as_text(node, diags, "记录文件")
        return RecordFile(base_dir / label, label, FIELDS, "", required) if label else None
    r = Reader.of(node, diags, "记录文件（evidence.records 的一项）")
    if r is None:
        return None
    label, sheet = r.text("file", required=True), r.text("sheet")
    columns = dict(FIELDS)
    given = r.map("columns")
    if given is not None:
        for field in list(given.node.keys()):
            header = given.text(field)
            if _known_field(field, given, "columns") and header:
                columns[field] = header
    r.finish()
    return RecordFile(base_dir / label, label, columns, sheet, required) if label else None


def _metrics(r: Reader | None, diags: list[Diagnostic]) -> dict[str, MetricSpec]:
    if r is None:
        return {}
    out = {}
    for name in list(r.node.keys()):
        spec = _metric(name, r.map(name))
        if spec is not None:
            out[name] = spec
    r.finish()
    return out


def _metric(name: str, r: Reader | None) -> MetricSpec | None:
    if r is None:
        return None
    kind = r.choice("kind", {**{k: k for k in METRIC_KINDS}, **{v: k for k, v in METRIC_KINDS.items()}}, "")
    where = _where(r.map("where"))
    default_start, default_end = _DEFAULT_SPAN.get(kind, ("", ""))
    start, end = r.text("from", default=default_start), r.text("to", default=default_end)
    unit, distinct, dated_by = r.text("unit"), r.text("distinct"), r.text("dated_by", default="date")
    deadline_text, percentile = r.text("deadline"), r.decimal("p")
    period = _period(r.map("period"))
    r.finish()
    if not kind:
        _bad(r, f"指标数据“{name}”缺少 kind", "可选：" + "、".join(METRIC_KINDS))
        return None
    deadline = parse_deadline(deadline_text) if deadline_text else None
    spec = MetricSpec(name, kind, r.source, where, unit, distinct, dated_by, start, end, deadline, percentile, period)
    return spec if _valid(spec, deadline_text, r) else None


def _valid(spec: MetricSpec, deadline_text: str, r: Reader) -> bool:
    problems = []
    if spec.kind == "on_time" and spec.deadline is None:
        problems.append((f"期限“{deadline_text}”无法识别" if deadline_text else "按期完成率需要 deadline",
                         f"期限写成 {FORMS} 之一"))
    if spec.kind == "on_time" and not spec.start:
        problems.append(("按期完成率需要 from（期限自哪个时间起算）", "如 from: solved 或 from: period_end"))
    if spec.kind == "percentile" and (spec.percentile is None or not 0 < spec.percentile <= 100):
        problems.append(("百分位数需要 p（0 到 100 之间）", "如 p: 95"))
    if spec.kind in ("max", "percentile") and spec.unit and spec.unit not in UNIT_SECONDS:
        problems.append((f"用时单位“{spec.unit}”不支持", "可用单位：" + "、".join(UNIT_SECONDS)))
    for key, field in (("from", spec.start), ("to", spec.end), ("dated_by", spec.dated_by)):
        if field and field not in DATE_FIELDS:
            problems.append((f"“{key}: {field}”不是日期或时间字段", "可用：" + "、".join(DATE_FIELDS)))
    if spec.distinct and spec.distinct not in FIELDS:
        problems.append((f"“distinct: {spec.distinct}”不是记录字段", "可用：" + "、".join(FIELDS)))
    for message, hint in problems:
        _bad(r, f"指标数据“{spec.name}”：{message}", hint)
    return not problems


def _bad(r: Reader, message: str, hint: str) -> None:
    r.diags.append(Diagnostic("metric-invalid", message, r.source, hint))


def _where(r: Reader | None) -> tuple[tuple[str, frozenset[str]], ...]:
    if r is None:
        return ()
    out = []
    for field in list(r.node.keys()):
        node = r.raw(field)
        items = node.items if isinstance(node, Seq) else (node,) if node is not None else ()
        values = frozenset(t for t in (as_text(n, r.diags, f"筛选条件“{field}”") for n in items) if t)
        if field in TEXT_FIELDS:
            out.append((field, values))
        else:
            r.diags.append(Diagnostic("metric-invalid", f"不能按“{field}”筛选记录", r.key_source(field),
                                      "可按这些文字字段筛选：" + "、".join(TEXT_FIELDS)))
    r.finish()
    return tuple(out)


def _period(r: Reader | None) -> tuple[dt.date, dt.date] | None:
    if r is None:
        return None
    start, end = r.date("start", required=True), r.date("end", required=True)
    r.finish()
    if start is None or end is None:
        return None
    if start > end:
        r.diags.append(Diagnostic("bad-value", "统计期的开始日期晚于结束日期", r.source))
        return None
    return start, end


def _goal_bindings(r: Reader | None, metrics: dict[str, MetricSpec], goal_names: frozenset[str],
                   measures: Mapping[str, str], diags: list[Diagnostic]) -> dict[str, str]:
    if r is None:
        return {}
    out = {}
    for goal in list(r.node.keys()):
        name = r.text(goal)
        if goal not in goal_names:  # the key must be a goal's name, exactly
            diags.append(unknown_key(goal, r.key_source(goal), "绩效目标绑定（evidence.goals）", set(goal_names)))
            continue
        measure = measures.get(name)
        if name in metrics or measure is not None:
            out[goal] = measure if measure and name not in metrics else name
        elif name:
            diags.append(unknown_metric(name, r, set(metrics)))
    r.finish()
    return out


def unknown_metric(name: str, r: Reader, known: set[str]) -> Diagnostic:
    hint = ("已声明的指标数据：" + "、".join(sorted(known))) if known else "在 evidence.metrics 中声明该指标数据"
    return Diagnostic("unknown-metric", f"没有名为“{name}”的指标数据", r.source, hint)
