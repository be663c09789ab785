"""A report that scores in its prose: numbered headings carry the indicators' points and the
words under each say its score. Read when the document has no scoring table at all."""

from __future__ import annotations

from pathlib import Path

from jixiao.importers import read_document, read_report


def leaves(tmp_path: Path, text: str) -> list[tuple[str, str, str | None, bool]]:
    path = tmp_path / "报告.txt"
    path.write_text(text, encoding="utf-8")
    report = read_report(read_document(path))
    return [(leaf.name.text, str(leaf.weight), leaf.cells["score"].text if "score" in leaf.cells else None, leaf.certain)
            for leaf in report.leaves()]


OUTLINE = """一、投入(20分)
(一)项目立项(8分):
(1)立项程序(5分)
按程序申报并经论证，程序规范。自评得5分。
(2)绩效目标(3分):
目标明确，达到100%得3分，未达到的不得分；目标有一项未细化，自评得2分。
(二)资金落实(12分):
资金已全部到位，自评得满分。
二、产出(80分)
(一)完成数量(80分)
完成新建厕所50座，得分为78分。
"""


def test_headings_with_points_are_the_indicators_and_the_words_under_them_their_scores(tmp_path: Path) -> None:
    """一、 (一) (1) are three levels as they first appear; a heading with none under it is an
    indicator; 达到100%得3分 is the criterion's, 自评得2分 the report's own score; the 一级 points
    make 100, so what the sums say is certain."""
    assert leaves(tmp_path, OUTLINE) == [("立项程序", "5", "5", True), ("绩效目标", "3", "2", True),
                                         ("资金落实", "12", "12", True), ("完成数量", "80", "78", True)]


def test_an_outline_the_page_cut_short_is_read_as_a_guess_and_two_scores_are_none(tmp_path: Path) -> None:
    text = OUTLINE.split("二、")[0].replace("自评得5分。", "自评得5分。复核后自评得4分。")
    assert leaves(tmp_path, text) == [("立项程序", "5", None, False), ("绩效目标", "3", "2", False),
                                      ("资金落实", "12", "12", False)]


def test_a_report_whose_sections_are_numbered_without_points_has_no_outline(tmp_path: Path) -> None:
    text = "一、项目概况\n项目总投资100万元。\n二、评价结论\n(一)总体评价\n综合得分为92分。\n(二)存在问题\n无。\n"
    assert leaves(tmp_path, text) == []


def test_a_total_said_after_the_outline_is_no_indicators_score(tmp_path: Path) -> None:
    """The conclusion after the last indicator says the total (综合得分为97分): it belongs to no heading."""
    text = OUTLINE.replace("得分为78分。", "完成率100%。") + "三、评价结论\n综合得分为97分，综合评分为97分，评价等级为优。\n"
    assert leaves(tmp_path, text)[-1] == ("完成数量", "80", None, True)
    # and where no numbered section comes between, 综合得分 is still the total's word, not a score
    assert leaves(tmp_path, text.replace("三、评价结论\n", ""))[-1] == ("完成数量", "80", None, True)
