"""Records loaded and metrics computed per second, for a ledger of 100,000 work records.

    python benchmarks/records.py [N]

Writes a synthetic CSV ledger of N records (default 100,000: daily monitoring of many systems,
reports with periods, faults with four times, payments), then times: reading it (rows per second),
and computing a metric of each kind over it (count, on_time with a working-day deadline, max,
percentile, availability, sum). The floor is ``csv.reader`` alone over the same file, so the
ratio shows what parsing times, periods and locations costs on top. Aim: the whole 100,000-row
ledger loaded and every metric computed in under a few seconds.
"""

from __future__ import annotations

import csv
import datetime as dt
import random
import sys
import tempfile
import time
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from jixiao.diagnostics import Diagnostic, Source
from jixiao.evidence.calendar import official_calendar
from jixiao.evidence.deadline import parse_deadline
from jixiao.evidence.metrics import compute_metric
from jixiao.evidence.records import FIELDS, RecordFile, read_ledger
from jixiao.evidence.spec import Evidence, MetricSpec

T = TypeVar("T")
HEADER = ["编号", "日期", "系统", "类型", "报告时间", "响应时间", "解决时间", "提交时间", "所属期", "金额", "结果"]


def write_ledger(path: Path, n: int) -> None:
    rng = random.Random(7)
    start = dt.datetime(2023, 1, 1, 8, 0)
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for i in range(n):
            when = start + dt.timedelta(minutes=rng.randrange(365 * 24 * 60))
            writer.writerow(_row(i, when, rng))


def _row(i: int, when: dt.datetime, rng: random.Random) -> list[str]:
    system = f"系统{i % 50:02d}"
    stamp = when.strftime("%Y-%m-%d %H:%M")
    kind = i % 10
    if kind < 6:
        return [f"R{i}", when.date().isoformat(), system, "运行环境监测", "", "", "", "", "", "", ""]
    if kind < 8:
        sent = when + dt.timedelta(days=rng.randrange(1, 15))
        return [f"R{i}", sent.date().isoformat(), system, "运维月报", "", "", "", sent.strftime("%Y-%m-%d %H:%M"),
                f"{when.year}-{when.month:02d}", "", ""]
    if kind < 9:
        responded = when + dt.timedelta(minutes=rng.randrange(5, 150))
        solved = responded + dt.timedelta(hours=rng.randrange(1, 30))
        sent = solved + dt.timedelta(days=rng.randrange(0, 9))
        return [f"R{i}", "", system, "故障", stamp, responded.strftime("%Y-%m-%d %H:%M"),
                solved.strftime("%Y-%m-%d %H:%M"), sent.strftime("%Y-%m-%d %H:%M"), "", "",
                "服务中断" if i % 7 == 0 else "未中断"]
    return [f"R{i}", when.date().isoformat(), "", "支付", "", "", "", "", "", f"{rng.randrange(1, 500)}.{i % 100:02d}", ""]


METRICS = (
    MetricSpec("监测天数", "count", Source("bench"), (("kind", frozenset({"运行环境监测"})),), "次", "date"),
    MetricSpec("月报及时率", "on_time", Source("bench"), (("kind", frozenset({"运维月报"})),), start="period_end",
               end="submitted", deadline=parse_deadline("次月10日前")),
    MetricSpec("故障报告及时率", "on_time", Source("bench"), (("kind", frozenset({"故障"})),), start="solved",
               end="submitted", deadline=parse_deadline("5个工作日内")),
    MetricSpec("最长响应", "max", Source("bench"), (("kind", frozenset({"故障"})),), "小时", start="reported",
               end="responded"),
    MetricSpec("P95响应", "percentile", Source("bench"), (("kind", frozenset({"故障"})),), "分钟", start="reported",
               end="responded", percentile=Decimal(95)),
    MetricSpec("可用率", "availability", Source("bench"), (("result", frozenset({"服务中断"})),), start="reported",
               end="solved"),
    MetricSpec("支付", "sum", Source("bench"), (("kind", frozenset({"支付"})),)),
)


def timed(work: Callable[[], T]) -> tuple[float, T]:
    start = time.perf_counter()
    value = work()
    return time.perf_counter() - start, value


def main(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "ledger.csv"
        write_ledger(path, n)
        floor, _ = timed(lambda: sum(1 for _ in csv.reader(path.open(encoding="utf-8"))))
        diags: list[Diagnostic] = []
        load_s, records = timed(lambda: read_ledger(RecordFile(path, "ledger.csv", FIELDS), diags))
    assert not diags, diags[:3]
    evidence = Evidence(tuple(records), ("ledger.csv",), {m.name: m for m in METRICS}, official_calendar(),
                        {}, (dt.date(2023, 1, 1), dt.date(2023, 12, 31)), Source("bench"))
    print(f"{n:,} records: loaded in {load_s:.2f} s = {n / load_s:,.0f} records/s "
          f"(csv.reader alone {floor:.3f} s; ratio {load_s / floor:.1f}x)")
    total = load_s
    for spec in METRICS:
        seconds, value = timed(lambda spec=spec: compute_metric(spec, evidence))  # type: ignore[misc]
        total += seconds
        print(f"  {spec.kind:<12} {spec.name:<8} {seconds:.3f} s = {n / seconds:,.0f} records/s   → {value.show()}")
    print(f"load + {len(METRICS)} metrics: {total:.2f} s (aim: under a few seconds)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
