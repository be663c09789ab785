"""Random and malformed input never crashes an importer: what cannot be read is a diagnostic."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jixiao import RuleRegistry, default_registry
from jixiao.audit import default_checks
from jixiao.importers import import_report, read_document
from jixiao.importers.build import build
from jixiao.importers.extract import extract
from jixiao.importers.read_html import parse_html
from jixiao.importers.read_text import parse_text
from jixiao.review import review_file

CORPUS = Path(__file__).parent / "corpus"
RULES = default_registry()
CHECKS = default_checks()
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Words a report is made of, so random tables look like scoring tables often enough to go deep.
WORDS = ["一级指标", "二级指标", "三级指标", "权重", "得分", "评分标准", "实际完成值", "标杆值", "项目产出 (10分)",
         "4", "3.5", "100%", "75%", "12次", "≥98%", "①要点(1分)；②要点(2分)。", "=12次，得满分，否则按完成比例扣分。",
         "得分=通过率×权重。", "总分", "", "(7分)", "视满意度为90%", "未开展满意度调查", "预算执行率为 99.68%",
         "年初预算 61.91 万元", "实际支出 61.71 万元", "云安访系统", "云安防系统", "<p>", "—"]
cell = st.one_of(st.sampled_from(WORDS), st.text(max_size=12))
row = st.lists(cell, min_size=1, max_size=10).map("\t".join)
report_text = st.lists(st.one_of(row, st.sampled_from(WORDS), st.just("")), max_size=40).map("\n".join)


def rescore(text: str) -> None:
    imported = build(extract(parse_text(text, "随机.txt")), RULES)
    assert imported.yaml.startswith("# jixiao 项目文件")


@FAST
@given(report_text)
def test_random_tables_and_prose_never_crash(text: str) -> None:
    rescore(text)


@FAST
@given(st.text(max_size=400))
def test_any_text_never_crashes(text: str) -> None:
    rescore(text)


@FAST
@given(st.lists(st.one_of(st.sampled_from(["<table>", "</table>", "<tr>", "</tr>", "<td rowspan='3'>", "<td colspan=x>",
                                           "</td>", "<p>", "<th rowspan='99999'>", "<script>", "&nbsp;"]),
                          st.sampled_from(WORDS), st.text(max_size=8)), max_size=60).map("".join))
def test_random_html_never_crashes(markup: str) -> None:
    build(extract(parse_html(markup, "随机.html")), RULES)


@FAST
@given(st.binary(max_size=2000), st.sampled_from([".txt", ".html", ".docx", ".pdf", ".bin"]))
def test_random_bytes_in_any_format_are_a_diagnostic(tmp_path_factory: object, data: bytes, suffix: str) -> None:
    path = Path(str(tmp_path_factory.mktemp("fuzz"))) / f"随机{suffix}"  # type: ignore[attr-defined]
    path.write_bytes(data)
    review = review_file(path, RULES, CHECKS)
    assert review.diagnostics or review.imported is not None


def test_a_broken_declaration_keeps_what_came_before_and_says_where_the_rest_was_lost() -> None:
    # Python's HTMLParser asserts on "<![" with no name after it (found by the fuzzer above).
    document = parse_html("<p>一、项目概况</p>\n<![\x00 乱码", "报告.html")
    assert [(d.code, str(d.source)) for d in document.diagnostics] == [("import-unrecognized", "报告.html:2")]
    assert "一、项目概况" in str(document.blocks[0])


def test_binary_junk_posing_as_text(tmp_path: Path) -> None:
    path = tmp_path / "报告.txt"
    path.write_bytes(b"\x00\xff\xfe" * 100)
    assert [d.code for d in read_document(path).diagnostics] == ["import-not-text"]


def test_truncated_docx(tmp_path: Path) -> None:
    data = (CORPUS / "subsidy-allowance.docx").read_bytes()
    path = tmp_path / "截断.docx"
    path.write_bytes(data[: len(data) // 2])
    diags = read_document(path).diagnostics
    assert [d.code for d in diags] == ["file-unreadable"]
    assert "不是有效的 Word" in diags[0].message


def test_truncated_pdf(tmp_path: Path) -> None:
    data = (CORPUS / "construction-old-community.pdf").read_bytes()
    path = tmp_path / "截断.pdf"
    path.write_bytes(data[:5000])
    document = read_document(path)
    assert document.diagnostics or document.blocks is not None


def test_zip_bomb_posing_as_docx_is_refused_unopened(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"\0" * 30_000_000)
    path = tmp_path / "炸弹.docx"
    path.write_bytes(buffer.getvalue())
    diags = read_document(path).diagnostics
    assert "压缩炸弹" in diags[0].message


def test_enormous_cell_is_cut_with_a_warning() -> None:
    text = "一级指标\t三级指标\t权重\t得分\n项目产出 (10分)\t巡检\t10\t" + "9" * 50_000
    document = parse_text(text, "报告.txt")
    assert [d.code for d in document.diagnostics] == ["import-too-large"]


def test_table_without_header_is_a_diagnostic_and_the_text_still_comes_through(registry: RuleRegistry) -> None:
    imported = build(extract(parse_text("某报告\n项目\t4\t3\n另一项\t6\t6\n综合得分为 9 分。", "报告.txt")), registry)
    assert next(d.code for d in imported.diagnostics) == "import-no-table"
    assert imported.report.text_total is not None and imported.report.text_total.text == "9"


def test_unknown_format(tmp_path: Path) -> None:
    path = tmp_path / "报告.bin"
    path.write_bytes(b"\x00\x01\x02")
    assert [d.code for d in read_document(path).diagnostics] == ["import-unrecognized"]


def test_import_of_a_missing_file_is_a_diagnostic(tmp_path: Path) -> None:
    imported = import_report(tmp_path / "没有.txt", RULES)
    assert next(d.code for d in imported.diagnostics) == "file-unreadable"
