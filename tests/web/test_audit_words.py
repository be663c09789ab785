"""The audit log (修改记录) as the project page words it: indicator names and the labels the rule
kinds declare instead of YAML paths, an upload by its file, a replaced file by what changed, and no
hashes, sizes or server paths. The database and the JSON API keep the entries as recorded."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from jixiao import RuleRegistry, pipeline
from jixiao.model import Project
from jixiao.storage import CLI, Store
from jixiao.storage.plain import AuditLine
from jixiao.storage.wording import shown

from .conftest import EXAMPLE, add_user, example_files, example_text, import_example, log_in


def line(action: str, path: str = "", old: str = "", new: str = "", reason: str = "") -> AuditLine:
    return AuditLine(1, 1, dt.datetime(2024, 3, 1), "eva", action, path, old, new, reason)


@pytest.fixture(scope="module")
def project(registry: RuleRegistry) -> Project:
    loaded = pipeline.evaluate(EXAMPLE, registry).project
    assert loaded is not None
    return loaded


@pytest.mark.parametrize(("path", "place"), [
    ("facts.盐田区群众诉求智慧指挥系统运维服务验收通过率.actual", "盐田区群众诉求智慧指挥系统运维服务验收通过率 · 实际完成值"),
    ("facts.提高化解群众诉求速度.value", "提高化解群众诉求速度 · 是否成立（是/否）"),  # as the form labels it
    ("facts.信访群众满意度.complaints", "信访群众满意度 · 投诉件数"),
    ("facts.绩效目标合理性.reasons.3", "绩效目标合理性 · 失分原因 · 第3项"),
    ("facts.立项依据充分性.override.score", "立项依据充分性 · 调整后的得分"),
    ("facts.立项依据充分性.note", "立项依据充分性 · 备注"),
    ("facts.已删去的指标.actual", "已删去的指标 · 实际完成值"),  # no longer in the framework: the common label
    ("funds.spent", "资金 · 实际支出"),
    ("goals.1.actual", "绩效目标“系统正常运行率” · 实际完成值"),
    ("project.period.start", "项目信息 · 评价时段 · 起始日期"),
    ("narrative.background", "评价报告文字 · 项目背景"),
    ("status", "项目状态"),
])
def test_a_path_is_worded_as_the_page_names_it(project: Project, registry: RuleRegistry, path: str,
                                               place: str) -> None:
    assert shown([line("修改", path, "0", "3")], project, registry)[0].path == place


def test_an_upload_says_the_file_and_neither_its_size_nor_its_hash(project: Project, registry: RuleRegistry) -> None:
    recorded = [line("上传记录", "records/worklog-2023.csv", "已替换", "20480 字节，SHA-256 0123456789abcdef…"),
                line("上传记录", "records/payments.csv", "", "512 字节，SHA-256 fedcba9876543210…")]
    assert [(e.action, e.path, e.old, e.new) for e in shown(recorded, project, registry)] == [
        ("替换记录文件", "records/worklog-2023.csv", "", ""), ("上传记录文件", "records/payments.csv", "", "")]


def test_a_status_change_is_worded_as_one(project: Project, registry: RuleRegistry) -> None:
    [entry] = shown([line("状态", "status", "填报中", "评价中")], project, registry)
    assert (entry.action, entry.path, entry.old, entry.new) == ("变更状态", "项目状态", "填报中", "评价中")


def test_an_import_names_the_file_not_the_servers_folder(project: Project, registry: RuleRegistry) -> None:
    recorded = [line("导入", new="/srv/jixiao/imports/project.yaml"), line("新建", new="请求体")]
    assert [(e.action, e.new) for e in shown(recorded, project, registry)] == [
        ("导入项目文件", "project.yaml"), ("新建", "通过接口提交")]


def test_a_replaced_file_says_which_parts_changed(project: Project, registry: RuleRegistry) -> None:
    old = example_text()
    new = old.replace("spent: 61.71", "spent: 60").replace("complaints: 0", "complaints: 2")
    [entry] = shown([line("替换项目文件", "", old, new, "按复核意见修改")], project, registry)
    assert (entry.path, entry.old, entry.new) == ("整个项目文件（改动：资金、信访群众满意度的事实）", "", "")
    [comment] = shown([line("替换项目文件", "", old, old + "# 复核\n")], project, registry)
    assert comment.path == "整个项目文件（仅改动注释或格式）"


def test_an_entry_older_than_a_reordering_names_the_goals_row_not_a_name(project: Project,
                                                                          registry: RuleRegistry) -> None:
    old = example_text()
    reordered = old.replace("  - {level1: 产出指标, level2: 数量指标, name: 保障信访业务系统数量, target: 3个, actual: 3个}\n", "")
    newest_first = [line("修改", "goals.1.actual", "100%", "99%"), line("替换项目文件", "", old, reordered),
                    line("修改", "goals.1.actual", "98%", "100%")]
    assert [e.path for e in shown(newest_first, project, registry)] == [
        "绩效目标“系统正常运行率” · 实际完成值", "整个项目文件（改动：绩效目标）", "绩效目标第2行 · 实际完成值"]
    renamed = [line("修改", "goals.1.name", "系统可用率", "系统正常运行率"), line("修改", "goals.1.actual", "98%", "100%")]
    assert [e.path for e in shown(renamed, project, registry)] == ["绩效目标“系统正常运行率” · 三级指标",
                                                                   "绩效目标第2行 · 实际完成值"]


def test_the_page_shows_the_words_and_the_api_keeps_the_record(store: Store) -> None:
    project_id = import_example(store)
    store.change(CLI, project_id, 1, {"facts.信访群众满意度.complaints": "3"}, "补录投诉")
    store.attach(CLI, project_id, 2, "worklog-2023.csv", example_files()["records/worklog-2023.csv"])
    assert [(e.action, e.path, e.old, e.new, e.reason) for e in store.page(CLI, project_id).audit] == [
        ("替换记录文件", "records/worklog-2023.csv", "", "", ""),
        ("修改", "信访群众满意度 · 投诉件数", "0", "3", "补录投诉"),
        ("导入项目文件", "", "", "example.yaml", ""),
    ]
    recorded = store.audit(CLI, project_id)  # what the database holds, as GET …/audit answers it
    assert [e.path for e in recorded] == ["records/worklog-2023.csv", "facts.信访群众满意度.complaints", ""]
    assert "SHA-256" in recorded[0].new
    add_user(store, "root", "admin")
    page = log_in(store, "root").call("GET", f"/projects/{project_id}").text
    log = page[page.index('id="audit"'):]
    assert "信访群众满意度 · 投诉件数" in log and "上传记录文件" not in log and "替换记录文件" in log
    assert not re.search(r"facts\.|SHA-256|字节", log)
