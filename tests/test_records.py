"""Reading work records: declared columns, located rows, bad rows reported and skipped."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from jixiao.diagnostics import Diagnostic
from jixiao.evidence.records import FIELDS, RecordFile, parse_period, parse_when, read_ledger

LEDGER = """\
编号,日期,系统,类型,报告时间,解决时间,提交时间,所属期,金额
R1,2023-03-01,甲系统,日志分析,,,,,
R2,,甲系统,故障,2023/3/5 14:30,2023-03-05 16:00,2023-03-07 09:00,,
R3,2023-04-06,甲系统,运维月报,,,2023-04-06 10:00,2023-03,
R4,2023-04-20,,支付,,,,,15.43
"""


def ledger(tmp_path: Path, text: str, name: str = "log.csv", encoding: str = "utf-8", **kw: object) -> RecordFile:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return RecordFile(path, name, kw.pop("columns", FIELDS), **kw)  # type: ignore[arg-type]


def test_every_row_becomes_a_record_that_knows_its_line(tmp_path: Path) -> None:
    diags: list[Diagnostic] = []
    records = read_ledger(ledger(tmp_path, LEDGER), diags)
    assert diags == []
    assert [(r.id, r.kind, str(r.source)) for r in records] == [
        ("R1", "日志分析", "log.csv:2"), ("R2", "故障", "log.csv:3"), ("R3", "运维月报", "log.csv:4"),
        ("R4", "支付", "log.csv:5")]
    fault, report, payment = records[1], records[2], records[3]
    assert fault.date == dt.date(2023, 3, 5)  # no 日期: the reported time gives the day
    assert fault.solved == dt.datetime(2023, 3, 5, 16, 0)
    assert (report.period_start, report.period_end) == (dt.date(2023, 3, 1), dt.date(2023, 3, 31))
    assert str(payment.amount) == "15.43"


def test_a_bad_cell_drops_its_row_only_and_says_where_and_how(tmp_path: Path) -> None:
    text = LEDGER.replace("2023/3/5 14:30", "3月5日下午").replace("15.43", "十五万")
    diags: list[Diagnostic] = []
    records = read_ledger(ledger(tmp_path, text), diags)
    assert [r.id for r in records] == ["R1", "R3"]
    assert [d.format() for d in diags] == [
        "log.csv:3: [record-invalid] 错误：时间“3月5日下午”无法识别，本行未载入（时间写成如 2023-03-05 14:30）",
        "log.csv:5: [record-invalid] 错误：金额“十五万”无法识别，本行未载入（金额写成万元数字，如 15.43）",
    ]


def test_a_kind_can_require_its_own_times(tmp_path: Path) -> None:
    text = LEDGER.replace("2023-03-05 16:00", "")
    diags: list[Diagnostic] = []
    records = read_ledger(ledger(tmp_path, text, required={"故障": ("reported", "solved")}), diags)
    assert "R2" not in [r.id for r in records]
    assert [d.message for d in diags] == ["故障缺少“解决时间”，本行未载入"]


def test_declared_columns_map_other_headers(tmp_path: Path) -> None:
    text = "工单号,发生日期,业务系统,工作类别\nA-7,2023-06-01,乙系统,巡检\n"
    columns = {**FIELDS, "id": "工单号", "date": "发生日期", "system": "业务系统", "kind": "工作类别"}
    records = read_ledger(ledger(tmp_path, text, columns=columns), [])
    assert [(r.id, r.system, r.kind, r.date) for r in records] == [("A-7", "乙系统", "巡检", dt.date(2023, 6, 1))]


def test_a_file_without_the_needed_columns_says_which(tmp_path: Path) -> None:
    diags: list[Diagnostic] = []
    assert read_ledger(ledger(tmp_path, "时间,内容\n2023-01-01,巡检\n"), diags) == []
    assert [d.format() for d in diags] == [
        "log.csv:1: [record-columns] 错误：记录文件缺少必需的列 “类型”、“日期”（表头现有：时间、内容；"
        "在 evidence.records 的 columns 中声明列名，或按 docs/evidence.md 改表头）"]


def test_an_empty_file_and_a_header_only_file_have_no_records(tmp_path: Path) -> None:
    diags: list[Diagnostic] = []
    assert read_ledger(ledger(tmp_path, "日期,类型\n\n"), diags) == []
    assert diags == []
    assert read_ledger(ledger(tmp_path, ""), diags) == []
    assert [d.format() for d in diags] == ["log.csv: [record-columns] 警告：记录文件是空的（确认导出的文件含表头和记录）"]


def test_a_missing_file_is_a_message_not_a_crash(tmp_path: Path) -> None:
    diags: list[Diagnostic] = []
    spec = RecordFile(tmp_path / "nowhere.csv", "records/nowhere.csv", FIELDS)
    assert read_ledger(spec, diags) == []
    assert [(d.code, str(d.source), d.message) for d in diags] == [
        ("record-file-missing", "records/nowhere.csv", "找不到记录文件“records/nowhere.csv”")]


def test_a_csv_saved_by_excel_as_gbk_reads(tmp_path: Path) -> None:
    records = read_ledger(ledger(tmp_path, LEDGER, encoding="gbk"), [])
    assert [r.system for r in records][:3] == ["甲系统", "甲系统", "甲系统"]


def test_an_xlsx_ledger_names_sheet_and_cell(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "故障登记"
    sheet.append(["类型", "系统", "报告时间", "解决时间"])
    sheet.append(["故障", "甲系统", dt.datetime(2023, 9, 28, 10, 15), dt.datetime(2023, 9, 28, 15, 55)])
    sheet.append(["故障", "甲系统", "昨天", None])
    book.save(tmp_path / "faults.xlsx")
    diags: list[Diagnostic] = []
    records = read_ledger(RecordFile(tmp_path / "faults.xlsx", "faults.xlsx", FIELDS, "故障登记"), diags)
    assert [(str(r.source), r.solved) for r in records] == [("faults.xlsx:故障登记!A2", dt.datetime(2023, 9, 28, 15, 55))]
    assert [str(d.source) for d in diags] == ["faults.xlsx:故障登记!C3"]


def test_time_and_period_spellings() -> None:
    assert parse_when("2023年3月5日") == dt.datetime(2023, 3, 5)
    assert parse_when("2023.3.5 8:05:30") == dt.datetime(2023, 3, 5, 8, 5, 30)
    assert parse_when("2023-02-30") is None
    assert parse_period("2023Q4") == (dt.date(2023, 10, 1), dt.date(2023, 12, 31))
    assert parse_period("2023年第1季度") == (dt.date(2023, 1, 1), dt.date(2023, 3, 31))
    assert parse_period("2024-02") == (dt.date(2024, 2, 1), dt.date(2024, 2, 29))
    assert parse_period("2023") == (dt.date(2023, 1, 1), dt.date(2023, 12, 31))
    assert parse_period("2023-03-01~2023-03-15") == (dt.date(2023, 3, 1), dt.date(2023, 3, 15))
    assert parse_period("2023-13") is None


def test_attachments_are_checked_against_their_checksums(tmp_path: Path) -> None:
    import hashlib

    from jixiao.evidence.attachments import verify_attachments

    (tmp_path / "附件").mkdir()
    (tmp_path / "附件" / "月报-03.pdf").write_bytes(b"March report")
    good = hashlib.sha256(b"March report").hexdigest()
    text = ("类型,日期,附件,校验值\n"
            f"运维月报,2023-04-06,附件/月报-03.pdf,sha256:{good}\n"
            f"运维月报,2023-05-06,附件/月报-03.pdf,{hashlib.md5(b'April report').hexdigest()}\n"
            "运维月报,2023-06-06,附件/月报-05.pdf,\n")
    records = read_ledger(ledger(tmp_path, text), [])
    diags: list[Diagnostic] = []
    verify_attachments(records, tmp_path, diags)
    assert [(str(d.source), d.severity.value, d.message.split("（")[0]) for d in diags] == [
        ("log.csv:3", "error", "附件“附件/月报-03.pdf”与校验值不符"),
        ("log.csv:4", "warning", "附件“附件/月报-05.pdf”不存在"),
    ]
