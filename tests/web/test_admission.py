"""One gate for every new text, whatever the door: what a budget unit may change, what no one
may store, and where a project's status lets whom write.

Each test is a finding of the attack on the first workbench: before the gate, every refusal
below was a saved version (or a worker frozen for a minute).
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from jixiao.storage import Store
from jixiao.storage import projects as store_projects
from jixiao.storage.access import CLI

from .conftest import Browser, add_user, example_text, import_example, log_in

LEAF = "资金分配合理性"  # a 3-point checklist leaf of the example; its facts are answers: [是, 是]


@pytest.fixture
def unit(store: Store) -> Browser:
    add_user(store, "jia", "unit", "深圳市盐田区信访局")
    return log_in(store, "jia")


@pytest.fixture
def admin(store: Store) -> Browser:
    add_user(store, "root", "admin")
    return log_in(store, "root")


def project(who: Browser, project_id: int) -> dict[str, Any]:
    answer = who.call("GET", f"/api/projects/{project_id}")
    assert answer.status_code == 200, answer.text
    data: dict[str, Any] = answer.json()
    return data


def edit(who: Browser, project_id: int, changes: dict[str, str], version: int = 1) -> Any:
    return who.call("PATCH", f"/api/projects/{project_id}/facts", json={"version": version, "changes": changes})


def refusal(answer: Any) -> tuple[int, list[str]]:
    return answer.status_code, [d["code"] for d in answer.json()["error"]["diagnostics"]]


# -- a unit cannot set its own scores -----------------------------------------------------------


def test_a_tagged_override_key_is_refused_for_everyone(store: Store, unit: Browser) -> None:
    project_id = import_example(store)
    smuggled = "{answers: [是, 是], !x override: {score: 0, reason: 自定}}"
    answer = edit(unit, project_id, {f"facts.{LEAF}": smuggled})
    assert refusal(answer) == (422, ["yaml-refused"])
    assert "不支持 YAML 标签“!x”" in answer.json()["error"]["diagnostics"][0]["message"]
    assert project(unit, project_id)["version"] == 1 and project(unit, project_id)["total"] == "98.00"


def test_a_unit_cannot_import_a_project_that_carries_an_override(store: Store, unit: Browser) -> None:
    text = example_text().replace(f"  {LEAF}:\n    answers: [是, 是]\n",
                                  f"  {LEAF}:\n    answers: [是, 是]\n    override: {{score: 1, reason: 自行调整}}\n")
    assert "override" in text
    answer = unit.call("POST", "/api/projects", json={"text": text})
    assert answer.status_code == 403 and "不能调整得分" in answer.json()["error"]["message"]
    assert unit.call("GET", "/api/projects").json()["count"] == 0


def test_a_unit_cannot_bring_its_own_indicator_system(store: Store, unit: Browser) -> None:
    """Weights and rules decide the scores as much as overrides do: they are the bureau's."""
    project_id = import_example(store)
    text = project(unit, project_id)["text"].replace("framework: yantian-it-om-2023", "framework: common")
    assert "framework: common" in text
    answer = unit.call("PUT", f"/api/projects/{project_id}/file", json={"version": 1, "text": text})
    assert answer.status_code == 403 and "指标体系" in answer.json()["error"]["message"]
    answer = unit.call("POST", "/api/projects", json={"text": text.replace("framework: common", "framework: {name: 自定}")})
    assert answer.status_code == 403 and "内置指标体系" in answer.json()["error"]["message"]


def test_a_unit_may_replace_its_file_when_only_its_facts_change(store: Store, unit: Browser) -> None:
    project_id = import_example(store)
    text = project(unit, project_id)["text"].replace("spent: 61.71", "spent: 61.5")
    answer = unit.call("PUT", f"/api/projects/{project_id}/file", json={"version": 1, "text": text})
    assert answer.status_code == 200 and answer.json()["version"] == 2


# -- no value the core would refuse is stored ----------------------------------------------------


