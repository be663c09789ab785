"""The review opinion (复核意见) as an official document: a title naming the project, the number
under it, the unit it is addressed to, the conclusion, the tables side by side, the findings, and
the signature of the issuing body with the date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import docx
from click.testing import CliRunner

from jixiao.audit import default_checks
from jixiao.cli import main
from jixiao.report import Heading, Paragraph
from jixiao.report.model import Signature
from jixiao.review import Review, review_file
from jixiao.review.render import document, write_opinion
from jixiao.rules import default_registry

from .conftest import ROOT

CORPUS = ROOT / "tests" / "corpus"
SEED = CORPUS / "seed-yantian-it-om.txt"
FORM = CORPUS / "real" / "005-yunnan-yongde-yingyang-gaishan.txt"
DAY = dt.date(2026, 12, 1)


def reviewed(path: Path) -> Review:
    return review_file(path, default_registry(), default_checks(), judged=False)


def test_the_opinion_names_the_project_its_number_its_addressee_and_its_issuer() -> None:
    doc = document(reviewed(SEED), issuer="深圳市盐田区财政局", number="深盐财绩〔2026〕12号", date=DAY)
    assert doc.title == "关于“信息化项目运维服务费”2023年度绩效评价报告的复核意见"
    first = [b for b in doc.blocks[:2] if isinstance(b, Paragraph)]
    assert [(p.text, p.align) for p in first] == [("深盐财绩〔2026〕12号", "center"), ("深圳市盐田区信访局：", "justify")]
    assert [h.text for h in doc.headings()][:3] == ["一、复核结论", "二、评分表对照", "三（1）、错误"]
    assert doc.blocks[-1] == Signature("深圳市盐田区财政局", "2026年12月1日")
    assert (doc.author, doc.date) == ("深圳市盐田区财政局", DAY)


def test_a_form_is_a_self_evaluation_form_and_an_unnamed_issuer_signs_by_hand() -> None:
    doc = document(reviewed(FORM), date=DAY)
    assert doc.title == "关于“义务教育营养改善计划专项资金”2022年度绩效自评表的复核意见"
    assert doc.blocks[0] == Paragraph("永德县教育体育局：", indent=False)  # no number: nothing above it
    assert doc.blocks[-1] == Signature("", "2026年12月1日")


def test_a_document_that_names_no_project_is_named_by_its_file(tmp_path: Path) -> None:
    path = tmp_path / "来件.txt"
    path.write_text("关于本单位工作情况的说明\n\n本年度各项工作按计划推进。\n", encoding="utf-8")
    doc = document(reviewed(path), date=DAY)
    assert doc.title == "关于《来件.txt》的复核意见"
    assert not any(isinstance(b, Paragraph) and b.text.endswith("：") and not b.indent for b in doc.blocks)
    assert isinstance(doc.blocks[0], Heading)


def test_the_word_opinion_carries_its_issuer_and_date_in_its_properties(tmp_path: Path) -> None:
    out = tmp_path / "复核意见.docx"
    write_opinion(reviewed(SEED), out, issuer="深圳市盐田区财政局", number="深盐财绩〔2026〕12号", date=DAY)
    word = docx.Document(str(out))
    assert word.core_properties.author == "深圳市盐田区财政局"
    assert word.core_properties.title == "关于“信息化项目运维服务费”2023年度绩效评价报告的复核意见"
    texts = [p.text for p in word.paragraphs]
    assert "深盐财绩〔2026〕12号" in texts and "2026年12月1日" in texts


def test_the_command_takes_the_issuer_number_and_date_and_refuses_a_bad_date(tmp_path: Path) -> None:
    out = tmp_path / "意见.html"
    result = CliRunner().invoke(main, ["review", str(SEED), "-o", str(out), "--issuer", "某区财政局",
                                       "--number", "某财绩〔2026〕3号", "--date", "2026-12-01"])
    assert f"已写出复核意见：{out}" in result.output
    html = out.read_text(encoding="utf-8")
    assert "某财绩〔2026〕3号" in html and "某区财政局" in html and "2026年12月1日" in html
    bad = CliRunner().invoke(main, ["review", str(SEED), "-o", str(out), "--date", "2026-13-01"])
    assert bad.exit_code == 2
    assert "--date 应写成“年-月-日”的形式（如 2026-12-01），不能是“2026-13-01”" in bad.output
    assert "Traceback" not in bad.output
