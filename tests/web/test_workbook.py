"""The Excel data-entry workbook: download, fill in with openpyxl as a person would in Excel,
upload; every bad cell is named as Sheet!cell and nothing is applied unless all is valid."""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

import pytest
from openpyxl import Workbook, load_workbook

from jixiao.numbers import ZERO
from jixiao.rules.base import FactField, FactType
from jixiao.storage import Store
from jixiao.web.workbook import rule_of

from .conftest import Browser, add_user, import_example, log_in

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ANSWER = "facts.立项依据充分性.answers#0"
OVERRIDE = "facts.立项依据充分性.override.score"


@pytest.fixture
def admin(store: Store) -> Browser:
    add_user(store, "root", "admin")
    return log_in(store, "root")


def download(browser: Browser, project_id: int) -> Workbook:
    answer = browser.call("GET", f"/api/projects/{project_id}/workbook")
    assert answer.status_code == 200, answer.text
    assert answer.headers["content-type"] == XLSX
    return load_workbook(io.BytesIO(answer.content))


def cell(book: Workbook, key: str) -> Any:
    """The value cell of the row whose hidden key is ``key``."""
    for ws in book.worksheets:
        for row in ws.iter_rows(min_row=2):
            if row[-1].value == key:
                return row[-2]
    raise AssertionError(f"no row {key}")


def keys(book: Workbook) -> set[str]:
    return {str(row[-1].value) for ws in book.worksheets for row in ws.iter_rows(min_row=2) if row[-1].value}


def saved(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def upload(browser: Browser, project_id: int, book: Workbook) -> Any:
    return browser.call("POST", f"/api/projects/{project_id}/workbook", content=saved(book),
                        headers={"Content-Type": XLSX})


def project(browser: Browser, project_id: int) -> dict[str, Any]:
    answer = browser.call("GET", f"/api/projects/{project_id}")
    assert answer.status_code == 200
    body: dict[str, Any] = answer.json()
    return body


def test_a_filled_in_workbook_uploaded_on_the_page_changes_the_score(store: Store, admin: Browser) -> None:
    project_id = import_example(store)
    book = download(admin, project_id)
    assert book.sheetnames == ["项目信息", "事实", "绩效目标"]
    assert book["事实"].column_dimensions["D"].hidden and book["事实"].protection.sheet
    cell(book, ANSWER).value = "否"  # ① of 立项依据充分性 no longer holds: the leaf loses its points
    cell(book, "funds.spent").value = 60  # typed as a number in Excel
    cell(book, "goals.7.actual").value = "6年"
    facts = book["事实"]  # rows may be reordered: the hidden key column maps them back
    first, second = ([c.value for c in facts[n]] for n in (2, 3))
    for index, value in enumerate(second):
        facts.cell(2, index + 1).value = value
    for index, value in enumerate(first):
        facts.cell(3, index + 1).value = value
    page = admin.client.get(f"/projects/{project_id}")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text)
    assert token and "/workbook.xlsx" in page.text
    answer = admin.client.post(f"/projects/{project_id}/workbook", data={"csrf_token": token.group(1)},
                               files={"file": ("填报.xlsx", saved(book), XLSX)})
    assert answer.status_code == 200 and "已导入 填报.xlsx" in answer.text
    after = project(admin, project_id)
    assert after["version"] == 2
    scores = {i["path"][-1]: i["score"] for i in admin.call("GET", f"/api/projects/{project_id}/score").json()["indicators"]}
    assert scores["立项依据充分性"] == "3.50"  # point ① (0.5 of its 4) no longer holds
    assert "answers: [否, 是, 是, 是, 否]" in after["text"] and "spent: 60 " in after["text"]
    audit = admin.call("GET", f"/api/projects/{project_id}/audit").json()
    assert sorted(e["path"] for e in audit if e["reason"] == "Excel 导入") == [
        "facts.立项依据充分性.answers", "funds.spent", "goals.7.actual"]


