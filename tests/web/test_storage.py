"""The database keeps project files losslessly, refuses bad input whole, and never loses an edit."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from click.testing import CliRunner
from sqlalchemy import func, select, text

from jixiao.cli import main
from jixiao.storage import CLI, Conflict, Invalid, Store
from jixiao.storage import projects as store_projects
from jixiao.storage.schema import AuditEntry, Project

from .conftest import EXAMPLE, Database, add_user, example_files, example_text, import_example


def count(store: Store, table: type[Project] | type[AuditEntry]) -> int:
    with store.reading() as db:
        return db.scalar(select(func.count()).select_from(table)) or 0


def test_import_then_export_gives_back_every_byte(database: Database, tmp_path: Path) -> None:
    runner = CliRunner()
    url = ["--database", database.url]
    if database.schema:  # the CLI reaches the test schema through the search_path option
        url = ["--database", f"{database.url}?options=-csearch_path%3D{database.schema}"]
    imported = runner.invoke(main, ["db", "import", *url, str(EXAMPLE)])
    assert imported.exit_code == 0, imported.output
    assert "98.00 分，优" in imported.output
    exported = runner.invoke(main, ["db", "export", *url, "1", "-o", str(tmp_path / "out" / "project.yaml")])
    assert exported.exit_code == 0, exported.output
    assert (tmp_path / "out" / "project.yaml").read_bytes() == EXAMPLE.read_bytes()
    for record in (EXAMPLE.parent / "records").iterdir():  # the work records travel with the file
        assert (tmp_path / "out" / "records" / record.name).read_bytes() == record.read_bytes()


def test_an_edit_changes_only_the_lines_it_touches(store: Store) -> None:
    project_id = import_example(store)
    with store.writing() as db:
        row = store_projects.edit(db, CLI, project_id, 1, {"funds.spent": "55", "goals.0.actual": "2个"}, "",
                                  store.registry)
    before, after = example_text().splitlines(), row.text.splitlines()
    changed = [(old, new) for old, new in zip(before, after, strict=True) if old != new]
    assert changed == [
        ("  spent: 61.71              # 实际支付", "  spent: 55                 # 实际支付"),
        ("  - {level1: 产出指标, level2: 数量指标, name: 保障信访业务系统数量, target: 3个, actual: 3个}",
         "  - {level1: 产出指标, level2: 数量指标, name: 保障信访业务系统数量, target: 3个, actual: 2个}"),
    ]
    assert row.version == 2


def test_a_save_rescores_and_updates_the_filter_columns(store: Store) -> None:
    project_id = import_example(store)
    with store.writing() as db:
        row = store_projects.edit(db, CLI, project_id, 1, {"facts.提高化解群众诉求速度.value": "否"}, "核实后改为否",
                                  store.registry)
    assert (str(row.total), row.grade) == ("83", "良")  # 98 − the 15 points of that yes/no leaf
    scoring = store.scoring(row)
    assert scoring.result is not None and str(scoring.result.total) == "83.00"


def test_a_failed_import_changes_nothing(store: Store) -> None:
    good = store_projects.Incoming("good.yaml", example_text())
    bad = store_projects.Incoming("bad.yaml", "project: {name: 缺少单位、资金和指标体系}\n")
    with pytest.raises(Invalid) as refused, store.writing() as db:
        store_projects.import_texts(db, CLI, [good, bad], store.registry)
    assert "没有导入任何项目" in refused.value.message
    assert {str(d.source).split(":")[0] for d in refused.value.diagnostics} == {"bad.yaml"}
    assert "项目文件缺少“funds”" in [d.message for d in refused.value.diagnostics]
    assert (count(store, Project), count(store, AuditEntry)) == (0, 0)


def test_a_stale_save_is_refused_and_the_newer_data_kept(store: Store) -> None:
    project_id = import_example(store)
    with store.writing() as db:  # the first person saves version 1 → 2
        store_projects.edit(db, CLI, project_id, 1, {"funds.spent": "60"}, "", store.registry)
    with pytest.raises(Conflict) as refused, store.writing() as db:  # the second still has version 1
        store_projects.edit(db, CLI, project_id, 1, {"funds.spent": "50"}, "", store.registry)
    assert "已被他人修改" in refused.value.message and "第 2 版" in refused.value.message
    with store.reading() as db:
        row = store_projects.readable(db, CLI, project_id)
    assert (row.version, "spent: 60 " in row.text) == (2, True)


def test_two_simultaneous_saves_of_one_version_let_exactly_one_through(store: Store) -> None:
    project_id = import_example(store)
    outcomes: list[str] = []
    start = threading.Barrier(2)

    def save(spent: str) -> None:
        start.wait()
        try:  # the web's path: score outside the write lock, then compare versions and save
            store.edit(CLI, project_id, 1, {"funds.spent": spent}, "")
            outcomes.append("saved")
        except Conflict:
            outcomes.append("refused")

    threads = [threading.Thread(target=save, args=(s,)) for s in ("58", "59")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["refused", "saved"]
    with store.reading() as db:
        assert store_projects.readable(db, CLI, project_id).version == 2
        assert len([e for e in store_projects.audit_entries(db, project_id) if e.action == "修改"]) == 1


def test_every_change_is_in_the_audit_log_with_old_and_new(store: Store) -> None:
    project_id = import_example(store)
    with store.writing() as db:
        store_projects.edit(db, CLI, project_id, 1, {"facts.信访群众满意度.complaints": "2"}, "补录投诉", store.registry)
        store_projects.set_status(db, CLI, project_id, 2, "evaluating")
    with store.reading() as db:
        log = [(e.action, e.path, e.old, e.new, e.reason) for e in store_projects.audit_entries(db, project_id)]
    assert log == [
        ("状态", "status", "填报中", "评价中", ""),
        ("修改", "facts.信访群众满意度.complaints", "0", "2", "补录投诉"),
        ("导入", "", "", "example.yaml", ""),
    ]


def test_the_audit_log_refuses_updates_and_deletes(store: Store) -> None:
    import_example(store)
    for statement in ("UPDATE audit_log SET reason = 'x'", "DELETE FROM audit_log"):
        with pytest.raises(Exception, match="append-only"), store.writing() as db:
            db.execute(text(statement))
    assert count(store, AuditEntry) == 1


@pytest.mark.parametrize(("change", "message"), [
    ("framework: yantian-it-om-2023", "/etc/passwd.yaml"),
    ("- records/worklog-2023.csv", "../../secret.csv"),
])
def test_a_stored_project_cannot_read_server_files(store: Store, change: str, message: str) -> None:
    body = example_text().replace(change, change.replace(change.split()[-1], message))
    with pytest.raises(Invalid) as refused, store.writing() as db:
        store_projects.import_texts(db, CLI, [store_projects.Incoming("x.yaml", body)], store.registry)
    assert message in refused.value.diagnostics[0].message


def test_a_project_page_learns_who_is_assigned_and_who_could_be_in_one_query(store: Store) -> None:
    project_id = import_example(store)
    for name, role in (("wang", "evaluator"), ("li", "evaluator"), ("zhao", "finance")):
        add_user(store, name, role)
    with store.writing() as db:
        store_projects.assign(db, CLI, project_id, "wang")
    with store.reading() as db:
        people = store_projects.assignees(db, project_id)
    assert (people.assigned, people.candidates) == (["wang"], ["li", "wang"])  # a finance account is no candidate


def test_the_names_of_a_projects_files_come_with_its_version(store: Store) -> None:
    project_id = import_example(store)
    with store.reading() as db:
        row = store_projects.readable(db, CLI, project_id)
        before = store.attachment_names(row, db)
    with store.writing() as db:
        row = store_projects.attach(db, CLI, project_id, row.version, "extra.csv", "日期,类型\n".encode(), store.registry)
    with store.reading() as db:
        after = store.attachment_names(row, db)
    assert [name for name in after if name not in before] == ["records/extra.csv"]


def test_within_one_transaction_a_save_is_read_back_as_saved(store: Store) -> None:
    project_id = import_example(store)
    with store.writing() as db:
        before = store_projects.readable(db, CLI, project_id)
        saved = store_projects.set_status(db, CLI, project_id, before.version, "evaluating")
        again = store_projects.readable(db, CLI, project_id)
    assert (saved.version, saved.status) == (again.version, again.status) == (2, "evaluating")


def test_the_list_shows_the_newest_year_first_a_page_at_a_time(store: Store) -> None:
    years = [2022, 2024, 2023, 2024, 2022]
    with store.writing() as db:
        incoming = [store_projects.Incoming(f"p{i}.yaml", example_text().replace("year: 2023", f"year: {year}"),
                                            example_files()) for i, year in enumerate(years, 1)]
        store_projects.import_texts(db, CLI, incoming, store.registry)
    with store.reading() as db:
        pages = [store_projects.list_projects(db, CLI, store_projects.Filters(), page, per_page=2) for page in (1, 2, 3)]
        only_2022 = store_projects.list_projects(db, CLI, store_projects.Filters(year=2022), 1, per_page=2)
    assert [[(row.year, row.id) for row in p.rows] for p in pages] == [
        [(2024, 4), (2024, 2)], [(2023, 3), (2022, 5)], [(2022, 1)]]
    assert (pages[0].count, pages[0].pages) == (5, 3)
    assert [row.id for row in only_2022.rows] == [5, 1]
