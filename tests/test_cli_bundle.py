"""Project bundles at the console: ``jixiao db export ID -o FILE.zip`` writes one, ``jixiao db
import FILE.zip…`` reads it back with its records (all files or none), and ``jixiao serve
--demo`` starts with the example and its records."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from jixiao.cli import main

from .conftest import EXAMPLE

pytest.importorskip("sqlalchemy", reason="the web extra is not installed: pip install -e '.[web]'")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.output


@pytest.fixture
def database(tmp_path: Path) -> list[str]:
    return ["--database", f"sqlite:///{tmp_path / 'j.db'}"]


def test_export_as_a_zip_then_import_gives_the_same_project(database: list[str], tmp_path: Path) -> None:
    assert run("db", "import", *database, str(EXAMPLE))[0] == 0
    first = tmp_path / "盐田.zip"
    code, out = run("db", "export", *database, "1", "-o", str(first))
    assert code == 0 and out.startswith(f"已导出项目 1 的项目包 → {first}（项目文件及 2 个记录文件，")
    code, out = run("db", "import", *database, str(first))
    assert (code, out) == (0, f"已导入 {first}/project.yaml → 项目 2（98.00 分，优，附带 2 个记录文件）\n")
    again = tmp_path / "again.zip"
    run("db", "export", *database, "2", "-o", str(again))
    assert again.read_bytes() == first.read_bytes()  # the same text and record bytes, packed the same way
    run("db", "export", *database, "2", "-o", str(tmp_path / "out" / "project.yaml"))
    assert (tmp_path / "out" / "project.yaml").read_bytes() == EXAMPLE.read_bytes()
    for record in (EXAMPLE.parent / "records").iterdir():
        assert (tmp_path / "out" / "records" / record.name).read_bytes() == record.read_bytes()


def test_a_bundle_zipped_from_the_example_folder_imports_with_its_records(database: list[str], tmp_path: Path) -> None:
    bundle = tmp_path / "yantian.zip"
    with zipfile.ZipFile(bundle, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in [EXAMPLE, *sorted((EXAMPLE.parent / "records").iterdir())]:
            archive.write(path, path.relative_to(EXAMPLE.parent.parent).as_posix())  # yantian-it-om-2023/…
    code, out = run("db", "import", *database, str(bundle))
    assert code == 0 and "（98.00 分，优，附带 2 个记录文件）" in out


def test_a_refused_bundle_lists_every_problem_and_imports_nothing(database: list[str], tmp_path: Path) -> None:
    slip, nested = tmp_path / "slip.zip", tmp_path / "nested.zip"
    with zipfile.ZipFile(slip, "w") as archive:
        archive.writestr("project.yaml", EXAMPLE.read_text(encoding="utf-8"))
        archive.writestr("../outside.csv", "日期,类型\n")
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as archive:
        archive.writestr("x.csv", "x")
    with zipfile.ZipFile(nested, "w") as archive:
        archive.writestr("project.yaml", "")
        archive.writestr("records/more.zip", inner.getvalue())
    code, out = run("db", "import", *database, str(EXAMPLE), str(slip), str(nested))
    assert code == 1 and "Traceback" not in out
    assert f"{slip}: [file-unreadable] 错误：其中的文件名“../outside.csv”不合法：只能是项目文件夹内的相对路径" in out
    assert f"{nested}: [file-unreadable] 错误：其中的“records/more.zip”又是一个压缩包" in out
    assert out.rstrip().endswith("有文件无法读取，没有导入任何项目")
    assert run("db", "list", *database)[1].strip() == "共 0 个项目。"


def test_a_bundle_whose_records_do_not_match_is_refused_with_both_column_lists(database: list[str], tmp_path: Path) -> None:
    bundle = tmp_path / "wrong.zip"
    with zipfile.ZipFile(bundle, "w") as archive:
        archive.writestr("project.yaml", EXAMPLE.read_text(encoding="utf-8"))
        archive.writestr("records/worklog-2023.csv", "序号,事项\n1,巡检\n")
        archive.writestr("records/payments.csv", (EXAMPLE.parent / "records" / "payments.csv").read_bytes())
    code, out = run("db", "import", *database, str(bundle))
    assert code == 1
    assert ("records/worklog-2023.csv:1: [record-columns] 错误：记录文件 records/worklog-2023.csv 的列与项目文件声明的不符："
            "应为 类型、日期；实际为 序号、事项；请检查文件后重新上传") in out


def test_the_demo_starts_with_the_example_and_its_records(monkeypatch: pytest.MonkeyPatch, database: list[str]) -> None:
    import uvicorn

    monkeypatch.setattr(uvicorn, "run", lambda app, **options: None)  # no server: only what --demo stores
    code, out = run("serve", "--demo", *database)
    assert code == 0 and "演示模式：已导入示例项目" in out
    assert "98.00 优" in run("db", "list", *database)[1]
