"""The API documentation (接口说明) in a real browser, Debian's chromium driven by Playwright: the
vendored Swagger UI runs under the workbench's Content-Security-Policy, shows the operations in
their Chinese groups, and tries a GET with the administrator's session."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao.storage import Store

from .conftest import PASSWORD, add_user

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-component-update", "--disable-sync"]

sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian's chromium is not installed (apt-get install chromium)")


def test_an_administrator_reads_and_tries_the_api_in_the_browser(store: Store, server: str) -> None:
    add_user(store, "root", "admin")
    console: list[str] = []
    fetched: list[str] = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.on("console", lambda message: console.append(message.text))
        page.on("request", lambda request: fetched.append(request.url))
        page.goto(server + "/login")
        page.fill("input[name=username]", "root")
        page.fill("input[name=password]", PASSWORD)
        page.click("button:text('登录')")
        page.wait_for_url("**/projects")
        page.click("header nav a:text('接口说明')")
        page.wait_for_selector(".opblock")
        groups = page.locator(".opblock-tag").all_inner_texts()
        assert [g.split("\n")[0] for g in groups][:4] == ["登录与退出", "项目", "用户（管理员）", "指标体系"]
        listing = page.locator(".opblock-get", has_text="/api/projects").first
        listing.locator(".opblock-summary").click()
        listing.locator("button:text('Try it out')").click()
        listing.locator("button:text('Execute')").click()
        status = page.locator(".live-responses-table tbody .response-col_status").first
        status.wait_for()
        assert status.inner_text() == "200"  # the session cookie went with it
        changing = page.locator(".opblock-post").first
        changing.locator(".opblock-summary").click()
        assert changing.locator("button:text('Try it out')").count() == 0  # only GETs are tried from here
        browser.close()
    assert [m for m in console if "Content Security Policy" in m] == []
    assert [u for u in fetched if not u.startswith(server) and not u.startswith("data:")] == []  # no CDN
