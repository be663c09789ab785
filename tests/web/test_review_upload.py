"""An existing report uploaded from the project page is reviewed and shown, and nothing is kept."""

from __future__ import annotations

import io
import re

import pytest
from fastapi.testclient import TestClient

from jixiao.storage import CLI, Store
from jixiao.storage import projects as store_projects
from jixiao.web.app import create_app
from jixiao.web.reviewing import upload_name

from .conftest import PASSWORD, ROOT, add_user, example_text, import_example

SEED = ROOT / "tests" / "corpus" / "seed-yantian-it-om.txt"
CLEAN = ROOT / "tests" / "corpus" / "clean-river-cleaning.txt"
FORM = ROOT / "tests" / "corpus" / "real" / "005-yunnan-yongde-yingyang-gaishan.txt"


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
    return upload_many(client, [(name, content)], csrf)


def upload_many(client: TestClient, files: list[tuple[str, bytes]], csrf: str | None = None) -> str:
    token = csrf if csrf is not None else csrf_of(client.get("/projects/1").text)
    answer = client.post("/projects/1/review", data={"csrf_token": token}, files=[("file", f) for f in files])
    assert answer.status_code < 500
    return f"{answer.status_code}\n{answer.text}"


def xlsx_form() -> bytes:
    """A published self-evaluation form (a county school's, 2022) as the spreadsheet it was made from."""
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for line in FORM.read_text(encoding="utf-8").splitlines():
        sheet.append([cell.strip() for cell in line.strip().strip("|").split("|")])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_the_project_page_offers_the_review_form(browser: TestClient) -> None:
    page = browser.get("/projects/1").text
    assert 'action="/projects/1/review"' in page
    assert 'accept=".txt,.html,.htm,.docx,.xlsx,.pdf" multiple required' in page


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


def test_two_files_at_once_get_a_summary_above_each_files_findings(browser: TestClient) -> None:
    page = upload_many(browser, [(CLEAN.name, CLEAN.read_bytes()), (SEED.name, SEED.read_bytes())])
    assert page.startswith("200\n") and "复核评价报告（2 份）" in page
    summary, details = page.split("<h2>复核汇总</h2>")[1].split("</table>", 1)
    assert "共 2 份：有错误 1 份，有警告 0 份，未能读出 0 份，未发现问题 1 份。" in summary
    # the one with an error first, linked to its findings below
    assert summary.index('<a href="#file-2">seed-yantian-it-om.txt</a>') < summary.index(CLEAN.name)
    assert "发现 1 项确定错误：" in summary and "复算总分与所报一致，未发现问题。" in summary
    assert details.index('id="file-1"') < details.index('id="file-2"') and "survey-contradiction" in details


def test_a_self_evaluation_form_in_xlsx_is_reviewed(browser: TestClient) -> None:
    page = upload_many(browser, [("营养改善自评表.xlsx", xlsx_form()), ("附件.yaml", b"x: 1")])
    assert page.startswith("200\n")
    summary = page.split("<h2>复核汇总</h2>")[1].split("</table>", 1)[0]
    assert "营养改善自评表.xlsx</a></td><td class=\"s\">自评表</td>" in summary  # named as uploaded, read as a form
    assert "资金到位及时率" in page and "营养改善自评表.xlsx:" in page  # findings placed in the sheet
    assert "“附件.yaml”不是可以复核的评价报告或自评表，未复核。" in summary


def test_a_review_needs_the_pages_csrf_token(browser: TestClient) -> None:
    page = upload(browser, SEED.name, SEED.read_bytes(), csrf="forged")
    assert page.startswith("403\n") and "复算总分" not in page


def test_an_uploaded_name_keeps_no_folder() -> None:
    assert upload_name("../../etc/报告.txt") == "报告.txt"
    assert upload_name("C:\\文件\\报告.docx") == "报告.docx"
    assert upload_name("长" * 100 + ".pdf") == "上传报告.pdf"


def test_a_file_holding_two_forms_is_two_rows_of_the_summary(browser: TestClient) -> None:
    """A unit's forms in one file: each is reviewed and linked as a document of its own."""
    from tests.test_form import CELLS

    second = [{"社区养老服务补助": "老年助餐补贴", "95.75": "96.75"}.get(c, c) for c in CELLS]
    page = upload(browser, "两份自评表.txt", "\n".join([*CELLS, *second]).encode())
    summary = page.split("<h2>复核汇总</h2>")[1].split("</table>", 1)[0]
    # the one with an error first, each linked to its own findings below
    assert summary.index('<a href="#file-2">两份自评表.txt（第2份）</a>') < summary.index(
        '<a href="#file-1">两份自评表.txt（第1份）</a>')
    details = page.split("<h2>复核汇总</h2>")[1].split("</table>", 1)[1]
    assert details.index('id="file-1"') < details.index('id="file-2"') and "score-total" in details
