"""A project begun on the workbench has no funds figures: empty inputs, 未完成, no 0.0 in the log."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from jixiao.storage import Store

from .conftest import form_login, hidden

AMOUNTS = ("budget", "arrived", "spent")



def amount_input(page: str, key: str) -> str:
    match = re.search(rf'<input[^>]*data-path="funds\.{key}"[^>]*>', page)
    assert match, f"no input for funds.{key}"
    return match.group(0)


@pytest.fixture
def browser(store: Store) -> TestClient:
    return form_login(store, "eva", "evaluator")


def test_a_new_project_has_empty_funds_and_filling_them_scores_the_funds_leaves(browser: TestClient) -> None:
    csrf = hidden(browser.get("/projects").text, "csrf_token")
    answer = browser.post("/projects/new", data={"csrf_token": csrf, "framework": "common", "name": "社区养老补助",
                                                 "department": "民政局", "year": "2024", "category": "补助"})
    assert answer.status_code == 303
    location = answer.headers["location"]
    page = browser.get(location).text
    for key in AMOUNTS:  # empty, not 0.0 and not None
        shown = amount_input(page, key)
        assert 'value=""' in shown and "None" not in shown, shown
    assert '<span class="total">未完成</span>' in page
    assert 'data-score="资金到位率">未评分<' in page and 'data-score="预算执行率">未评分<' in page
    assert "资金“实际支出”尚未填写" in page

    answer = browser.post(f"{location}/edit", headers={"HX-Request": "true"},
                          data={"csrf_token": hidden(page, "csrf_token"), "version": "1",
                                "set:funds.budget": "100", "set:funds.arrived": "100", "set:funds.spent": "95"})
    assert "已保存，得分已重新计算" in answer.text, answer.text[:2000]
    assert 'data-score="资金到位率">未评分<' not in answer.text and 'data-score="预算执行率">未评分<' not in answer.text
    assert not re.findall(r"资金“[^”]*”尚未填写", answer.text)
    # The audit log: a first fill has no old value (not 0.0).
    log = re.findall(r'<span class="old">([^<]*)</span> → <span class="new">([^<]*)</span>', answer.text)
    assert ("", "100") in log and ("", "95") in log, log
    assert not [old for old, _ in log if old.startswith("0.0")]
