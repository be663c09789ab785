"""Batch review (批量复核): which files a folder gives, one summary row per document, the opinion
in one sentence, the order a reviewer reads them in, the summary table, and the command."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from collections.abc import Iterable
from decimal import Decimal
from pathlib import Path
from typing import ClassVar

import openpyxl
import pytest
from click.testing import CliRunner

from jixiao.audit import Check, CheckRegistry, Finding, Subject, default_checks
from jixiao.cli import main
from jixiao.diagnostics import Severity
from jixiao.review import review_file
from jixiao.review.batch import Outcome, collect, opinion, review_many, sort_rows, to_html, write_summary
from jixiao.review.render import write_opinion
from jixiao.rules import default_registry
from jixiao.rules.base import RuleRegistry

from .conftest import ROOT

CORPUS = ROOT / "tests" / "corpus"
SEED = CORPUS / "seed-yantian-it-om.txt"
CLEAN = CORPUS / "clean-river-cleaning.txt"
FORM = CORPUS / "real" / "005-yunnan-yongde-yingyang-gaishan.txt"
PROJECT = ROOT / "examples" / "yantian-it-om-2023" / "project.yaml"


@pytest.fixture
def broken(tmp_path: Path) -> Path:
    path = tmp_path / "损坏的报告.pdf"
    path.write_bytes(b"\x00\x01 not a pdf at all" * 50)
    return path


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


# -- collect ----------------------------------------------------------------------------------


def test_a_folder_gives_its_documents_and_not_lock_hidden_or_jixiaos_own_files(tmp_path: Path) -> None:
    folder = tmp_path / "收件"
    (folder / "单位A").mkdir(parents=True)
    (folder / ".git").mkdir()
    for name in ("b报告.txt", "单位A/自评表.docx", "单位A/c.pdf", "d.xlsx", "e.html"):
        (folder / name).write_bytes(b"x")
    for name in (".隐藏.txt", ".git/x.txt", "~$自评表.docx", "说明.md", "manifest.yaml"):
        (folder / name).write_text("x: 1\n", encoding="utf-8")
    shutil.copy(PROJECT, folder / "项目.yaml")  # a jixiao project file says so on its first lines
    review = review_file(CLEAN, default_registry(), default_checks())
    write_opinion(review, folder / "复核意见.html")
    write_opinion(review, folder / "复核意见.docx")
    rows = review_many([CLEAN])
    write_summary(rows, folder / "复核汇总.xlsx")
    write_summary(rows, folder / "复核汇总.html")

    files, diags = collect([folder, folder / "b报告.txt", tmp_path / "没有这个文件夹"])

    assert [f.relative_to(folder).as_posix() for f in files] == [
        "b报告.txt", "d.xlsx", "e.html", "单位A/c.pdf", "单位A/自评表.docx", "项目.yaml"]
    assert [d.format() for d in diags] == [
        f"{tmp_path / '没有这个文件夹'}: [file-unreadable] 错误：找不到文件或文件夹：{tmp_path / '没有这个文件夹'}（检查路径是否写对）"]


def test_a_file_named_is_kept_whatever_its_suffix(tmp_path: Path) -> None:
    odd = tmp_path / "报告.doc"
    odd.write_bytes(b"x")
    assert collect([odd]) == ([odd], [])


# -- review_many ------------------------------------------------------------------------------


def test_one_worker_and_two_give_the_same_rows_in_input_order(broken: Path) -> None:
    paths = [SEED, CLEAN, FORM, broken]
    seen: list[tuple[int, int, str]] = []
    alone = review_many(paths, workers=1, progress=lambda done, total, name: seen.append((done, total, name)))
    pooled = review_many(paths, workers=2)
    assert alone == pooled
    assert [o.file for o in alone] == [str(p) for p in paths]
    assert seen[-1][:2] == (4, 4) and sorted(s[2] for s in seen) == sorted(p.name for p in paths)


def test_the_summary_row_says_what_the_document_states_and_what_jixiao_recomputes(broken: Path) -> None:
    seed, clean, form, junk, project = review_many([SEED, CLEAN, FORM, broken, PROJECT])
    assert (seed.project, seed.unit, seed.year, seed.kind) == ("信息化项目运维服务费", "深圳市盐田区信访局", "2023", "报告")
    assert (seed.stated, seed.stated_grade, seed.recomputed, seed.recomputed_grade) == (Decimal(98), "优", Decimal("98.00"), "优")
    assert (seed.difference, seed.errors, seed.warnings, seed.infos) == (Decimal(0), 1, 8, 0)
    assert seed.top_grade == "错误·确定" and "98.72%" in seed.top_message and seed.failed
    assert (clean.stated, clean.recomputed, clean.errors + clean.warnings, clean.failed) == (
        Decimal("99.36"), Decimal("99.36"), 0, False)
    assert form.kind == "自评表" and form.unit == "永德县教育体育局"
    assert junk.unread and junk.failed and junk.recomputed_text == "未复算" and junk.kind == ""
    assert project.kind == "项目文件" and project.stated is None and project.difference is None
    assert seed.review["rescored"]["total"] == "98.00"  # the whole review, as --json gives it


class Crashes(Check):
    """A check with a bug: it raises on every document, or kills its process on one."""

    code = "crashes"
    title = "出错"
    severity = Severity.ERROR
    subject = "figure"
    fatal: ClassVar[str] = "会让进程退出.txt"

    def run(self, subject: Subject) -> Iterable[Finding]:
        if subject.file == self.fatal:
            os._exit(3)
        raise RuntimeError("读取器的缺陷")


def crashing_setup() -> tuple[RuleRegistry, CheckRegistry]:
    return default_registry(), CheckRegistry([Crashes()])


def test_a_document_that_crashes_the_reader_is_a_row_not_a_stopped_batch(tmp_path: Path) -> None:
    rows = review_many([CLEAN, SEED], crashing_setup)
    assert [o.opinion for o in rows] == ["复核时程序出错（RuntimeError: 读取器的缺陷），需人工复核。"] * 2
    assert all(o.failed and o.error for o in rows)


def test_a_document_that_kills_its_worker_takes_only_itself_down(tmp_path: Path) -> None:
    fatal = tmp_path / Crashes.fatal
    shutil.copy(CLEAN, fatal)
    rows = review_many([SEED, CLEAN, fatal, SEED, CLEAN, SEED], crashing_setup, workers=2)
    assert [o.error == "复核进程意外退出" for o in rows] == [False, False, True, False, False, False]
    assert {o.error for o in rows} == {"复核进程意外退出", "RuntimeError: 读取器的缺陷"}


# -- the opinion ------------------------------------------------------------------------------


def test_the_opinion_in_one_sentence(broken: Path) -> None:
    seed, clean, junk = review_many([SEED, CLEAN, broken])
    assert clean.opinion == "复算总分与所报一致，未发现问题。"
    assert seed.opinion.startswith("发现 1 项确定错误：报告称“2023 年，区信访局未对信息化项目运维服务费项目")
    assert seed.opinion.endswith("…，建议退回修改。")
    assert junk.opinion.startswith("未能读出评分表（不是有效的 PDF 文件") and junk.opinion.endswith("），需人工复核。")


def test_the_opinion_rules_in_order() -> None:
    assert opinion(Outcome("a.txt", failed=True, reason="评分表的行无法读取")) == "读取文件时出错（评分表的行无法读取），需人工复核。"
    assert opinion(Outcome("b.txt", stated=Decimal(90), recomputed=Decimal(88), difference=Decimal(-2))) == \
        "复算总分与所报相差 -2.00 分，建议核实。"
    assert opinion(Outcome("c.txt", recomputed=Decimal(88))) == "文件未写明总分，复算总分 88.00 分，未发现问题。"
    assert opinion(Outcome("d.txt", stated=Decimal(90), not_recomputed="1 个指标既无法复算、文件也未列得分：巡检次数")) \
        == "复算总分未能得出（1 个指标既无法复算、文件也未列得分：巡检次数），需人工复核。"
    # the table read is clean, but a second one was not reviewed: no "未发现问题" for the document
    funds_only = Outcome("f.txt", unread=True, top_grade="错误·确定", top_message="自评表预算执行得分“19”有误")
    assert opinion(funds_only) == "未能读出评分表，需人工复核；已读出的部分发现问题：自评表预算执行得分“19”有误。"
    left = Outcome("e.txt", stated=Decimal(90), recomputed=Decimal(90), difference=Decimal(0), left=1)
    assert (opinion(left), left.tier) == ("文件中另有 1 张指标表未复核，需人工复核。", 2)


# -- order and the summary table --------------------------------------------------------------


def test_the_rows_that_need_a_human_come_first() -> None:
    rows = [Outcome("a.txt", errors=1), Outcome("e.txt"), Outcome("d.txt", unread=True), Outcome("c.txt", warnings=1),
            Outcome("f.txt", errors=1, difference=Decimal("-5.00")), Outcome("b.txt", errors=2),
            Outcome("g.txt", difference=Decimal("1.00"))]
    assert [o.file for o in sort_rows(rows)] == ["b.txt", "f.txt", "a.txt", "c.txt", "d.txt", "g.txt", "e.txt"]


def test_the_xlsx_summary_reads_back_with_numbers_as_numbers_and_formulas_as_text(tmp_path: Path) -> None:
    copy, formula = tmp_path / SEED.name, tmp_path / "=cmd.txt"  # one folder: the rows name the files alone
    shutil.copy(SEED, copy)
    shutil.copy(CLEAN, formula)
    target = tmp_path / "复核汇总.xlsx"
    write_summary(sort_rows(review_many([copy, formula])), target)

    sheet = openpyxl.load_workbook(target).active
    assert sheet is not None and sheet.title == "复核汇总表" and sheet.freeze_panes == "A2"
    header, seed, clean = (list(r) for r in sheet.iter_rows())
    assert [c.value for c in header][:10] == ["文件", "项目名称", "单位", "年度", "类型", "所报总分", "所报等级",
                                              "复算总分", "复算等级", "差异"]
    assert all(c.font.bold for c in header)
    assert [c.value for c in seed][:14] == ["seed-yantian-it-om.txt", "信息化项目运维服务费", "深圳市盐田区信访局", 2023,
                                            "报告", 98, "优", 98, "优", 0, 1, 8, 0, "错误·确定"]
    assert seed[7].number_format == "0.00" and seed[7].data_type == "n"
    assert (clean[0].value, clean[0].data_type, clean[7].value) == ("=cmd.txt", "s", 99.36)
    with zipfile.ZipFile(target) as book:
        assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode()  # no formula anywhere


def test_the_html_summary_escapes_what_the_documents_say(tmp_path: Path) -> None:
    row = Outcome("<img src=x onerror=alert(1)>.txt", project="A&B 项目", errors=1, top_grade="错误·确定",
                  top_message="“<b>”", opinion="发现 1 项确定错误：“<b>”，建议退回修改。")
    page = to_html([row])
    assert "<img" not in page and "<b>" not in page and "&lt;img src=x onerror=alert(1)&gt;.txt" in page
    assert "A&amp;B 项目" in page and "<tr class='error'>" in page and "<title>复核汇总表</title>" in page


def test_a_summary_of_another_format_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"汇总表只能写成 \.xlsx 或 \.html 文件"):
        write_summary([], tmp_path / "汇总.csv")


# -- the command ------------------------------------------------------------------------------


def test_review_of_two_files_prints_the_table_and_writes_the_summary(tmp_path: Path) -> None:
    target = tmp_path / "复核汇总.html"
    code, out = run("review", str(SEED), str(CLEAN), "--summary", str(target))
    assert code == 1  # the seed has an error
    lines = out.splitlines()
    assert lines[0].split() == ["文件", "所报", "复算", "差异", "错误", "警告", "最严重问题"]
    assert lines[1].split()[:6] == ["seed-yantian-it-om.txt", "98.00", "98.00", "0.00", "1", "8"]
    assert lines[1].split()[6].startswith("错误·确定：报告称“2023")
    assert lines[2].split() == ["clean-river-cleaning.txt", "99.36", "99.36", "0.00", "0", "0", "未发现问题"]
    assert "共 2 份：有错误 1 份，有警告 0 份，未能读出 0 份，未发现问题 1 份。" in out
    assert f"已写出复核汇总表：{target}" in out
    assert "复算总分与所报一致，未发现问题。" in target.read_text(encoding="utf-8")


def test_review_of_a_folder_of_clean_documents_exits_0_and_json_lists_every_review(tmp_path: Path) -> None:
    shutil.copy(CLEAN, tmp_path / "一.txt")
    shutil.copy(CLEAN, tmp_path / "二.txt")
    result = CliRunner().invoke(main, ["review", str(tmp_path), "--json", "-j", "2"], catch_exceptions=False)
    data = json.loads(result.stdout)
    assert result.exit_code == 0
    assert [d["file"] for d in data] == [str(tmp_path / "一.txt"), str(tmp_path / "二.txt")]
    assert data[0]["rescored"]["total"] == "99.36" and data[0]["opinion"] == "复算总分与所报一致，未发现问题。"


def test_an_opinion_file_is_for_one_document_only(tmp_path: Path) -> None:
    code, out = run("review", str(SEED), str(CLEAN), "-o", str(tmp_path / "意见.html"))
    assert code == 2 and "-o 只能用于复核单个文件；复核多个文件时，请用 --summary 写出复核汇总表" in out
    assert not (tmp_path / "意见.html").exists()


def test_a_missing_path_among_others_is_named_and_fails_the_run(tmp_path: Path) -> None:
    code, out = run("review", str(CLEAN), str(tmp_path / "没有.txt"))
    assert code == 1 and "找不到文件或文件夹" in out and "clean-river-cleaning.txt" in out


def test_a_bad_summary_path_is_refused_before_any_review(tmp_path: Path) -> None:
    code, out = run("review", str(SEED), str(CLEAN), "--summary", str(tmp_path / "汇总.csv"))
    assert code == 2 and "复核汇总表只能写成 .xlsx 或 .html 文件" in out and "复核中" not in out
    code, out = run("review", str(SEED), "--summary", str(tmp_path / "没有的文件夹" / "汇总.xlsx"))
    assert code == 2 and "复核汇总表所在的文件夹不存在" in out
