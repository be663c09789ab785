"""HTML, Word and PDF readers: merged cells, filler cells, located cells, and what they share."""

from __future__ import annotations

from pathlib import Path

from jixiao import RuleRegistry
from jixiao.importers import import_report, read_document
from jixiao.importers.extract import extract
from jixiao.importers.read_html import parse_html

CORPUS = Path(__file__).parent / "corpus"

HTML = """<html><body>
<h1>某项目绩效评价报告</h1>
<p>经评价，该项目综合得分为 8.5 分，评价等级为“差”。</p>
<table>
<tr><th colspan="3">评价指标</th><th>权重</th><th>评分标准</th><th>标杆值</th><th>实际完成值</th><th>得分</th></tr>
<tr><th>一级指标</th><th>二级指标</th><th>三级指标</th><th></th><th></th><th></th><th></th><th></th></tr>
<tr><td rowspan="2">项目产出 (10分)</td><td rowspan="2">产出数量 (10分)</td><td>巡检次数</td><td>6</td>
    <td>巡检次数=12次，得满分，否则按完成比例扣分。</td><td>12次</td><td>9次</td><td>4.5</td></tr>
<tr><td>验收通过率</td><td>4</td><td>得分=验收通过率×权重。</td><td>100%</td><td>100%</td><td>&nbsp;4&nbsp;</td></tr>
<tr><td colspan="3">总分</td><td>10</td><td></td><td></td><td></td><td>8.5</td></tr>
</table></body></html>
"""


def test_html_rowspan_and_colspan_become_one_value_per_row() -> None:
    report = extract(parse_html(HTML, "报告.html"))
    assert [(n.name.text, n.weight) for n in report.nodes()] == [
        ("项目产出", 10), ("产出数量", 10), ("巡检次数", 6), ("验收通过率", 4)]
    leaf = list(report.leaves())[1]
    assert leaf.cell("score") == "4"  # &nbsp; filler trimmed
    assert str(leaf.cells["score"].source) == "报告.html:9（表1第4行第8列）"
    assert report.table_total is not None and report.table_total.text == "8.5"
    assert report.text_total is not None and report.text_total.text == "8.5"


def test_docx_merged_cells_and_paragraphs(tmp_path: Path, registry: RuleRegistry) -> None:
    import docx

    document = docx.Document()
    document.add_paragraph("某区文化局（以下简称“区文化局”）对“送戏下乡”项目实施绩效评价。")
    rows = [["一级指标", "二级指标", "三级指标", "权重", "评分标准", "标杆值", "实际完成值", "得分"],
            ["项目产出 (10分)", "产出数量 (10分)", "演出场次", "6", "演出场次=20场，得满分，否则按完成比例扣分。", "20场", "20场", "6"],
            ["", "", "演出验收合格率", "4", "得分=演出验收合格率×权重。", "100%", "100%", "4"]]
    table = document.add_table(rows=3, cols=8)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    table.cell(1, 0).merge(table.cell(2, 0))
    table.cell(1, 1).merge(table.cell(2, 1))
    path = tmp_path / "报告.docx"
    document.save(str(path))
    imported = import_report(path, registry)
    report = imported.report
    assert report.info.name is not None and report.info.name.text == "送戏下乡"
    assert report.info.department is not None and report.info.department.text == "某区文化局"
    assert [n.name.text for n in report.nodes()] == ["项目产出", "产出数量", "演出场次", "演出验收合格率"]
    assert str(list(report.leaves())[1].cells["actual"].source) == "报告.docx:表1第3行第7列"
    assert {k: s.kind for k, s in imported.specs.items()} == {"演出场次": "completion", "演出验收合格率": "rate"}


def test_every_format_of_one_report_reads_the_same_leaves() -> None:
    def leaves(suffix: str) -> list[tuple[str, str, str]]:
        report = extract(read_document(CORPUS / f"construction-old-community.{suffix}"))
        return [(n.name.text, n.cell("actual"), n.cell("score")) for n in report.leaves()]

    text = leaves("txt")
    assert len(text) == 17
    assert leaves("html") == text
    assert leaves("docx") == text
    assert leaves("pdf") == text


def test_pdf_cells_are_located_by_page() -> None:
    report = extract(read_document(CORPUS / "construction-old-community.pdf"))
    assert str(next(report.leaves()).name.source).startswith("construction-old-community.pdf:第")
