"""A project travels with its evidence: the bundle (one zip of the project file and its records),
its round trip through the database, the hostile zips it refuses, and record files checked
against the columns their project file declares for them."""

from __future__ import annotations

import datetime as dt
import io
import stat
import warnings
import zipfile
from collections.abc import Iterable

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from jixiao.storage import CLI, Incoming, Invalid, Store, bundle
from jixiao.storage import projects as store_projects
from jixiao.storage.schema import Attachment

from .conftest import example_files, example_text, import_example

RECORDS_LIST = "    - records/worklog-2023.csv\n    - records/payments.csv\n"
HEADER = "编号,日期,系统,类型,报告时间,响应时间,解决时间,提交时间,所属期,金额,结果,备注\n"


def zipped(members: Iterable[tuple[str | zipfile.ZipInfo, bytes]]) -> bytes:
    """A zip made by hand, as a hostile sender would make it."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive, warnings.catch_warnings():
        warnings.simplefilter("ignore")  # zipfile warns of duplicate names: one test wants them
        for name, content in members:
            archive.writestr(name, content)
    return out.getvalue()


def refusal(content: bytes, name: str = "项目包.zip") -> str:
    """What the person reads when ``content`` is refused: the summary and each problem."""
    with pytest.raises(Invalid) as refused:
        bundle.unpack(content, name)
    assert refused.value.message == f"项目包 {name} 无法导入，没有导入任何项目"
    return "\n".join(d.format() for d in refused.value.diagnostics)


# -- the round trip ---------------------------------------------------------------------------


def test_the_example_bundle_holds_the_project_file_and_its_records_as_stored() -> None:
    content = bundle.pack(example_text(), example_files())
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert archive.namelist() == ["project.yaml", "records/payments.csv", "records/worklog-2023.csv"]
        assert archive.read("project.yaml") == example_text().encode("utf-8")
    # Packed twice, the same bytes: every member has the same fixed time.
    assert bundle.pack(example_text(), example_files()) == content
    back = bundle.unpack(content, "盐田.zip")
    assert (back.name, back.text, back.files) == ("盐田.zip/project.yaml", example_text(), example_files())


def test_export_then_import_gives_back_the_same_text_records_and_score(store: Store) -> None:
    first = import_example(store)
    row, files = store.files(CLI, first)
    again = store.create(CLI, [bundle.unpack(bundle.pack(row.text, files), "盐田.zip")])[0]
    copy, copied = store.files(CLI, again.id)
    assert (copy.text, copied) == (example_text(), example_files())
    assert (row.total, row.grade) == (copy.total, copy.grade) == (98, "优")
    assert store.files(CLI, again.id) == (copy, copied)  # and nothing else was stored with it


SAFE_CHARACTERS = st.characters(codec="utf-8", categories=("L", "N"), include_characters="-_. ")
LEDGER_NAME = st.text(SAFE_CHARACTERS, min_size=1, max_size=20).map(lambda s: f"records/{s.strip(' .') or 'x'}.csv")
ROW = st.tuples(st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2023, 12, 31)),
                st.sampled_from(["省一体化信访信息系统", "云安访系统"]), st.sampled_from(["运行环境监测", "日志分析", "上门巡检"]),
                st.text(SAFE_CHARACTERS, max_size=12))


def ledger(rows: list[tuple[object, str, str, str]]) -> bytes:
    lines = [f"X{n},{day},{system},{kind},,,,,,,,{note}\n" for n, (day, system, kind, note) in enumerate(rows)]
    return (HEADER + "".join(lines)).encode("utf-8")


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=LEDGER_NAME, rows=st.lists(ROW, max_size=30))
def test_any_ledger_comes_back_byte_for_byte_with_the_same_score(store: Store, name: str,
                                                                 rows: list[tuple[object, str, str, str]]) -> None:
    """The example with one more work log (any name, any rows): exported and imported again, the
    same text, the same bytes and the same score."""
    assume(name not in example_files())
    text = example_text().replace(RECORDS_LIST, f"{RECORDS_LIST}    - {name}\n")
    files = {**example_files(), name: ledger(rows)}
    first = store.create(CLI, [Incoming("附加记录.yaml", text, files)])[0]
    row, stored = store.files(CLI, first.id)
    again = store.create(CLI, [bundle.unpack(bundle.pack(row.text, stored), "往返.zip")])[0]
    copy, copied = store.files(CLI, again.id)
    assert (copy.text, copied) == (text, files)
    assert (copy.total, copy.grade, copy.errors) == (first.total, first.grade, first.errors)


def test_a_bundle_zipped_by_hand_from_the_example_folder_imports_too() -> None:
    """A person zips the folder (the top folder, directory entries, a Mac's __MACOSX) instead of
    exporting: the project file is found in its folder and the clutter is left out."""
    folder = [("盐田/project.yaml", example_text().encode()), ("盐田/records/", b""),
              *((f"盐田/{name}", content) for name, content in example_files().items()),
              ("__MACOSX/盐田/._project.yaml", b"\0\5\26\7"), ("盐田/.DS_Store", b"\0\0\0\1Bud1")]
    back = bundle.unpack(zipped(folder), "盐田.zip")
    assert (back.name, back.text, back.files) == ("盐田.zip/盐田/project.yaml", example_text(), example_files())


# -- hostile zips -----------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["../../etc/passwd", "/etc/passwd", "records/../../x.csv", "..\\..\\x.csv", "C:/x.csv"])
def test_a_member_outside_the_project_folder_is_refused(path: str) -> None:
    said = refusal(zipped([("project.yaml", b"jixiao: 1\n"), (path, b"x")]))
    assert f"其中的文件名“{path}”不合法：只能是项目文件夹内的相对路径" in said


def test_a_symbolic_link_is_refused() -> None:
    link = zipfile.ZipInfo("records/worklog-2023.csv")
    link.external_attr = (stat.S_IFLNK | 0o777) << 16
    assert "其中的“records/worklog-2023.csv”是符号链接" in refusal(zipped([("project.yaml", b""), (link, b"/etc/passwd")]))


def test_an_encrypted_member_is_refused() -> None:
    plain = zipped([("project.yaml", b""), ("records/worklog-2023.csv", b"x")])
    entry = plain.rindex(b"PK\x01\x02")  # the second member's entry in the central directory
    flags = int.from_bytes(plain[entry + 8:entry + 10], "little") | 0x1  # "encrypted", as a password-protected zip says
    locked = plain[:entry + 8] + flags.to_bytes(2, "little") + plain[entry + 10:]
    assert "其中的“records/worklog-2023.csv”已加密" in refusal(locked)


def test_too_many_members_are_refused_before_any_is_read() -> None:
    many = [("project.yaml", b"")] + [(f"records/{n}.csv", b"x") for n in range(bundle.MAX_MEMBERS)]
    assert f"含有 {bundle.MAX_MEMBERS + 1} 个文件，超过上限 {bundle.MAX_MEMBERS} 个" in refusal(zipped(many))


def test_a_zip_inside_the_zip_is_refused_by_its_name_or_its_bytes() -> None:
    inner = zipped([("secret.csv", b"x")])
    assert "其中的“records/more.zip”又是一个压缩包" in refusal(zipped([("project.yaml", b""), ("records/more.zip", inner)]))
    assert "其中的“records/log.csv”又是一个压缩包" in refusal(zipped([("project.yaml", b""), ("records/log.csv", inner)]))


def test_a_workbook_is_a_zip_but_no_nested_archive() -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.append(["日期", "类型"])
    out = io.BytesIO()
    book.save(out)
    back = bundle.unpack(zipped([("project.yaml", b"jixiao: 1\n"), ("records/log.xlsx", out.getvalue())]), "x.zip")
    assert back.files == {"records/log.xlsx": out.getvalue()}


def test_a_zip_bomb_is_refused_by_its_compression_ratio() -> None:
    said = refusal(zipped([("project.yaml", b""), ("records/zeros.csv", b"0" * 10_000_000)]))
    assert "可能是压缩炸弹：其中的“records/zeros.csv”压缩比异常" in said and "上限 200 倍" in said


def test_members_that_together_unpack_past_the_limit_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(bundle, "MAX_UNPACKED", 100_000)  # the real one is 50 MB
    noise = [(f"records/{n}.csv", bytes(range(256)) * 200) for n in range(3)]  # 51,200 bytes each, ratio ≈ 100
    assert "可能是压缩炸弹：解压后合计超过" in refusal(zipped([("project.yaml", b""), *noise]))


def test_a_bundle_over_its_size_is_refused_unread() -> None:
    with pytest.raises(Invalid) as refused:
        bundle.check_size(bundle.MAX_BUNDLE + 1, "大.zip")
    assert "文件超过 50 MB" in refused.value.diagnostics[0].message


@pytest.mark.parametrize(("content", "said"), [
    (b"PK\x03\x04 not really a zip", "不是有效的 zip 压缩包，或已损坏"),
    (zipped([("records/worklog-2023.csv", b"x")]), "其中没有 project.yaml（其中有：records/worklog-2023.csv）"),
    (zipped([("project.yaml", "项目".encode("gbk"))]), "其中的 project.yaml 不是 UTF-8 编码的文本文件"),
    (zipped([("project.yaml", b""), ("records/a.csv", b"1"), ("records/a.csv", b"2")]), "含有两个同名的文件“records/a.csv”"),
])
def test_a_broken_bundle_says_what_is_wrong(content: bytes, said: str) -> None:
    assert said in refusal(content)


def test_a_refused_bundle_imports_nothing(store: Store) -> None:
    good = bundle.pack(example_text(), example_files())
    with pytest.raises(Invalid):
        store.create(CLI, [bundle.unpack(good, "好.zip"), bundle.unpack(zipped([("../x", b"")]), "坏.zip")])
    assert store.projects(CLI, store_projects.Filters()).count == 0


# -- record files against their declared columns ----------------------------------------------


def test_a_wrong_record_file_is_refused_with_the_columns_expected_and_found(store: Store) -> None:
    project_id = import_example(store)
    with pytest.raises(Invalid) as refused:
        store.attach(CLI, project_id, 1, "worklog-2023.csv", "项目,金额,备注\n办公设备,1.5,\n".encode())
    assert refused.value.message == "记录文件 records/worklog-2023.csv 的列与项目文件声明的不符，未作任何修改"
    assert [d.format() for d in refused.value.diagnostics] == [
        "records/worklog-2023.csv:1: [record-columns] 错误：记录文件 records/worklog-2023.csv 的列与项目文件声明的不符："
        "应为 类型、日期；实际为 项目、金额、备注；请检查文件后重新上传（缺少 类型、日期；日期一列也可用“报告时间”或“提交时间”；"
        "列名不同时在 evidence.records 的 columns 中声明，见 docs/evidence.md）"]
    row, files = store.files(CLI, project_id)  # nothing stored: the same version, score and file
    assert (row.version, row.total, files) == (1, 98, example_files())


def test_a_new_record_file_is_checked_as_it_comes_in(store: Store) -> None:
    project_id = import_example(store)
    with pytest.raises(Invalid) as refused:
        store.attach(CLI, project_id, 1, "通讯录.csv", "姓名,电话\n张三,1\n".encode())
    assert "应为 类型、日期；实际为 姓名、电话" in refused.value.diagnostics[0].message
    assert "records/通讯录.csv" not in store.project(CLI, project_id).text


def test_the_columns_a_project_file_declares_are_expected(store: Store) -> None:
    """An entry of evidence.records with its own headers: the file must have each of them."""
    declared = "    - {file: records/故障.csv, columns: {reported: 报修时间, solved: 修复时间}}\n"
    text = example_text().replace(RECORDS_LIST, RECORDS_LIST + declared)
    project_id = store.create(CLI, [Incoming("故障.yaml", text, example_files())])[0].id
    with pytest.raises(Invalid) as refused:
        store.attach(CLI, project_id, 1, "故障.csv", "编号,日期,类型,报修时间\n".encode())
    problem = refused.value.diagnostics[0]
    assert "应为 类型、日期、报修时间、修复时间；实际为 编号、日期、类型、报修时间" in problem.message
    assert problem.hint is not None and problem.hint.startswith("缺少 修复时间；")
    saved = store.attach(CLI, project_id, 1, "故障.csv", "编号,类型,报修时间,修复时间\n".encode())  # 报修时间 dates a row
    assert saved.version == 2


def test_a_workbook_is_checked_on_its_sheet(store: Store) -> None:
    from openpyxl import Workbook

    book = Workbook()
    book.active.title = "台账"
    book.active.append(["序号", "内容"])
    out = io.BytesIO()
    book.save(out)
    project_id = import_example(store)
    with pytest.raises(Invalid) as refused:
        store.attach(CLI, project_id, 1, "台账.xlsx", out.getvalue())
    assert refused.value.diagnostics[0].format().startswith(
        "records/台账.xlsx:台账!A1: [record-columns] 错误：记录文件 records/台账.xlsx 的列与项目文件声明的不符："
        "应为 类型、日期；实际为 序号、内容")


def test_a_bundle_with_a_wrong_record_file_imports_nothing(store: Store) -> None:
    files = {**example_files(), "records/payments.csv": "付款日期,金额\n2023-04-20,15.43\n".encode()}
    with pytest.raises(Invalid) as refused:
        store.create(CLI, [bundle.unpack(bundle.pack(example_text(), files), "盐田.zip")])
    assert refused.value.message == "项目文件有错误，没有导入任何项目"
    said = refused.value.diagnostics[0].message
    assert "记录文件 records/payments.csv 的列与项目文件声明的不符：应为 类型、日期；实际为 付款日期、金额" in said
    assert store.projects(CLI, store_projects.Filters()).count == 0


def test_a_project_stored_with_a_wrong_file_before_this_check_stays_editable(store: Store) -> None:
    """The gate refuses what a change brings, not what was already there."""
    project_id = import_example(store)
    with store.writing() as db:  # as a file uploaded before records were checked would be stored
        stored = db.get(Attachment, (project_id, "records/payments.csv"))
        assert stored is not None
        stored.content = "付款日期,金额\n".encode()
    saved = store.change(CLI, project_id, 1, {"funds.spent": "61.70"}, "更正支出")
    assert saved.version == 2
    fixed = store.attach(CLI, project_id, 2, "payments.csv", example_files()["records/payments.csv"])
    assert fixed.version == 3 and fixed.errors == 0  # and the right file puts it right
