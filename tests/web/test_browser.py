"""A newcomer's evaluation in a real browser: Debian's chromium, headless, driven by Playwright.

Log in, create a project from a framework, enter a fact and watch the score change, upload work
records, download the report as Word, and find every step in the project's修改记录 (audit log).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from jixiao.storage import Store

from .conftest import EXAMPLE, PASSWORD, add_user

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-component-update", "--disable-sync"]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)")


def test_from_framework_to_docx_in_the_browser(store: Store, server: str, tmp_path: Path) -> None:
    add_user(store, "eva", "evaluator")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_page(accept_downloads=True, viewport={"width": 1280, "height": 900})
        page.goto(server)
        page.fill("input[name=username]", "eva")
        page.fill("input[name=password]", PASSWORD)
        page.click("button:text('登录')")
        page.wait_for_url("**/projects")

        new = page.locator("form[action='/projects/new']")
        new.locator("select[name=framework]").select_option("common")
        new.locator("input[name=name]").fill("社区养老服务补助")
        new.locator("input[name=department]").fill("区民政局")
        new.locator("input[name=category]").fill("补助")
        new.locator("button").click()
        page.wait_for_selector("h1:text('社区养老服务补助')")
        # A new project has no facts and no funds: no total, no grade, and the list of what is missing.
        assert page.inner_text(".headline .total") == "未完成"
        assert "立项依据充分性" in page.inner_text("[role=note]") and "资金到位率" in page.inner_text("[role=note]")
        funds = page.locator("#funds form")
        for key, value in (("budget", "100"), ("arrived", "100"), ("spent", "95")):
            funds.locator(f"input[data-path='funds.{key}']").fill(value)
        funds.locator("button").click()
        page.wait_for_selector("text=已保存，得分已重新计算")
        assert "资金到位率" not in page.inner_text("[role=note]")

        leaf = page.locator("article[data-leaf='服务对象满意度']")
        leaf.locator("input[data-path='facts.服务对象满意度.survey']").fill("否")
        leaf.locator("input[data-path='facts.服务对象满意度.complaints']").fill("10")
        with page.expect_response(lambda answer: answer.url.endswith("/edit")):
            leaf.locator("button:text('保存')").click()
        page.wait_for_selector("text=已保存，得分已重新计算")
        assert "服务对象满意度" not in page.inner_text("[role=note]")  # scored now, the others still wait
        assert page.inner_text(".headline .total") == "未完成"
        assert page.inner_text("[data-score='服务对象满意度']") not in ("", "0.00")
        assert "complaints" in page.inner_text("#audit")

        page.set_input_files("input[name=file][accept*='csv']", str(EXAMPLE.parent / "records" / "worklog-2023.csv"))
        page.click("button:text('上传记录')")
        page.wait_for_selector("text=已上传记录文件 worklog-2023.csv")
        assert "records/worklog-2023.csv" in page.inner_text("#audit")

        with page.expect_download() as download:
            page.click("a:text('下载报告（Word 文档）')")
        saved = tmp_path / "report.docx"
        download.value.save_as(saved)
        with zipfile.ZipFile(saved) as docx:
            assert "社区养老服务补助" in docx.read("word/document.xml").decode("utf-8")
        page.screenshot(path=str(tmp_path / "workspace.png"), full_page=True)
        browser.close()
