"""The JSON API: the score is the CLI's JSON, edits re-score, and every failure has one shape."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
import re

import pytest
from click.testing import CliRunner
from fastapi.testclient import TestClient
from sqlalchemy import update

from jixiao.cli import main
from jixiao.storage import Store
from jixiao.storage.schema import Session
from jixiao.web.app import create_app

from .conftest import EXAMPLE, PASSWORD, Browser, add_user, example_text, import_example, log_in


def assert_error(answer: object, status: int, code: str, words: str) -> None:
    """Every API failure: ``{"error": {"status", "code", "message", "diagnostics"}}``."""
    assert answer.status_code == status  # type: ignore[attr-defined]
    body = answer.json()  # type: ignore[attr-defined]
    assert set(body) == {"error"}
    assert set(body["error"]) == {"status", "code", "message", "diagnostics"}
    assert (body["error"]["status"], body["error"]["code"]) == (status, code)
    assert words in body["error"]["message"]


@pytest.fixture
def admin(store: Store) -> Browser:
    add_user(store, "root", "admin")
    return log_in(store, "root")


def test_the_score_is_the_same_json_as_jixiao_score(store: Store, admin: Browser) -> None:
    project_id = import_example(store)
    cli = CliRunner().invoke(main, ["score", "--json", str(EXAMPLE)])
    from_api = admin.call("GET", f"/api/projects/{project_id}/score").json()
    from_cli = json.loads(cli.output)
    for item in (*from_api["diagnostics"], *from_cli["diagnostics"]):  # the file is named differently
        item["file"] = None
    assert from_api == from_cli
    assert (from_api["total"], from_api["grade"]) == ("98.00", "优")


def test_a_project_file_posted_as_yaml_becomes_a_project(admin: Browser) -> None:
    answer = admin.call("POST", "/api/projects", content=example_text().encode(),
                        headers={"Content-Type": "application/yaml"})
    assert answer.status_code == 201
    assert (answer.json()["name"], answer.json()["version"]) == ("信息化项目运维服务费", 1)
    # Posted alone, without its work records: the project is kept and says what is missing.
    assert answer.json()["errors"] > 0


def test_a_bad_project_file_is_refused_with_located_messages(admin: Browser) -> None:
    answer = admin.call("POST", "/api/projects", json={"text": "project:\n  name: [没有闭合\n"})
    assert_error(answer, 422, "invalid", "没有导入任何项目")
    first = answer.json()["error"]["diagnostics"][0]
    assert (first["code"], first["file"], first["line"]) == ("yaml-syntax", "请求体", 3)
    assert admin.call("GET", "/api/projects").json()["count"] == 0


def test_patching_facts_rescores_and_returns_the_new_version(store: Store, admin: Browser) -> None:
    project_id = import_example(store)
    answer = admin.call("PATCH", f"/api/projects/{project_id}/facts",
                        json={"version": 1, "changes": {"facts.信访群众满意度.complaints": "4"}})
    assert (answer.json()["version"], answer.json()["total"]) == (2, "97.80")  # presumed 88% of 10 points
    stale = admin.call("PATCH", f"/api/projects/{project_id}/facts",
                       json={"version": 1, "changes": {"facts.信访群众满意度.complaints": "0"}})
    assert_error(stale, 409, "conflict", "已被他人修改")


def test_an_override_needs_a_reason(store: Store, admin: Browser) -> None:
    project_id = import_example(store)
    answer = admin.call("PATCH", f"/api/projects/{project_id}/facts",
                        json={"version": 1, "changes": {"facts.资金分配合理性.override.score": "2"}})
    assert_error(answer, 422, "invalid", "调整得分必须写明理由")


def test_errors_share_one_shape(store: Store, admin: Browser) -> None:
    anonymous = TestClient(create_app(store))
    assert_error(anonymous.get("/api/projects"), 401, "not-logged-in", "未登录")
    assert_error(admin.call("GET", "/api/projects/999"), 404, "not-found", "没有编号为 999 的项目")
    assert_error(admin.call("GET", "/api/nowhere"), 404, "not-found", "找不到")
    assert_error(admin.call("DELETE", "/api/projects"), 405, "method-not-allowed", "不支持")
    assert_error(admin.call("PATCH", "/api/projects/1/facts", json={"changes": {}}), 422, "invalid-request",
                 "缺少“body.version”")
    assert_error(admin.call("GET", "/api/projects?page=0"), 422, "invalid-request", "page")


def test_a_changing_request_without_the_csrf_header_is_forbidden(store: Store, admin: Browser) -> None:
    project_id = import_example(store)
    answer = admin.client.patch(f"/api/projects/{project_id}/facts", json={"version": 1, "changes": {}})
    assert_error(answer, 403, "forbidden", "CSRF")


def test_five_wrong_passwords_make_that_address_wait_but_lock_no_one_out(store: Store) -> None:
    add_user(store, "eva", "evaluator")
    client = TestClient(create_app(store))
    for _ in range(5):
        assert_error(client.post("/api/session", json={"username": "eva", "password": "wrong-password"}),
                     401, "not-logged-in", "用户名或密码不正确，或尝试过于频繁，请稍后再试")
    waiting = client.post("/api/session", json={"username": "eva", "password": PASSWORD})
    assert_error(waiting, 401, "not-logged-in", "秒后再试")
    elsewhere = TestClient(create_app(store), client=("192.0.2.7", 50000))
    assert elsewhere.post("/api/session", json={"username": "eva", "password": PASSWORD}).status_code == 200


def test_an_expired_session_no_longer_works(store: Store, admin: Browser) -> None:
    with store.writing() as db:
        db.execute(update(Session).values(expires_at=dt.datetime(2000, 1, 1)))
    assert_error(admin.call("GET", "/api/projects"), 401, "not-logged-in", "登录已过期")


def test_the_openapi_schema_lists_the_api_in_chinese_groups(admin: Browser) -> None:
    schema = admin.call("GET", "/api/openapi.json").json()
    paths = schema["paths"]
    assert {"/api/session", "/api/projects", "/api/projects/{project_id}", "/api/projects/{project_id}/score",
            "/api/projects/{project_id}/facts"} <= set(paths)
    assert [t["name"] for t in schema["tags"]][:4] == ["登录与退出", "项目", "用户（管理员）", "指标体系"]
    assert paths["/api/projects/{project_id}/score"]["get"]["tags"] == ["项目"]
    assert "X-CSRF-Token" in schema["info"]["description"]  # the first thing the documentation page says


def test_administrators_read_the_api_on_a_page_that_needs_no_internet(store: Store, admin: Browser) -> None:
    answer = admin.client.get("/admin/api")
    assert answer.status_code == 200 and "<title>接口说明 · jixiao 绩效评价工作台</title>" in answer.text
    assert re.findall(r'(?:src|href)="([^"]+)"', answer.text) == [
        "/static/swagger-ui.css", "data:,", "/static/swagger-ui-bundle.js"]  # vendored: no CDN
    assert "url: '/api/openapi.json'" in answer.text and '"validatorUrl": null' in answer.text
    for asset in ("/static/swagger-ui.css", "/static/swagger-ui-bundle.js"):
        assert admin.client.get(asset).status_code == 200
    # The one inline script that starts Swagger UI may run, by its hash; nothing else inline may.
    [script] = re.findall(r"<script>(.*?)</script>", answer.text, re.S)
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    policy = answer.headers["content-security-policy"]
    assert f"script-src 'self' 'sha256-{digest}';" in policy and "unsafe" not in policy
    assert "script-src 'self';" in admin.client.get("/projects").headers["content-security-policy"]


def test_only_administrators_are_offered_the_api_documentation(store: Store, admin: Browser) -> None:
    add_user(store, "eva", "evaluator")
    evaluator = log_in(store, "eva")
    assert '<a href="/admin/api">接口说明</a>' in admin.client.get("/projects").text
    page = evaluator.client.get("/projects").text
    assert "/admin/api" not in page and "openapi.json" not in page
    refused = evaluator.client.get("/admin/api")
    assert refused.status_code == 403 and "只有管理员可以查看接口说明" in refused.text
    anonymous = TestClient(create_app(store), follow_redirects=False).get("/admin/api")
    assert (anonymous.status_code, anonymous.headers["location"]) == (303, "/login?next=/admin/api")
