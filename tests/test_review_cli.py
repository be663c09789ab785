"""`jixiao review` and `jixiao import` from the command line, and the docs that describe them."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao.audit import default_checks
from jixiao.cli import main

from .conftest import ROOT

SEED = "tests/corpus/seed-yantian-it-om.txt"
REVIEW_DOC = ROOT / "docs" / "review.md"


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), catch_exceptions=False)
    return result.exit_code, result.output


def test_review_prints_stated_and_recomputed_totals_and_the_findings() -> None:
    code, out = run("review", str(ROOT / SEED))
    assert code == 1  # the seed has an error-level finding
    assert "报告所列总分：98 分，等级“优”" in out
    assert "复算总分：98.00 分，等级“优”" in out
    assert "1. [survey-contradiction] 错误·确定：" in out
    assert "seed-yantian-it-om.txt:205：盐田区群众诉求服务智慧指挥系统以及云安防系统快速化解民众诉求" in out


def test_review_json() -> None:
    code, out = run("review", str(ROOT / SEED), "--json")
    data = json.loads(out)
    assert code == 1
    assert data["project"] == {"name": "信息化项目运维服务费", "department": "深圳市盐田区信访局", "year": 2023}
    assert data["rescored"] == {"total": "98.00", "grade": "优", "unscored": [], "taken_as_stated": [], "missing": []}
    assert len(data["imported"]["leaves"]) == 26
    first = data["findings"][0]
    assert first["code"] == "survey-contradiction"
    assert first["locations"][0]["where"] == "seed-yantian-it-om.txt:52（表1第10行第5列）"
    assert first["locations"][0]["quote"] == "信访群众满意度：98.72%"


def test_review_opinion_as_html_and_docx(tmp_path: Path) -> None:
    import docx

    html_file, docx_file = tmp_path / "意见.html", tmp_path / "意见.docx"
    run("review", str(ROOT / SEED), "-o", str(html_file))
    run("review", str(ROOT / SEED), "-o", str(docx_file))
    page = html_file.read_text(encoding="utf-8")
    assert "<h1>关于“信息化项目运维服务费”2023年度绩效评价报告的复核意见</h1>" in page
    assert "按报告所附评分标准和实际完成值复算，综合得分 98.00 分，等级“优”。" in page
    assert "<td>项目决策 / 绩效目标 / 绩效目标合理性</td><td>4</td><td>75%</td><td>3</td><td>3</td><td></td>" in page
    text = "\n".join(p.text for p in docx.Document(str(docx_file)).paragraphs)
    assert "三（1）、错误" in text and "云安防系统" in text


def test_review_of_a_project_file() -> None:
    code, out = run("review", str(ROOT / "examples" / "yantian-it-om-2023" / "project.yaml"))
    assert "复算总分：98.00 分，等级“优”" in out
    assert "[name-variant]" in out and code == 0  # warnings only


def test_import_writes_a_project_file_that_scores(tmp_path: Path) -> None:
    target = tmp_path / "导入.yaml"
    code, out = run("import", str(ROOT / SEED), "-o", str(target))
    assert code == 0 and "26 个三级指标" in out
    code, out = run("score", str(target))
    assert code == 0 and "98.00" in out


def test_import_refuses_to_overwrite(tmp_path: Path) -> None:
    target = tmp_path / "x.yaml"
    target.write_text("", encoding="utf-8")
    code, out = run("import", str(ROOT / SEED), "-o", str(target))
    assert code == 2 and "已存在" in out


def test_missing_report_is_a_usage_error() -> None:
    code, out = run("review", "没有这个文件.txt")
    assert code == 2 and "找不到文件" in out


def test_every_check_is_documented() -> None:
    text = REVIEW_DOC.read_text(encoding="utf-8")
    assert [c.code for c in default_checks() if f"| `{c.code}` |" not in text] == []


def test_documented_review_commands_run(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    for page in (REVIEW_DOC, ROOT / "docs" / "cli.md"):
        for line in page.read_text(encoding="utf-8").splitlines():
            match = re.match(r"^\$ jixiao (review|import) (.*)$", line.strip())
            if match:
                result = CliRunner().invoke(main, [match.group(1), *shlex.split(match.group(2))],
                                            catch_exceptions=False)
                assert result.exit_code in (0, 1), (line, result.output)


def test_a_file_with_no_readable_table_gives_no_false_reassurance(tmp_path: Path) -> None:
    junk = tmp_path / "报告.docx"
    junk.write_bytes(b"PK\x03\x04 not really a zip" * 10)
    code, out = run("review", str(junk))
    assert code == 1
    assert "未能从报告中读出评分表，无法复算和复核" in out
    assert "未发现问题" not in out and "复算总分" not in out


FORM = ROOT / "tests" / "corpus" / "real" / "015-yunnan-linxiang-yesheng-dongwu-shourongsuo.txt"


def test_a_tolerance_turns_a_rounded_score_into_a_hint(tmp_path: Path) -> None:
    form = tmp_path / "自评表.txt"
    form.write_bytes(FORM.read_bytes())
    _, strict = run("review", str(form))
    _, tolerant = run("review", str(form), "--tolerance", "1")
    assert "[execution-score] 错误·确定：自评表预算执行得分“9”" in strict
    assert "[execution-score] 提示：自评表预算执行得分“9”" in tolerant and "差异可由四舍五入解释" in tolerant


def test_a_dismissed_finding_is_listed_apart_with_its_reason(tmp_path: Path) -> None:
    form = tmp_path / "自评表.txt"
    form.write_bytes(FORM.read_bytes())
    _, before = run("review", str(form))
    first = re.search(r"\n1\. \[(\S+)\]", before)
    assert first is not None
    _, after = run("review", str(form), "--dismiss", "1", "--reason", "当地规则按两位小数截取")
    assert f"已排除（复核人判断不适用）的问题 1 项：\n- [{first.group(1)}]" in after
    assert "理由：当地规则按两位小数截取" in after
    assert (tmp_path / ".jixiao-复核判断.yaml").exists()
    assert "已排除（复核人判断不适用）的问题 1 项" in run("review", str(form))[1]  # kept for next time


@pytest.mark.parametrize(("args", "message"), [
    (["--dismiss", "1"], "用 --dismiss 排除一项问题时，请用 --reason 写明理由"),
    (["--reason", "理由"], "--reason 须与 --dismiss 一起使用"),
    (["--dismiss", "99", "--reason", "理由"], "复核结果中只有"),
    (["--annotate", "/tmp/批注.pdf"], "只有 .pdf 和 .docx 文件可以写出批注副本"),
    (["--tolerance", "很多"], "--tolerance 应为 0 到 100 之间的分数"),
])
def test_wrong_options_are_refused_in_chinese(args: list[str], message: str, tmp_path: Path) -> None:
    form = tmp_path / "自评表.txt"
    form.write_bytes(FORM.read_bytes())
    result = CliRunner().invoke(main, ["review", str(form), *args])
    assert result.exit_code == 2 and message in result.output, result.output


def test_an_annotated_copy_of_a_pdf_holds_a_note_for_each_finding(tmp_path: Path) -> None:
    from pypdf import PdfReader

    out = tmp_path / "批注.pdf"
    _, text = run("review", str(ROOT / "tests" / "corpus" / "construction-old-community.pdf"), "--annotate", str(out))
    assert "已写出批注副本" in text
    notes = [a.get_object() for page in PdfReader(out).pages for a in page.get("/Annots", [])]
    highlights = [n for n in notes if n["/Subtype"] == "/Highlight"]
    assert len(highlights) == len(re.findall(r"\n\d+\. \[", text)) and all(str(n["/Contents"]).startswith("[") for n in highlights)


def test_a_form_whose_indicators_are_unread_still_shows_what_its_funds_block_says(tmp_path: Path) -> None:
    """The Hubei form prints no 分值 per indicator, so there is no table to re-score; the execution
    score 19 for 20 × 99.97% is found all the same, and said, not hidden behind "未能读出"."""
    path = tmp_path / "自评表.txt"
    path.write_text("项目支出绩效自评表\n项目名称 科普经费\n预算执行情况(万元)\n(20分)\n预算数(A) 执行数(B) 执行率(B/A) 得分\n"
                    "(20分*执行率)\n年度财政资金总额 104 103.97 99.97% 19\n"
                    "一级指标 二级指标 三级指标 年初目标值(A) 实际完成值(B) 得分\n产出指标 数量指标 科普活动场次 10场 10场 80\n",
                    encoding="utf-8")
    code, out = run("review", str(path))
    assert code == 1 and "未能从报告中读出评分表，无法复算总分；以下是对已读出部分（如资金栏）的复核。" in out
    assert "[execution-score] 错误·确定：自评表预算执行得分“19”，按分值 20 × 执行率 99.97%" in out
    code, out = run("review", str(path), str(path.with_name("另一份.txt")))  # the batch table's row says it too
    assert code == 1 and "；另有错误·确定：自评表预算执行得分“19”" in out