def test_bad_cells_are_named_and_nothing_is_applied(store: Store, admin: Browser) -> None:
    project_id = import_example(store)
    before = project(admin, project_id)
    book = download(admin, project_id)
    cell(book, "funds.spent").value = "九十"
    cell(book, ANSWER).value = "也许"
    blank = cell(book, "facts.立项程序规范性.answers#1")
    blank.value = None  # one answer of a list left empty
    renamed = cell(book, "facts.立项程序规范性.note").offset(column=1)
    renamed.value = "facts.没有的指标.note"  # a hidden key edited by hand
    cell(book, "funds.budget").value = 70  # valid, but not applied either
    answer = upload(admin, project_id, book)
    assert answer.status_code == 422
    error = answer.json()["error"]
    assert "没有导入任何数据" in error["message"]
    assert {d["cell"] for d in error["diagnostics"]} == {
        f"项目信息!{cell(book, 'funds.spent').coordinate}", f"事实!{cell(book, ANSWER).coordinate}",
        f"事实!{blank.coordinate}", f"事实!{renamed.coordinate}"}
    assert {d["code"] for d in error["diagnostics"]} == {"bad-value"}
    assert any("“九十”不是数字" in d["message"] for d in error["diagnostics"])
    after = project(admin, project_id)
    assert (after["version"], after["text"]) == (before["version"], before["text"])


def test_a_workbook_of_an_older_version_is_refused(store: Store, admin: Browser) -> None:
    project_id = import_example(store)
    book = download(admin, project_id)
    edit = admin.call("PATCH", f"/api/projects/{project_id}/facts", json={"version": 1, "changes": {"funds.spent": "61"}})
    assert edit.status_code == 200
    cell(book, "funds.arrived").value = 50
    answer = upload(admin, project_id, book)
    assert answer.status_code == 409 and "第 1 版" in answer.json()["error"]["message"]
    assert "arrived: 61.91" in project(admin, project_id)["text"]


def test_a_unit_gets_no_override_rows_and_may_not_upload_one(store: Store, admin: Browser) -> None:
    project_id = import_example(store)
    add_user(store, "jia", "unit", "深圳市盐田区信访局")
    unit = log_in(store, "jia")
    assert OVERRIDE in keys(download(admin, project_id))
    own = download(unit, project_id)
    assert OVERRIDE not in keys(own) and ANSWER in keys(own)
    theirs = download(admin, project_id)
    cell(theirs, OVERRIDE).value = 2
    cell(theirs, "facts.立项依据充分性.override.reason").value = "复核调整"
    assert upload(unit, project_id, theirs).status_code == 403
    assert project(admin, project_id)["version"] == 1
    cell(own, ANSWER).value = "否"
    assert upload(unit, project_id, own).status_code == 200
    assert project(admin, project_id)["version"] == 2


def test_who_may_not_read_a_project_may_neither_download_nor_upload(store: Store, admin: Browser) -> None:
    project_id = import_example(store)
    book = download(admin, project_id)
    add_user(store, "eva", "evaluator")  # not assigned to the project
    add_user(store, "yi", "unit", "乙局")
    for outsider in (log_in(store, "eva"), log_in(store, "yi")):  # 404: the same answer as for no such project
        assert outsider.call("GET", f"/api/projects/{project_id}/workbook").status_code == 404
        assert outsider.client.get(f"/projects/{project_id}/workbook.xlsx").status_code == 404
        assert upload(outsider, project_id, book).status_code == 404
    assert project(admin, project_id)["version"] == 1


def test_a_file_that_is_not_a_workbook_is_refused(store: Store, admin: Browser) -> None:
    project_id = import_example(store)
    answer = admin.call("POST", f"/api/projects/{project_id}/workbook", content=b"not a workbook",
                        headers={"Content-Type": XLSX})
    assert answer.status_code == 422
    assert answer.json()["error"]["diagnostics"][0]["code"] == "file-unreadable"


