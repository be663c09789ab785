"""The pages as a browser without JavaScript sees them: log in, a project's workspace, saving
a form (with htmx: the workspace comes back re-scored), refusals explained in place."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from fastapi.testclient import TestClient

from jixiao.storage import CLI, NotLoggedIn, Store, users
from jixiao.storage import projects as store_projects
from jixiao.web.app import create_app

from .conftest import PASSWORD, add_user, form_login, hidden, import_example, log_in


@pytest.fixture
def browser(store: Store) -> TestClient:
    """Logged in through the login form as an evaluator."""
    return form_login(store, "eva", "evaluator")


@pytest.fixture
def example(store: Store, browser: TestClient) -> int:
    """The example project, imported at the console and assigned to the evaluator."""
    project_id = import_example(store)
    with store.writing() as db:
        store_projects.assign(db, CLI, project_id, "eva")
    return project_id


def test_the_login_form_refuses_a_forged_post(store: Store) -> None:
    add_user(store, "eva", "evaluator")
    client = TestClient(create_app(store))
    answer = client.post("/login", data={"username": "eva", "password": PASSWORD, "csrf_token": "forged"})
    assert answer.status_code == 403 and "安全校验失败" in answer.text


def test_a_wrong_password_is_said_in_chinese_on_the_form(store: Store) -> None:
    add_user(store, "eva", "evaluator")
    client = TestClient(create_app(store))
    form = client.get("/login").text
    answer = client.post("/login", data={"username": "eva", "password": "nope-nope-nope",
                                         "csrf_token": hidden(form, "csrf_token")})
    assert answer.status_code == 401 and "用户名或密码不正确" in answer.text


def test_a_new_project_from_a_framework_opens_its_workspace(browser: TestClient) -> None:
    csrf = hidden(browser.get("/projects").text, "csrf_token")
    answer = browser.post("/projects/new", data={"csrf_token": csrf, "framework": "common", "name": "社区养老补助",
                                                 "department": "民政局", "year": "2024", "category": "补助"})
    assert answer.status_code == 303
    page = browser.get(answer.headers["location"]).text
    assert "社区养老补助" in page and "民政局" in page and "立项依据充分性" in page
    assert "新建" in page  # the audit log's first entry
    # No fact is filled in yet: no total, no grade, no 0.00 in place of a score.
    assert '<span class="total">未完成</span>' in page and "17 项待填" in page
    assert 'data-score="立项依据充分性">未评分<' in page and "得分 <b>未完成</b>" in page
    assert not re.search(r'data-score="[^"]*">0\.00<|得分 <b>0\.00</b>', page)
    assert "“立项依据充分性”尚未填写" in page and "jixiao init" not in page  # no YAML advice on a form


def test_saving_facts_with_htmx_returns_the_rescored_workspace(browser: TestClient, example: int) -> None:
    page = browser.get("/projects/1").text
    assert '<span class="total">98.00</span>' in page
    answer = browser.post("/projects/1/edit", headers={"HX-Request": "true"},
                          data={"csrf_token": hidden(page, "csrf_token"), "version": "1",
                                "set:facts.提高化解群众诉求速度.value": "否"})
    assert answer.text.strip().startswith('<div id="workspace">')  # only the workspace, for htmx to swap
    assert '<span class="total">83.00</span>' in answer.text and "已保存，得分已重新计算" in answer.text
    assert "提高化解群众诉求速度 · 是否成立（是/否）" in answer.text  # the audit log shows the change


def test_a_bad_value_is_shown_beside_its_field(browser: TestClient, example: int) -> None:
    page = browser.get("/projects/1").text
    path = "facts.省一体化信访信息系统运维服务验收通过率.actual"
    answer = browser.post("/projects/1/edit", headers={"HX-Request": "true"},
                          data={"csrf_token": hidden(page, "csrf_token"), "version": "1", f"set:{path}": "全部通过"})
    field = re.search(rf'<div class="field has-problem">\s*<label>[^<]*<input name="set:{re.escape(path)}".*?</div>',
                      answer.text, re.S)
    assert field is not None, "the field is not marked"
    assert "全部通过" in field.group(0) and "错误" in field.group(0)
    # Nothing was saved, so nothing is scored from what was typed: the stored version's numbers stay.
    assert '<span class="total">98.00</span>' in answer.text and "未保存" in answer.text


def test_a_stale_form_is_refused_and_the_newer_data_shown(store: Store, browser: TestClient, example: int) -> None:
    with store.writing() as db:
        store_projects.edit(db, CLI, 1, 1, {"funds.spent": "60"}, "", store.registry)  # someone else saved
    page = browser.get("/projects/1").text
    answer = browser.post("/projects/1/edit", headers={"HX-Request": "true"},
                          data={"csrf_token": hidden(page, "csrf_token"), "version": "1", "set:funds.spent": "50"})
    assert "已被他人修改" in answer.text and "您填写的内容：funds.spent = 50" in answer.text
    assert 'value="60"' in answer.text  # the newer value is what the form now holds


def test_an_override_from_the_form_takes_its_own_reason(browser: TestClient, example: int) -> None:
    page = browser.get("/projects/1").text
    answer = browser.post("/projects/1/edit", headers={"HX-Request": "true"},
                          data={"csrf_token": hidden(page, "csrf_token"), "version": "1",
                                "set:facts.资金分配合理性.override.score": "1",
                                "set:facts.资金分配合理性.override.reason": "分配依据不足"})
    assert '<span class="total">96.00</span>' in answer.text  # 3 points computed, 1 given
    assert "已调整：1.00（分配依据不足）" in answer.text
    assert re.search(r"资金分配合理性 · 调整后的得分(?:</code>)?</td>.*?<td>分配依据不足</td>", answer.text, re.S)


def test_the_new_project_form_names_each_framework_in_chinese(browser: TestClient) -> None:
    page = browser.get("/projects").text
    assert '<option value="common">项目支出绩效评价共性指标体系</option>' in page
    assert '<option value="self-eval">项目支出绩效自评表</option>' in page
    assert ">common<" not in page and ">self-eval<" not in page


def test_a_review_names_its_findings_in_chinese(browser: TestClient, example: int) -> None:
    seed = Path(__file__).parents[1] / "corpus" / "seed-yantian-it-om.txt"
    page = browser.get("/projects/1").text
    answer = browser.post("/projects/1/review", data={"csrf_token": hidden(page, "csrf_token")},
                          files=[("file", (seed.name, seed.read_bytes()))])
    assert '<td title="survey-contradiction">未开展调查却列出满意度</td>' in answer.text
    assert "<code>survey-contradiction</code>" not in answer.text


def test_the_user_form_asks_for_a_role_and_rows_offer_what_fits(store: Store) -> None:
    add_user(store, "root", "admin")
    add_user(store, "gone", "unit", "民政局")
    add_user(store, "eva", "evaluator")
    with store.writing() as db:
        users.set_active(db, "gone", False)
    for _ in range(6):  # slowed by failed logins
        with pytest.raises(NotLoggedIn):
            store.log_in("eva", "wrong-wrong-wrong", "203.0.113.5")
    admin = log_in(store, "root")
    page = admin.client.get("/admin/users").text
    assert '<select name="role" required><option value="" selected>请选择</option>' in page
    assert not re.search(r'<option value="admin"[^>]*selected', page)
    actions = {name: re.findall(rf'/admin/users/{name}/(\w+)"', page) for name in ("root", "gone", "eva")}
    assert actions == {"root": ["disable"], "gone": ["enable"], "eva": ["unlock", "disable"]}


def test_a_downloaded_report_is_named_with_its_year_like_the_clis(browser: TestClient, example: int) -> None:
    answer = browser.get("/projects/1/report.docx")
    assert answer.status_code == 200
    assert unquote(answer.headers["content-disposition"]).endswith("信息化项目运维服务费2023年度绩效评价报告.docx")
