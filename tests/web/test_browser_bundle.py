"""The example's way into the workbench, in a real browser (Debian's chromium, headless, driven by
Playwright): import the example as a bundle from the project list and see it score 98.00 优 with
its records; upload a wrong work log and see it refused with the columns expected and found."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.storage import CLI, Filters, Store, bundle

from .conftest import PASSWORD, add_user, example_files, example_text

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-component-update", "--disable-sync"]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)")


def test_the_example_bundle_imported_in_the_browser_scores_98(store: Store, server: str, tmp_path: Path) -> None:
    add_user(store, "eva", "evaluator")
    package = tmp_path / "yantian-it-om-2023.zip"
    package.write_bytes(bundle.pack(example_text(), example_files()))
    wrong = tmp_path / "worklog-2023.csv"
    wrong.write_text("序号,事项,金额\n1,购置打印机,0.3\n", encoding="utf-8")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(server)
        page.fill("input[name=username]", "eva")
        page.fill("input[name=password]", PASSWORD)
        page.click("button:text('登录')")
        page.wait_for_url("**/projects")

        form = page.locator("form[action='/projects/import']")
        form.locator("input[name=files]").set_input_files(str(package))
        form.locator("button").click()
        page.wait_for_selector("h1:text('信息化项目运维服务费')")
        assert page.inner_text(".headline .total") == "98.00"
        assert page.inner_text(".headline .grade") == "优"
        assert "records/worklog-2023.csv" in page.content()

        page.set_input_files("input[name=file][accept*='csv']", str(wrong))
        page.click("button:text('上传记录')")
        alert = page.wait_for_selector("text=的列与项目文件声明的不符，未作任何修改")
        assert alert is not None
        said = page.inner_text("#workspace")
        assert "应为 类型、日期；实际为 序号、事项、金额" in said
        assert page.inner_text(".headline .total") == "98.00"  # the stored version, untouched
        page.screenshot(path=str(tmp_path / "bundle.png"), full_page=True)
        browser.close()
    project = store.projects(CLI, Filters()).rows[0]
    assert (project.version, project.total, project.grade) == (1, 98, "优")
