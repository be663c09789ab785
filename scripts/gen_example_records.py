#!/usr/bin/env python3
"""Write the example project's 2023 work log: examples/yantian-it-om-2023/records/*.csv.

A realistic, deterministic O&M ledger for the seed's three systems: the work the contract asks
for (daily monitoring, monthly log analysis, trainings, monthly and quarterly reports, on-site
inspections), faults with their reported/responded/solved/report-submitted times, and the
payments. It states the plan of work, never a result: the example's counts and timeliness rates
are computed from these rows by ``jixiao score``. One fault is solved on the last working day
before the 2023 National Day holiday, so its report deadline ("5个工作日内") runs across the
holiday and the make-up working days of 7-8 October.

Run: ``python scripts/gen_example_records.py`` (same output every time).
"""

from __future__ import annotations

import csv
import datetime as dt
import random
from decimal import Decimal
from pathlib import Path

from jixiao.evidence.calendar import WorkCalendar, official_calendar

OUT = Path(__file__).resolve().parent.parent / "examples" / "yantian-it-om-2023" / "records"
PROVINCE = "省一体化信访信息系统"
COMMAND = "盐田区群众诉求智慧指挥系统"
CLOUD = "云安访系统"
HEADER = ["编号", "日期", "系统", "类型", "报告时间", "响应时间", "解决时间", "提交时间", "所属期", "金额", "结果", "备注"]
YEAR = 2023
# The contract: 4 payments of the O&M fee (万元), the last after the year's acceptance.
PAYMENTS = (("2023-04-20", "15.43"), ("2023-07-20", "15.43"), ("2023-10-20", "15.43"), ("2024-01-19", "15.42"))


class Log:
    """Rows in the making, numbered as they are added."""

    def __init__(self) -> None:
        self.rows: list[dict[str, str]] = []

    def add(self, **cells: str) -> None:
        self.rows.append(cells)

    def sorted_rows(self) -> list[list[str]]:
        keys = ("编号", "日期", "系统", "类型", "报告时间", "响应时间", "解决时间", "提交时间", "所属期", "金额",
                "结果", "备注")
        ordered = sorted(self.rows, key=lambda r: (r.get("日期") or r.get("报告时间") or r.get("提交时间", ""),
                                                    r.get("系统", ""), r.get("类型", "")))
        return [[f"R{n:04d}" if k == "编号" else row.get(k, "") for k in keys] for n, row in enumerate(ordered, 1)]


def workday_on_or_after(day: dt.date, cal: WorkCalendar) -> dt.date:
    while not cal.is_workday(day):
        day += dt.timedelta(days=1)
    return day


def stamp(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M")


def at(day: dt.date, rng: random.Random, first: int = 9, last: int = 17) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.randint(first, last - 1), rng.choice((0, 10, 20, 30, 40, 50))))


def routine(log: Log, rng: random.Random, cal: WorkCalendar) -> None:
    day = dt.date(YEAR, 1, 1)
    while day.year == YEAR:  # monitoring runs every day, holidays included
        log.add(日期=day.isoformat(), 系统=PROVINCE, 类型="运行环境监测", 备注="巡查服务器、数据库与网络运行环境")
        day += dt.timedelta(days=1)
    for month in range(1, 13):
        day = workday_on_or_after(dt.date(YEAR, month, rng.randint(18, 25)), cal)
        log.add(日期=day.isoformat(), 系统=PROVINCE, 类型="日志分析", 所属期=f"{YEAR}-{month:02d}")
        day = workday_on_or_after(dt.date(YEAR, month, rng.randint(6, 14)), cal)
        log.add(日期=day.isoformat(), 系统=CLOUD, 类型="上门巡检", 备注="到场检查终端与网络")
    for month in (3, 6, 9, 11):
        day = workday_on_or_after(dt.date(YEAR, month, rng.randint(10, 20)), cal)
        log.add(日期=day.isoformat(), 系统=PROVINCE, 类型="系统培训")
        day = workday_on_or_after(dt.date(YEAR, month, rng.randint(21, 27)), cal)
        log.add(日期=day.isoformat(), 系统=COMMAND, 类型="操作培训")
    for month in (4, 8, 12):
        day = workday_on_or_after(dt.date(YEAR, month, rng.randint(15, 22)), cal)
        log.add(日期=day.isoformat(), 系统=COMMAND, 类型="巡检报告")


