"""A file that holds several forms one after another (a unit publishes all its projects' forms in
one PDF or one web page): each form is reviewed as a document of its own, in the CLI, the batch
summary and the JSON, and its findings are its own."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from jixiao import RuleRegistry
from jixiao.audit import default_checks
from jixiao.cli import main
from jixiao.importers import read_document
from jixiao.importers.form import read_form, read_forms
from jixiao.review import review_file
from jixiao.review.batch import review_many

from .test_form import CELLS, write


def _second() -> list[str]:
    """Another project's form, its 总分 written as 96.75 where its scores add up to 95.75."""
    renamed = {"社区养老服务补助": "老年助餐补贴", "某区养老服务中心": "某区助餐服务中心", "老人满意度": "助餐满意度",
               "95.75": "96.75"}
    return [renamed.get(c, c) for c in CELLS]


def _two(tmp_path: Path) -> Path:
    return write(tmp_path, "某区民政局自评表.txt", "\n".join([*CELLS, *_second()]))


def test_each_form_of_a_file_is_read_with_its_own_header_funds_and_rows(tmp_path: Path) -> None:
    forms = read_forms(read_document(_two(tmp_path)))
    assert [(f.header["项目名称"].text, f.header["实施单位"].text, len(f.rows), f.total.text if f.total else None)
            for f in forms] == [("社区养老服务补助", "某区养老服务中心", 4, "95.75"), ("老年助餐补贴", "某区助餐服务中心", 4, "96.75")]
    assert [f.left for f in forms] == [(), ()]  # each table is reviewed: none is left unreviewed
    single = read_form(read_document(write(tmp_path, "一份.txt", "\n".join(CELLS))))
    assert single is not None and read_forms(read_document(tmp_path / "一份.txt")) == [single]


def test_each_form_is_reviewed_on_its_own(tmp_path: Path, registry: RuleRegistry) -> None:
    review = review_file(_two(tmp_path), registry, default_checks())
    assert [(r.file, str(r.rescored_total), [f.code for f in r.findings]) for r in review.every] == [
        ("某区民政局自评表.txt（第1份）", "95.75", []),
        ("某区民政局自评表.txt（第2份）", "95.75", ["score-total"]),
    ]


def test_the_cli_prints_each_form_and_the_summary_has_a_row_for_each(tmp_path: Path) -> None:
    path = _two(tmp_path)
    result = CliRunner().invoke(main, ["review", str(path)], catch_exceptions=False)
    assert result.exit_code == 1  # the second form's total is wrong
    assert "某区民政局自评表.txt 中有 2 份自评表，逐份复核如下。" in result.output
    assert "复核：某区民政局自评表.txt（第1份）" in result.output and "复核：某区民政局自评表.txt（第2份）" in result.output
    data = json.loads(CliRunner().invoke(main, ["review", str(path), "--json"]).output)
    assert data["project"]["name"] == "社区养老服务补助"
    assert [(p["file"], p["project"]["name"]) for p in data["parts"]] == [("某区民政局自评表.txt（第2份）", "老年助餐补贴")]
    rows = review_many([path])
    assert [(Path(o.file).name, o.project, o.errors) for o in rows] == [
        ("某区民政局自评表.txt（第1份）", "社区养老服务补助", 0), ("某区民政局自评表.txt（第2份）", "老年助餐补贴", 1)]


def test_an_opinion_is_written_for_each_form(tmp_path: Path) -> None:
    out = tmp_path / "意见.html"
    result = CliRunner().invoke(main, ["review", str(_two(tmp_path)), "-o", str(out)], catch_exceptions=False)
    assert result.exit_code == 1
    assert "社区养老服务补助" in out.read_text(encoding="utf-8")
    assert "老年助餐补贴" in (tmp_path / "意见-第2份.html").read_text(encoding="utf-8")


def test_findings_are_numbered_through_the_file_and_dismissed_by_that_number(tmp_path: Path) -> None:
    """The second form's finding is the file's first: --dismiss 1 sets it aside, and it stays set
    aside the next time the file is reviewed."""
    path = _two(tmp_path)
    printed = CliRunner().invoke(main, ["review", str(path)]).output
    assert "\n1. [score-total] 错误·确定：报告所列总分为“96.75”" in printed
    dismissed = CliRunner().invoke(main, ["review", str(path), "--dismiss", "1", "--reason", "总分笔误，已另行核实"])
    assert dismissed.exit_code == 0, dismissed.output
    again = CliRunner().invoke(main, ["review", str(path)])
    assert again.exit_code == 0 and "理由：总分笔误，已另行核实" in again.output


def test_each_summary_row_carries_its_own_forms_review(tmp_path: Path) -> None:
    rows = review_many([_two(tmp_path)])
    assert ["parts" in o.review for o in rows] == [False, False]
    assert [o.review["project"]["name"] for o in rows] == ["社区养老服务补助", "老年助餐补贴"]