def test_an_error_the_core_finds_is_named_at_its_cell(store: Store, admin: Browser) -> None:
    project_id = import_example(store)
    book = download(admin, project_id)
    cell(book, "funds.spent").value = -5  # a number, but the core refuses a negative amount
    cell(book, OVERRIDE).value = 9  # above the leaf's weight of 4
    cell(book, "facts.立项依据充分性.override.reason").value = "复核"
    answer = upload(admin, project_id, book)
    assert answer.status_code == 422
    found = {d["code"]: d["cell"] for d in answer.json()["error"]["diagnostics"]}
    assert found == {"funds-invalid": f"项目信息!{cell(book, 'funds.spent').coordinate}",
                     "override-range": f"事实!{cell(book, OVERRIDE).coordinate}"}
    assert project(admin, project_id)["version"] == 1


def test_random_bytes_or_a_bomb_uploaded_as_a_workbook_are_refused_in_chinese(store: Store, admin: Browser) -> None:
    project_id = import_example(store)
    for content in (bytes(range(256)) * 8, b"PK\x03\x04" + bytes(range(256)) * 4):
        answer = admin.call("POST", f"/api/projects/{project_id}/workbook", content=content,
                            headers={"Content-Type": XLSX})
        assert answer.status_code == 422
        assert answer.json()["error"]["message"] == (
            "数据填报表.xlsx 无法导入：不是有效的 Excel（.xlsx）文件：文件已损坏，或并不是 .xlsx 格式")
    book = download(admin, project_id)
    book["事实"]["XFD1048576"] = "远处的一个单元格"  # 12 KB that openpyxl would take seconds to load
    answer = upload(admin, project_id, book)
    assert answer.status_code == 422
    [diagnostic] = answer.json()["error"]["diagnostics"]
    assert diagnostic["cell"] == "事实!XFD1048576" and "工作表“事实”声明的范围到 XFD1048576" in diagnostic["message"]
    assert project(admin, project_id)["version"] == 1


def test_a_note_that_looks_like_a_formula_is_downloaded_as_text_and_uploaded_unchanged(store: Store,
                                                                                      admin: Browser) -> None:
    project_id = import_example(store)
    note = "=cmd|' /C calc'!A0"
    path = "facts.立项程序规范性.note"
    edit = admin.call("PATCH", f"/api/projects/{project_id}/facts", json={"version": 1, "changes": {path: f'"{note}"'}})
    assert edit.status_code == 200, edit.text
    answer = admin.call("GET", f"/api/projects/{project_id}/workbook")
    book = load_workbook(io.BytesIO(answer.content))
    assert (cell(book, path).value, cell(book, path).data_type) == (note, "s")
    with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
        assert not any("<f>" in archive.read(n).decode() for n in archive.namelist() if n.startswith("xl/worksheets/"))
    cell(book, "funds.spent").value = 60  # one real change: the note, read back the same, is not an edit
    assert upload(admin, project_id, book).status_code == 200
    audit = admin.call("GET", f"/api/projects/{project_id}/audit").json()
    assert [e["path"] for e in audit if e["reason"] == "Excel 导入"] == ["funds.spent"]
    assert f'note: "{note}"' in project(admin, project_id)["text"]


# -- what Excel checks as it is typed ---------------------------------------------------------


def checks(ws: Any) -> dict[str, tuple[str, str | None, str | None]]:
    """Each checked cell of a sheet → (type, operator, formula) of its data validation."""
    found: dict[str, tuple[str, str | None, str | None]] = {}
    for validation in ws.data_validations.dataValidation:
        for cells in validation.sqref.ranges:
            for row in ws[cells.coord] if ":" in cells.coord else ((ws[cells.coord],),):
                for one in row:
                    found[one.coordinate] = (validation.type, validation.operator, validation.formula1)
    return found


def checked(book: Workbook, key: str) -> tuple[str, str | None, str | None] | None:
    value = cell(book, key)
    return checks(value.parent).get(value.coordinate)


YES_OR_NO = ("list", None, '"是,否"')


