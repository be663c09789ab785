"""The text importer: tables with repeated headers, wrapped cells and rows split across pages;
criteria read into rule kinds; the seed report read end to end and re-scored from its facts."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from jixiao import RuleRegistry, score_project
from jixiao.importers import import_report
from jixiao.importers.build import build
from jixiao.importers.extract import extract
from jixiao.importers.read_text import parse_text

SEED = Path(__file__).parent / "corpus" / "seed-yantian-it-om.txt"

# A scoring table as a PDF gives it: the header repeated after a page break, a row whose text
# wraps onto the next page (资金分配 / 合理性) and a row that begins at the foot of a page.
SPLIT_TABLE = textwrap.dedent("""\
    某项目绩效评价报告
    一级指标\t二级指标\t三级指标\t权重\t指标说明\t评分标准\t标杆值\t实际完成值\t得分
    项目决策 (6分)\t资金投入 (6分)\t预算编制科学性\t3\t预算是否科学。\t①预算内容与年度任务匹配(1分)；②测算依据充分(2分)。\t科学\t100%\t3
    \t\t资金分配\t3\t预算资金分\t①分配依据充分(1.5分)；②额度合理(1.

    一级指标\t二级指标\t三级指标\t权重\t指标说明\t评分标准\t标杆值\t实际完成值\t得分
    \t\t合理性\t\t配是否合理。\t5分)。\t\t\t
    项目产出 (4分)\t产出数量 (4分)\t\t\t考察巡检次数\t巡检次数=12次，得满分，否则按完成比例扣分。\t\t\t

    一级指标\t二级指标\t三级指标\t权重\t指标说明\t评分标准\t标杆值\t实际完成值\t得分
    \t\t巡检次数\t4\t情况。\t\t12次\t9次\t3
    总分\t\t\t10\t\t\t\t\t9
    """)


def test_a_table_split_across_pages_is_made_whole() -> None:
    report = extract(parse_text(SPLIT_TABLE, "报告.txt"))
    leaves = {leaf.name.text: leaf for leaf in report.leaves()}
    assert list(leaves) == ["预算编制科学性", "资金分配合理性", "巡检次数"]
    assert leaves["资金分配合理性"].cell("criterion") == "①分配依据充分(1.5分)；②额度合理(1.5分)。"
    assert leaves["巡检次数"].cell("description") == "考察巡检次数情况。"
    assert leaves["巡检次数"].cell("criterion") == "巡检次数=12次，得满分，否则按完成比例扣分。"
    assert [(r.name.text, r.weight) for r in report.roots] == [("项目决策", 6), ("项目产出", 4)]
    assert report.table_total is not None and report.table_total.text == "9"


def test_every_cell_remembers_its_line_and_place() -> None:
    report = extract(parse_text(SPLIT_TABLE, "报告.txt"))
    leaf = next(report.leaves())
    assert str(leaf.cells["actual"].source) == "报告.txt:3（表1第2行第8列）"


def test_split_table_is_rescored_from_its_actuals(registry: RuleRegistry) -> None:
    imported = build(extract(parse_text(SPLIT_TABLE, "报告.txt")), registry)
    assert imported.loaded.project is not None
    result = score_project(imported.loaded.project, registry)
    scores = {s.indicator.name: f"{s.score:.2f}" for s in result.leaves()}
    assert scores == {"预算编制科学性": "3.00", "资金分配合理性": "3.00", "巡检次数": "3.00"}


def test_seed_has_26_leaves_with_weights_actuals_and_stated_scores(registry: RuleRegistry) -> None:
    report = import_report(SEED, registry).report
    leaves = list(report.leaves())
    assert len(leaves) == 26
    assert sum(leaf.weight or 0 for leaf in leaves) == 100
    rows = {leaf.name.text: (str(leaf.weight), leaf.cell("actual"), leaf.cell("score")) for leaf in leaves}
    assert rows["绩效目标合理性"] == ("4", "75%", "3")
    assert rows["预算执行率"] == ("5", "99.68%", "5")
    assert rows["资金使用合规性"] == ("4", "100%", "4")  # begins at the foot of a page
    assert rows["盐田区群众诉求智慧指挥系统运维月报数量"] == ("2", "10个", "2")  # name wrapped over a page
    assert rows["信访群众满意度"] == ("10", "90%", "9")
    assert [(r.name.text, r.weight) for r in report.roots] == [
        ("项目决策", 20), ("项目管理", 20), ("项目产出", 35), ("项目效益", 25)]


def test_seed_criteria_become_rule_kinds(registry: RuleRegistry) -> None:
    imported = import_report(SEED, registry)
    kinds = {name: spec.kind for name, spec in imported.specs.items()}
    assert kinds["立项程序规范性"] == "checklist"
    assert imported.specs["立项程序规范性"].params["gate"] == [1]
    assert imported.specs["立项依据充分性"].params["items"][4]["negated"] is True
    assert imported.specs["预算执行率"].params == {"label": "预算执行率", "full_at": "98%", "per": "1%",
                                                "deduct": "0.1", "partial": "up"}
    assert imported.specs["预算执行率"].measure == "execution_rate"
    assert imported.specs["成本控制率"].params["full_at"] == "100%"
    assert kinds["省一体化信访信息系统运行环境监测次数"] == "completion"
    assert kinds["盐田区群众诉求智慧指挥系统运维月报提交及时率"] == "timeliness"
    assert kinds["提高化解群众诉求速度"] == "yes_no"
    assert imported.specs["信访群众满意度"].facts == {"survey": "否", "complaints": 0}
    assert imported.unscored == ()


def test_seed_is_rescored_to_98_from_its_own_actuals(registry: RuleRegistry) -> None:
    imported = import_report(SEED, registry)
    assert imported.loaded.project is not None
    result = score_project(imported.loaded.project, registry)
    assert (f"{result.total:.2f}", result.grade) == ("98.00", "优")
    assert [f"{r.score:.2f}" for r in result.roots] == ["19.00", "20.00", "35.00", "24.00"]


def test_a_timeliness_rate_missing_from_the_table_is_taken_from_the_text(registry: RuleRegistry) -> None:
    spec = import_report(SEED, registry).specs["盐田区群众诉求智慧指挥系统运维月报提交及时率"]
    assert spec.facts is not None and spec.facts["actual"] == "100%"
    assert "系统运维月报提交及时率为 100%" in spec.notes[0]


def test_seed_project_info_and_money(registry: RuleRegistry) -> None:
    project = import_report(SEED, registry).loaded.project
    assert project is not None
    assert (project.info.name, project.info.department, project.info.year) == (
        "信息化项目运维服务费", "深圳市盐田区信访局", 2023)
    assert (str(project.funds.budget), str(project.funds.arrived), str(project.funds.spent)) == (
        "61.91", "61.91", "61.71")


@pytest.mark.parametrize(("opening", "expected"), [
    # the unit just before the project it runs, the evaluators before both
    ("区信访局绩效评价小组对深圳市盐田区信访局“信息化项目运维服务费”项目2023年度支出实施绩效评价。",
     ("信息化项目运维服务费", "深圳市盐田区信访局")),
    # a unit evaluating its own project, its code before its name; the quoted name kept whole (…项目)
    ("394-上饶市信州区生态环境分局组织评价组，对“河道保洁服务项目”项目2021年度的实施情况开展绩效评价，形成报告如下：",
     ("河道保洁服务项目", "394-上饶市信州区生态环境分局")),
    # a finance bureau organising the evaluation is not the project's unit
    ("某县财政局组织评价组，对“农村公路养护”项目2022年度的实施情况开展绩效评价。", ("农村公路养护", None)),
])
def test_the_project_and_its_unit_from_the_opening(opening: str, expected: tuple[str, str | None]) -> None:
    info = extract(parse_text(f"关于2023年某项目项目的绩效评价报告\n{opening}\n", "报告.txt")).info
    assert (info.name.text if info.name else None, info.department.text if info.department else None) == expected


def test_a_title_without_quotes_gives_the_name_without_year_or_wording() -> None:
    info = extract(parse_text("关于2023年高标准农田建设项目的绩效评价报告\n本报告评价该项目。\n", "报告.txt")).info
    assert info.name is not None and info.name.text == "高标准农田建设"


def test_amounts_a_report_does_not_state_are_left_out_never_zero(registry: RuleRegistry) -> None:
    text = "某项目绩效评价报告\n三级指标\t权重\t评分标准\t实际完成值\t得分\n验收通过率\t10\t得分=验收通过率×权重。\t90%\t9\n"
    imported = build(extract(parse_text(text, "报告.txt")), registry)
    assert imported.data["funds"] == {} and "year" not in imported.data["project"]
    assert sorted(d.message for d in imported.diagnostics if d.code in ("import-info-missing", "import-funds-missing")) == [
        "报告中没有找到年度", "报告中没有找到预算单位",
        "报告正文中没有找到预算金额或实际支出金额（万元），资金类指标按评分表所列比率复算"]
    assert imported.loaded.project is not None and not [d for d in imported.loaded.diagnostics if d.code == "funds-missing"]
    assert "budget:" not in imported.yaml  # the project file jixiao import writes leaves them to be filled in


def test_a_table_aligned_with_spaces(registry: RuleRegistry) -> None:
    text = textwrap.dedent("""\
        某项目绩效评价报告
        三级指标      权重   评分标准                                   实际完成值   得分
        巡检次数      6      巡检次数=12次，得满分，否则按完成比例扣分。   9次          4.5
        验收通过率    4      得分=验收通过率×权重。                     100%         4
        """)
    imported = build(extract(parse_text(text, "报告.txt")), registry)
    assert imported.loaded.project is not None
    result = score_project(imported.loaded.project, registry)
    assert [(s.indicator.name, f"{s.score:.2f}") for s in result.leaves()] == [("巡检次数", "4.50"), ("验收通过率", "4.00")]


def test_a_table_without_criteria_gives_one_warning_not_one_per_leaf(registry: RuleRegistry) -> None:
    rows = "".join(f"产出指标\t数量指标\t指标{i}\t5\t10个\t10个\t5\n" for i in range(1, 9))
    text = "某项目绩效自评表\n一级指标\t二级指标\t三级指标\t分值\t年度指标值\t实际完成值\t得分\n" + rows
    imported = build(extract(parse_text(text, "自评表.txt")), registry)
    [warning] = [d for d in imported.diagnostics if d.code == "import-rule-unrecognized"]
    assert warning.message.startswith("指标1、指标2、指标3、指标4、指标5等 8 个指标的评分标准无法识别")
    assert len(imported.unscored) == 8


def test_checklist_answers_come_from_the_actual_never_from_the_score(registry: RuleRegistry) -> None:
    row = "项目决策 (3分)\t项目立项 (3分)\t立项程序规范性\t3\t①按程序设立(1分)；②文件合规(1分)；③集体决策(1分)。\t规范\t{actual}\t2\n"
    head = "报告\n一级指标\t二级指标\t三级指标\t权重\t评分标准\t标杆值\t实际完成值\t得分\n"

    def answers(actual: str) -> object:
        facts = build(extract(parse_text(head + row.format(actual=actual), "报告.txt")), registry).specs[
            "立项程序规范性"].facts
        return None if facts is None else facts["answers"]

    assert answers("67%") == ["是", "是", "否"]  # 67% of 3 points, as the report rounds it: one point lost
    assert answers("规范") == ["是", "是", "是"]  # the benchmark repeated: all met
    assert answers("基本规范") is None  # unknown, not guessed from the stated score