def reports(log: Log, rng: random.Random, cal: WorkCalendar) -> None:
    # The monthly reports start with the service in March; each is due by day 10 of the next month.
    for month in range(3, 13):
        year, due_month = (YEAR + 1, 1) if month == 12 else (YEAR, month + 1)
        latest = 10 if month == 6 else rng.randint(4, 9)  # June's arrives on the last allowed day
        day = dt.date(year, due_month, latest)
        while not cal.is_workday(day):
            day -= dt.timedelta(days=1)
        log.add(日期=day.isoformat(), 系统=COMMAND, 类型="运维月报", 提交时间=stamp(at(day, rng)),
                所属期=f"{YEAR}-{month:02d}")
    for quarter in range(1, 5):
        year, month = (YEAR + 1, 1) if quarter == 4 else (YEAR, quarter * 3 + 1)
        day = workday_on_or_after(dt.date(year, month, rng.randint(5, 12)), cal)
        log.add(日期=day.isoformat(), 系统=CLOUD, 类型="季度巡检报告", 提交时间=stamp(at(day, rng)),
                所属期=f"{YEAR}Q{quarter}")


# (system, reported, minutes to respond, hours to solve, working days to the report, outage?)
FAULTS = (
    (COMMAND, dt.datetime(2023, 2, 14, 10, 20), 35, Decimal(3), 2, False),
    (PROVINCE, dt.datetime(2023, 3, 30, 15, 5), 50, Decimal("1.5"), 3, False),
    (COMMAND, dt.datetime(2023, 5, 9, 9, 40), 120, Decimal(4), 4, False),  # answered at the 2-hour limit
    (CLOUD, dt.datetime(2023, 6, 19, 14, 10), 10, Decimal("0.25"), 1, True),  # 25 minutes down: 100.00%
    (COMMAND, dt.datetime(2023, 8, 22, 16, 0), 70, Decimal(20), 3, False),
    (COMMAND, dt.datetime(2023, 9, 28, 10, 15), 40, Decimal(5), 5, False),  # report due across 国庆
    (PROVINCE, dt.datetime(2023, 11, 6, 11, 30), 15, Decimal(2), 2, False),
    (CLOUD, dt.datetime(2023, 12, 27, 9, 50), 60, Decimal(6), 4, False),
)


def faults(log: Log, rng: random.Random, cal: WorkCalendar) -> None:
    for system, reported, respond, solve_hours, report_days, outage in FAULTS:
        responded = reported + dt.timedelta(minutes=respond)
        solved = responded + dt.timedelta(minutes=int(solve_hours * 60))
        report_day = cal.add_workdays(solved.date(), report_days)
        assert report_day is not None
        submitted = at(report_day, rng, 9, 12)
        log.add(日期=reported.date().isoformat(), 系统=system, 类型="故障", 报告时间=stamp(reported),
                响应时间=stamp(responded), 解决时间=stamp(solved), 提交时间=stamp(submitted),
                结果="服务中断" if outage else "未中断", 备注="故障维护报告已提交")


def payments(log: Log) -> None:
    for day, amount in PAYMENTS:
        log.add(日期=day, 类型="支付", 金额=amount, 备注="运维服务费")


def write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(HEADER)
        writer.writerows(rows)


def main() -> None:
    rng, cal = random.Random(YEAR), official_calendar()
    work, money = Log(), Log()
    routine(work, rng, cal)
    reports(work, rng, cal)
    faults(work, rng, cal)
    payments(money)
    OUT.mkdir(parents=True, exist_ok=True)
    write(OUT / "worklog-2023.csv", work.sorted_rows())
    write(OUT / "payments.csv", money.sorted_rows())
    print(f"wrote {len(work.rows)} work records and {len(money.rows)} payments to {OUT}")


if __name__ == "__main__":
    main()