@pytest.mark.parametrize(("declared", "check"), [
    (FactField("value", "是否成立（是/否）", FactType.YES_NO), ("list", None, '"是,否"', "请从下拉列表中选择：是、否")),
    (FactField("answers", "要点答案", FactType.ANSWERS, items=5), ("list", None, '"是,否"', "请从下拉列表中选择：是、否")),
    (FactField("tier", "档次", FactType.TEXT, allowed=("达成", "部分达成", "未达成")),
     ("list", None, '"达成,部分达成,未达成"', "请从下拉列表中选择：达成、部分达成、未达成")),
    (FactField("complaints", "投诉件数", FactType.COUNT, minimum=ZERO),
     ("whole", "greaterThanOrEqual", "0", "请填写不小于 0 的整数")),
    (FactField("total", "总数", FactType.NUMBER, minimum=ZERO, above=True),
     ("decimal", "greaterThan", "0", "请填写大于 0 的数字")),
    (FactField("actual", "实际完成值", FactType.NUMBER, "次"),
     ("decimal", "greaterThanOrEqual", "-9.99E+307", "请填写数字（次）")),  # any number
    (FactField("actual", "实际完成值", FactType.RATE), None),  # typed as 98%, read by the upload
    (FactField("note", "备注", FactType.TEXT), None),
    (FactField("tier", "档次", FactType.TEXT, allowed=("甲,乙", "丙")), None),  # Excel's list cannot hold a comma
])
def test_a_fields_declaration_decides_its_cells_check(declared: FactField,
                                                      check: tuple[str, str | None, str, str] | None) -> None:
    rule = rule_of(declared)
    assert (None if rule is None else (rule.type, rule.operator, rule.formula, rule.error)) == check


def test_cells_of_yes_no_answers_and_numbers_are_checked_as_declared(store: Store, admin: Browser) -> None:
    book = download(admin, import_example(store))
    assert checked(book, ANSWER) == YES_OR_NO  # a checklist's answers, item by item
    assert checked(book, "facts.提高化解群众诉求速度.value") == YES_OR_NO  # yes_no: 是否成立
    assert checked(book, "facts.信访群众满意度.survey") == YES_OR_NO  # satisfaction: 是否开展满意度调查
    assert checked(book, "facts.信访群众满意度.complaints") == ("whole", "greaterThanOrEqual", "0")  # 投诉件数
    assert checked(book, "funds.spent") == ("decimal", "greaterThanOrEqual", "0")  # 万元
    assert checked(book, OVERRIDE) == ("decimal", "greaterThanOrEqual", "0")
    for free in ("facts.立项依据充分性.note", "facts.省一体化信访信息系统运维服务验收通过率.actual", "goals.7.actual"):
        assert checked(book, free) is None  # a text, a rate typed as 98%, a goal's value
    validation = next(v for v in book["事实"].data_validations.dataValidation if v.formula1 == '"是,否"')
    assert (validation.errorTitle, validation.error) == ("取值不符合要求", "请从下拉列表中选择：是、否")
    assert len(book["事实"].data_validations.dataValidation) == 3  # one per check, not one per cell


def test_a_number_cell_holds_a_number_and_a_text_cell_text(store: Store, admin: Browser) -> None:
    project_id = import_example(store)
    book = download(admin, project_id)
    spent = cell(book, "funds.spent")
    assert (spent.value, spent.number_format) == (61.71, "General")  # Excel checks numbers only in such a cell
    answer = cell(book, ANSWER)
    assert (answer.value, answer.number_format) == ("是", "@")
    answer = upload(admin, project_id, book)  # read back as written: no value differs, nothing is saved
    assert answer.status_code == 200 and project(admin, project_id)["version"] == 1


def test_a_tiers_leaf_offers_its_tiers_and_a_new_project_its_declared_fields(store: Store, admin: Browser) -> None:
    page = admin.client.get("/projects").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert token
    made = admin.client.post("/projects/new", data={"csrf_token": token.group(1), "framework": "common",
                                                   "name": "社区养老补助", "department": "民政局", "year": "2024"})
    book = download(admin, int(made.headers["location"].rsplit("/", 1)[-1]))
    assert checked(book, "facts.效益目标实现程度.tier") == ("list", None, '"达成,部分达成,未达成"')  # 档次
    assert checked(book, "facts.服务对象满意度.complaints") == ("whole", "greaterThanOrEqual", "0")
    assert checked(book, "facts.实际完成率.total") == ("decimal", "greaterThan", "0")  # a total must exceed 0
