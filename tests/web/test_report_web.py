"""The report downloaded from a project's page: the one ``jixiao report`` writes, so a project not
yet complete gets the draft (征求意见稿) without a total or grade, never a report that grades it."""

from __future__ import annotations

import io
import re
from urllib.parse import unquote

from docx import Document as read_docx

from jixiao.storage import Store

from .conftest import Browser, add_user, log_in


def new_project(evaluator: Browser) -> int:
    """A project made from the common framework on the page: no facts, no funds yet."""
    page = evaluator.client.get("/projects").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    made = evaluator.client.post("/projects/new", data={"csrf_token": token.group(1), "framework": "common",
                                                       "name": "社区养老补助", "department": "民政局", "year": "2024"})
    assert made.status_code == 303
    return int(made.headers["location"].rsplit("/", 1)[-1])


def test_a_project_without_its_facts_downloads_as_a_draft(store: Store) -> None:
    add_user(store, "eva", "evaluator")
    evaluator = log_in(store, "eva")
    project_id = new_project(evaluator)
    answer = evaluator.client.get(f"/projects/{project_id}/report.html")
    assert answer.status_code == 200
    name = unquote(answer.headers["content-disposition"])
    assert name.endswith("社区养老补助2024年度绩效评价报告（征求意见稿）.html")
    html = answer.text
    assert '<p class="draft">（征求意见稿）</p>' in html and "评价尚未完成，暂不计总分和等级" in html
    assert "综合得分" not in html and "评价等级为" not in html
    word = read_docx(io.BytesIO(evaluator.client.get(f"/projects/{project_id}/report.docx").content))
    assert word.paragraphs[1].text == "（征求意见稿）"
    notice = word.paragraphs[2].text
    assert notice.startswith("说明：本稿为征求意见稿，评价尚未完成，暂不计总分和等级。尚未评分的指标有立项依据充分性、")
    assert notice.endswith("等 17 项（见“尚未评分的指标”表）。")  # the table lists all 17


def test_a_format_there_is_no_renderer_for_is_refused_in_chinese(store: Store) -> None:
    add_user(store, "eva", "evaluator")
    evaluator = log_in(store, "eva")
    answer = evaluator.client.get(f"/projects/{new_project(evaluator)}/report.odt")
    assert answer.status_code == 422 and "不支持的报告格式“odt”" in answer.text
