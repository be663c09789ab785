"""An existing report uploaded from the project page is reviewed and shown, and nothing is kept."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from jixiao.storage import CLI, Store
from jixiao.storage import projects as store_projects
from jixiao.web.app import create_app
from jixiao.web.reviewing import upload_name

from .conftest import PASSWORD, ROOT, add_user, example_text, import_example

SEED = ROOT / "tests" / "corpus" / "seed-yantian-it-om.txt"


@pytest.fixture
def browser(store: Store) -> TestClient:
    """An evaluator, logged in, assigned to the example project (id 1)."""
    add_user(store, "eva", "evaluator")
    project_id = import_example(store)
    with store.writing() as db:
        store_projects.assign(db, CLI, project_id, "eva")
    client = TestClient(create_app(store), follow_redirects=False)
    form = client.get("/login").text
    client.post("/login", data={"username": "eva", "password": PASSWORD, "csrf_token": csrf_of(form)})
    return client


def csrf_of(page: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]*)"', page)
    assert match
    return match.group(1)


def upload(client: TestClient, name: str, content: bytes, csrf: str | None = None) -> str:
    token = csrf if csrf is not None else csrf_of(client.get("/projects/1").text)
    answer = client.post("/projects/1/review", data={"csrf_token": token}, files={"file": (name, content)})
    assert answer.status_code < 500
    return f"{answer.status_code}\n{answer.text}"


def test_the_project_page_offers_the_review_form(browser: TestClient) -> None:
    assert 'action="/projects/1/review"' in browser.get("/projects/1").text


def test_the_seed_report_is_recomputed_and_its_findings_quoted(browser: TestClient, store: Store) -> None:
    page = upload(browser, SEED.name, SEED.read_bytes())
    assert page.startswith("200\n")
    assert re.search(r"复算总分</th><td>98\.00（优）", page)
    assert "survey-contradiction" in page and "98.72%" in page  # a rate where no survey was held
    assert "seed-yantian-it-om.txt:" in page  # each finding says where in the report
    with store.reading() as db:  # nothing stored: no new version, the text as imported
        row = store_projects.readable(db, CLI, 1)
    assert (row.version, row.text) == (1, example_text())


def test_a_junk_file_gets_the_reviews_own_chinese_message(browser: TestClient) -> None:
    page = upload(browser, "报告.pdf", b"\x00\x01 not a pdf at all" * 50)
    assert page.startswith("200\n") and "无法复算和复核" in page and "复算总分" not in page
    assert "不是有效的 PDF 文件" in page and "import-no-table" in page  # the importers' own diagnostics


def test_a_file_that_is_not_a_report_is_refused_in_chinese(browser: TestClient) -> None:
    page = upload(browser, "project.yaml", example_text().encode())
    assert page.startswith("400\n") and "不是可以复核的评价报告" in page


def test_a_review_needs_the_pages_csrf_token(browser: TestClient) -> None:
    page = upload(browser, SEED.name, SEED.read_bytes(), csrf="forged")
    assert page.startswith("403\n") and "复算总分" not in page


def test_an_uploaded_name_keeps_no_folder() -> None:
    assert upload_name("../../etc/报告.txt") == "报告.txt"
    assert upload_name("C:\\文件\\报告.docx") == "报告.docx"
    assert upload_name("长" * 100 + ".pdf") == "上传报告.pdf"