@pytest.mark.parametrize(("changes", "code", "says"), [
    ({f"facts.{LEAF}.answers": "[是, 是, 是, 是, 是, 是, 是, 是]"}, "fact-invalid", "却回答了 8 个"),
    ({"facts.信访群众满意度.complaints": "-3"}, "fact-invalid", "不能为负"),
    ({f"facts.{LEAF}.bogus": "1"}, "unknown-key", "bogus"),
    ({"funds.spent": "-5"}, "funds-invalid", "负数"),
    ({"funds.spent": "5" * 5000}, "yaml-refused", "位数过多"),
    ({"funds.spent": "1e999999999"}, "yaml-refused", "位数过多"),
    ({"project.period.start": "2023-13-01"}, "bad-set", "不是合法的取值"),  # once a 500 from the date parser
    ({"project.year": "99999"}, "bad-value", "不合理"),  # once a 500 from the calendar
])
def test_a_value_the_core_refuses_is_not_saved(store: Store, unit: Browser, changes: dict[str, str],
                                               code: str, says: str) -> None:
    project_id = import_example(store)
    answer = edit(unit, project_id, changes)
    assert refusal(answer) == (422, [code]), answer.text
    assert says in answer.json()["error"]["diagnostics"][0]["message"]
    assert project(unit, project_id)["version"] == 1


def test_a_path_that_stops_short_is_refused_rather_than_replacing_a_section(store: Store, admin: Browser) -> None:
    project_id = import_example(store)
    answer = edit(admin, project_id, {"facts..": "{}"})
    assert answer.status_code == 422 and "不完整" in answer.json()["error"]["message"]
    assert f"{LEAF}:" in project(admin, project_id)["text"]


def test_billion_laughs_cost_nothing_as_a_project_or_as_a_value(store: Store, admin: Browser) -> None:
    laughs = "a: &a [哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈, 哈]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))
    project_id = import_example(store)
    started = time.perf_counter()
    as_project = admin.call("POST", "/api/projects", json={"text": laughs})
    as_value = edit(admin, project_id, {f"facts.{LEAF}.note": "{" + laughs.replace("\n", ", ").rstrip(", ") + "}"})
    elapsed = time.perf_counter() - started
    assert refusal(as_project) == (422, ["yaml-refused"]) and refusal(as_value)[0] == 422
    assert elapsed < 5  # was 20–60 s and over 1 GB; a generous bound for a noisy machine
    assert project(admin, project_id)["version"] == 1


def test_an_error_already_stored_does_not_block_other_edits(store: Store) -> None:
    """A file stored before the gate existed stays editable: only new errors are refused."""
    project_id = import_example(store)
    with store.writing() as db:  # a stored error, as an old version could have one
        db.execute(store_projects.PROJECTS.update().values(
            text=example_text().replace(f"  {LEAF}:\n    answers: [是, 是]\n", f"  {LEAF}:\n    answers: [是, 是]\n    bogus: 1\n")))
    with store.writing() as db:
        saved = store_projects.edit(db, CLI, project_id, 1, {"funds.spent": "61.5"}, "", store.registry)
    assert saved.version == 2


# -- who may write a project in which status ----------------------------------------------------


def status(who: Browser, project_id: int, to: str) -> Any:
    return who.call("PATCH", f"/api/projects/{project_id}/status",
                    json={"version": project(who, project_id)["version"], "status": to})


def test_a_unit_hands_a_project_in_and_can_no_longer_change_or_finalize_it(store: Store, unit: Browser,
                                                                         admin: Browser) -> None:
    project_id = import_example(store)
    assert status(unit, project_id, "evaluating").status_code == 200
    answer = edit(unit, project_id, {"funds.spent": "60"}, version=2)
    assert answer.status_code == 403 and "评价中" in answer.json()["error"]["message"]
    assert status(unit, project_id, "final").status_code == 403
    assert status(admin, project_id, "final").status_code == 200
    assert status(unit, project_id, "evaluating").status_code == 403  # a unit cannot reopen it


def test_a_final_version_is_never_changed_only_reopened(store: Store, admin: Browser) -> None:
    project_id = import_example(store)
    assert status(admin, project_id, "evaluating").status_code == 200
    assert status(admin, project_id, "final").status_code == 200
    answer = edit(admin, project_id, {"funds.spent": "60"}, version=3)
    assert answer.status_code == 403 and "已定稿" in answer.json()["error"]["message"]
    assert status(admin, project_id, "evaluating").status_code == 200
    assert edit(admin, project_id, {"funds.spent": "60"}, version=4).status_code == 200


def test_a_project_someone_may_not_see_answers_as_if_it_did_not_exist(store: Store, unit: Browser) -> None:
    other = import_example(store, "乙局")
    hidden, missing = unit.call("GET", f"/api/projects/{other}"), unit.call("GET", "/api/projects/999")
    assert hidden.status_code == missing.status_code == 404
    assert hidden.json()["error"]["message"].replace(str(other), "N") == missing.json()["error"]["message"].replace("999", "N")
