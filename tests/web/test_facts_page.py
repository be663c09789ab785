"""The project page's controls over HTTP, as a browser without JavaScript posts them: what the
page offers for each fact, what a posted form saves, and a refusal that keeps what was typed."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from fastapi.testclient import TestClient

from jixiao.storage import CLI, Store
from jixiao.storage.yamledit import read_data
from jixiao.web.app import create_app

from .conftest import PASSWORD, add_user


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no hidden field {name}"
    return match.group(1)


@pytest.fixture
def clerk(store: Store) -> TestClient:
    """A budget unit's clerk, logged in through the login form, with a new project from the
    common framework (nothing filled in)."""
    add_user(store, "minzheng", "unit", "区民政局")
    client = TestClient(create_app(store), follow_redirects=False)
    form = client.get("/login").text
    client.post("/login", data={"username": "minzheng", "password": PASSWORD, "csrf_token": hidden(form, "csrf_token")})
    csrf = hidden(client.get("/projects").text, "csrf_token")
    made = client.post("/projects/new", data={"csrf_token": csrf, "framework": "common", "name": "社区养老补助",
                                              "department": "区民政局", "year": "2024"})
    assert made.status_code == 303
    return client


def post(client: TestClient, fields: list[tuple[str, str]]) -> str:
    """Post ``fields`` in order (a name may repeat, as a ticked box after its hidden 否) to the
    project's edit, as htmx does; the workspace it answers with."""
    page = client.get("/projects/1").text
    form = [("csrf_token", hidden(page, "csrf_token")), ("version", hidden(page, "version")), *fields]
    answer = client.post("/projects/1/edit", content=urlencode(form).encode(),
                         headers={"HX-Request": "true", "Content-Type": "application/x-www-form-urlencoded"})
    return answer.text


def test_the_page_offers_a_box_per_point_and_a_reason_for_each(clerk: TestClient) -> None:
    page = clerk.get("/projects/1").text
    boxes = re.findall(r'<input type="checkbox" name="answer:facts\.立项依据充分性\.answers#(\d)" value="是"', page)
    assert boxes == ["1", "2", "3", "4", "5"]
    assert 'name="reason:facts.立项依据充分性.reasons#2"' in page
    assert '<input type="hidden" name="lost-if:facts.立项依据充分性.reasons#5" value="facts.立项依据充分性.answers#5=是">' in page
    assert 'name="rate:facts.实际完成率.actual"' in page and 'name="text:facts.效益目标实现程度.tier"' in page
    assert page.count("修改理由（可选）") == page.count('<form class="facts"') + 1  # and the goals form


def test_a_posted_checklist_saves_the_answers_the_reasons_and_the_reason_for_the_change(store: Store,
                                                                                       clerk: TestClient) -> None:
    answered = [("answer:facts.立项依据充分性.answers#1", "否"), ("answer:facts.立项依据充分性.answers#1", "是"),
                ("answer:facts.立项依据充分性.answers#2", "否"),
                ("reason:facts.立项依据充分性.reasons#2", "未见行业规划"),
                ("lost-if:facts.立项依据充分性.reasons#2", "facts.立项依据充分性.answers#2=否"),
                *[(f"answer:facts.立项依据充分性.answers#{n}", v) for n in (3, 4) for v in ("否", "是")],
                ("answer:facts.立项依据充分性.answers#5", "否"), ("text:facts.立项依据充分性.note", ""),
                ("reason", "依据申报书")]
    answer = post(clerk, answered)
    assert "已保存，得分已重新计算" in answer
    saved = read_data(store.project(CLI, 1).text)["facts"]["立项依据充分性"]
    assert saved == {"answers": ["是", "否", "是", "是", "否"], "reasons": {"2": "未见行业规划"}}
    audit = store.audit(CLI, 1)
    assert {(line.path, line.reason) for line in audit if line.action == "修改"} == {
        ("facts.立项依据充分性.answers", "依据申报书"), ("facts.立项依据充分性.reasons", "依据申报书")}


def test_a_word_in_a_number_box_is_refused_and_kept_as_typed(store: Store, clerk: TestClient) -> None:
    version = store.project(CLI, 1).version
    answer = post(clerk, [("set:funds.budget", "一百"), ("set:funds.arrived", "100")])
    assert "未作任何修改" in answer and store.project(CLI, 1).version == version
    field = re.search(r'<div class="field has-problem">\s*<label>预算（指标）金额 <input name="set:funds\.budget" '
                      r'value="一百".*?</div>', answer, re.S)
    assert field is not None and "应为数字" in field.group(0)  # as typed, with the core's words beside it
    assert 'name="set:funds.arrived" value="100"' in answer  # the rest of the form as typed too
    assert '<span class="total">未完成</span>' in answer  # the stored version's headline: no grade


def test_a_goal_row_is_added_at_the_end(store: Store, clerk: TestClient) -> None:
    page = clerk.get("/projects/1").text
    assert 'name="new:goals.0"' in page  # a new project has no goals: only the blank row to add one
    post(clerk, [("new:goals.0", ""), ("text:goals.0.level1", "效益指标"), ("text:goals.0.level2", "生态效益指标"),
                 ("text:goals.0.name", ""), ("text:goals.0.applicable", "否")])
    goals = read_data(store.project(CLI, 1).text)["goals"]
    assert goals == [{"level1": "效益指标", "level2": "生态效益指标", "applicable": "否"}]
    assert 'name="new:goals.1"' in clerk.get("/projects/1").text
