"""Bundles in the browser's pages (TestClient): download a project with its records, import it
from the project list (the example scores 98.00 优 with its records, 82.00 without them), and
what a person reads when a bundle or a record file is refused."""

from __future__ import annotations

import io
import os
import re
import zipfile
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from jixiao.limits import LIMITS
from jixiao.storage import CLI, Store, bundle
from jixiao.storage import projects as store_projects
from jixiao.web.app import create_app

from .conftest import EXAMPLE, PASSWORD, add_user, example_files, example_text, import_example


def hidden(page: str, name: str) -> str:
    match = re.search(rf'name="{name}" value="([^"]*)"', page)
    assert match, f"no hidden field {name}"
    return match.group(1)


def logged_in(store: Store, name: str, role: str, department: str = "") -> TestClient:
    """A person logged in through the login form."""
    add_user(store, name, role, department)
    client = TestClient(create_app(store), follow_redirects=False)
    form = client.get("/login").text
    answer = client.post("/login", data={"username": name, "password": PASSWORD, "csrf_token": hidden(form, "csrf_token")})
    assert answer.status_code == 303
    return client


@pytest.fixture
def eva(store: Store) -> TestClient:
    return logged_in(store, "eva", "evaluator")


def upload(client: TestClient, *files: tuple[str, bytes]) -> object:
    csrf = hidden(client.get("/projects").text, "csrf_token")
    return client.post("/projects/import", data={"csrf_token": csrf},
                       files=[("files", (name, content, "application/octet-stream")) for name, content in files])


def headline(page: str) -> tuple[str, str]:
    match = re.search(r'<span class="total">([^<]*)</span>.*?<span class="grade">([^<]*)</span>', page, re.S)
    assert match, "no headline"
    return match.group(1), match.group(2)


def test_the_project_list_offers_bundles_in_its_import_form(eva: TestClient) -> None:
    page = eva.get("/projects").text
    assert 'accept=".yaml,.yml,.zip"' in page and "项目包" in page


def test_a_project_downloads_as_one_zip_named_by_id_name_and_year(store: Store, eva: TestClient) -> None:
    project_id = import_example(store)
    with store.writing() as db:
        store_projects.assign(db, CLI, project_id, "eva")
    answer = eva.get(f"/projects/{project_id}/bundle.zip")
    assert answer.status_code == 200 and answer.headers["content-type"] == "application/zip"
    assert quote(f"项目{project_id}-信息化项目运维服务费2023年度项目包.zip") in answer.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(answer.content)) as archive:
        assert archive.read("project.yaml").decode("utf-8") == example_text()
        assert {n: archive.read(n) for n in archive.namelist() if n != "project.yaml"} == example_files()


def test_only_who_may_read_a_project_downloads_its_bundle(store: Store) -> None:
    project_id = import_example(store)
    other = logged_in(store, "mz", "unit", "区民政局")
    assert other.get(f"/projects/{project_id}/bundle.zip").status_code == 404


def test_the_example_imported_as_a_bundle_scores_98_with_its_records(store: Store, eva: TestClient) -> None:
    answer = upload(eva, ("盐田.zip", bundle.pack(example_text(), example_files())))
    assert answer.status_code == 303
    page = eva.get(answer.headers["location"]).text
    assert headline(page) == ("98.00", "优") and "records/worklog-2023.csv" in page
    project_id = int(answer.headers["location"].rsplit("/", 1)[1])
    assert store.audit(CLI, project_id)[0].new == "盐田.zip/project.yaml"  # the log names the bundle it came in


def test_the_project_file_alone_cannot_bring_its_records(eva: TestClient) -> None:
    answer = upload(eva, ("project.yaml", EXAMPLE.read_bytes()))
    page = eva.get(answer.headers["location"]).text
    assert headline(page) == ("82.00", "良") and "找不到记录文件“records/worklog-2023.csv”" in page


def test_a_bundle_and_a_project_file_import_together_or_not_at_all(store: Store, eva: TestClient) -> None:
    evil = zipped_slip()
    answer = upload(eva, ("project.yaml", EXAMPLE.read_bytes()), ("evil.zip", evil))
    assert answer.status_code == 422
    assert "项目包 evil.zip 无法导入，没有导入任何项目" in answer.text
    assert "其中的文件名“../../../etc/cron.d/x”不合法：只能是项目文件夹内的相对路径" in answer.text
    assert store.projects(CLI, store_projects.Filters()).count == 0


def zipped_slip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("project.yaml", example_text())
        archive.writestr("../../../etc/cron.d/x", "* * * * * root sh -c 'id'\n")
    return out.getvalue()


def test_a_bundle_over_the_upload_limit_is_refused_before_it_is_opened(store: Store, eva: TestClient) -> None:
    answer = upload(eva, ("大.zip", b"PK\x03\x04" + os.urandom(LIMITS.upload_bytes)))
    assert answer.status_code == 422 and "大.zip 超过 5 MB，请拆分后上传" in answer.text
    assert store.projects(CLI, store_projects.Filters()).count == 0


def test_a_budget_unit_imports_a_bundle_only_for_its_own_department(store: Store) -> None:
    unit = logged_in(store, "mz", "unit", "区民政局")
    answer = upload(unit, ("盐田.zip", bundle.pack(example_text(), example_files())))  # 深圳市盐田区信访局's project
    assert answer.status_code == 403
    assert store.projects(CLI, store_projects.Filters()).count == 0


def test_a_wrong_record_file_is_refused_on_the_project_page_with_both_lists(store: Store, eva: TestClient) -> None:
    project_id = import_example(store)
    with store.writing() as db:
        store_projects.assign(db, CLI, project_id, "eva")
    page = eva.get(f"/projects/{project_id}").text
    answer = eva.post(f"/projects/{project_id}/records", data={"csrf_token": hidden(page, "csrf_token"), "version": "1"},
                      files={"file": ("worklog-2023.csv", "序号,事项,金额\n1,购置打印机,0.3\n".encode(), "text/csv")})
    assert "记录文件 records/worklog-2023.csv 的列与项目文件声明的不符，未作任何修改" in answer.text
    assert "应为 类型、日期；实际为 序号、事项、金额；请检查文件后重新上传" in answer.text
    row, files = store.files(CLI, project_id)
    assert (row.version, files) == (1, example_files()) and headline(answer.text) == ("98.00", "优")
