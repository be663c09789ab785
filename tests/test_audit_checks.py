"""Each audit check on a small report written inline: what it finds, what it leaves alone."""

from __future__ import annotations

import textwrap

import pytest

from jixiao import RuleRegistry, score_project
from jixiao.audit import CheckRegistry, Finding, default_checks, from_import, run_audit
from jixiao.importers.build import build
from jixiao.importers.extract import extract
from jixiao.importers.read_text import parse_text

HEAD = "一级指标\t二级指标\t三级指标\t权重\t评分标准\t标杆值\t实际完成值\t得分\n"


@pytest.fixture(scope="module")
def checks() -> CheckRegistry:
    return default_checks()


def review(text: str, registry: RuleRegistry, checks: CheckRegistry, code: str) -> list[Finding]:
    """The findings of one check on a report given as text (tables with `|` for tabs)."""
    lines = [line.replace(" | ", "\t").replace("| ", "\t").replace(" |", "\t")
             for line in textwrap.dedent(text).splitlines()]
    imported = build(extract(parse_text("\n".join(lines), "报告.txt")), registry)
    result = score_project(imported.loaded.project, registry) if imported.loaded.project else None
    return [f for f in run_audit(from_import(imported, result), checks) if f.code == code]


TABLE = """\
    某项目绩效评价报告
    一级指标 | 二级指标 | 三级指标 | 权重 | 评分标准 | 标杆值 | 实际完成值 | 得分
    项目产出 (10分) | 产出数量 (10分) | 巡检次数 | 6 | 巡检次数=12次，得满分，否则按完成比例扣分。 | 12次 | 9次 | {a}
     |  | 验收通过率 | 4 | 得分=验收通过率×权重。 | 100% | 100% | {b}
    总分 |  |  | 10 |  |  |  | {total}
    经评价，该项目综合得分为 {text} 分，评价等级为“{grade}”。
    """


def table(a: str = "4.5", b: str = "4", total: str = "8.5", text: str = "8.5", grade: str = "差") -> str:
    return TABLE.format(a=a, b=b, total=total, text=text, grade=grade)


def test_score_recomputed_quotes_the_rule(registry: RuleRegistry, checks: CheckRegistry) -> None:
    [f] = review(table(a="6", total="10", text="10"), registry, checks, "score-recomputed")
    assert f.message.startswith("指标“巡检次数”报告得分“6”，按其评分标准和实际完成值“9次”复算为 4.5 分")
    assert str(f.locations[0].source) == "报告.txt:3（表1第2行第8列）"
    assert review(table(), registry, checks, "score-recomputed") == []


def test_score_total(registry: RuleRegistry, checks: CheckRegistry) -> None:
    [f] = review(table(total="9.5", text="9.5"), registry, checks, "score-total")
    assert f.message == "报告所列总分为“9.5”，各三级指标得分之和却是 8.5 分"
    assert len(f.locations) == 2  # the table's 总分 and the text's 综合得分, one finding
    assert review(table(), registry, checks, "score-total") == []


def test_grade_band(registry: RuleRegistry, checks: CheckRegistry) -> None:
    [f] = review(table(grade="良"), registry, checks, "grade-band")
    assert f.message == "报告总分 8.5 分，按等级划分应为“差”，报告却评定为“良”"


def test_score_over_weight(registry: RuleRegistry, checks: CheckRegistry) -> None:
    [f] = review(table(b="5", total="9.5", text="9.5"), registry, checks, "score-over-weight")
    assert f.message == "指标“验收通过率”的权重为 4 分，报告给出的得分却是“5”"


def test_weights_sum(registry: RuleRegistry, checks: CheckRegistry) -> None:
    text = table().replace("产出数量 (10分)", "产出数量 (9分)")
    messages = [f.message for f in review(text, registry, checks, "weights-sum")]
    assert "“产出数量”的权重为 9 分，其下级指标权重之和为 6 + 4 = 10 分" in messages
    assert "“项目产出”的权重为 10 分，其下级指标权重之和为 9 = 9 分" in messages


MONEY = """\
    某项目绩效评价报告
    项目年初预算 200.00 万元，实际到位资金 200.00 万元，实际支出 190.00 万元，预算执行率为 {rate}。
    """


def test_rate_recomputed_from_the_reports_own_amounts(registry: RuleRegistry, checks: CheckRegistry) -> None:
    [f] = review(MONEY.format(rate="96%"), registry, checks, "rate-recomputed")
    assert "报告称“预算执行率为 96%”" in f.message and f.message.endswith("= 95%")
    assert review(MONEY.format(rate="95%"), registry, checks, "rate-recomputed") == []
    assert review(MONEY.format(rate="95.0%"), registry, checks, "rate-recomputed") == []


GOALS = """\
    某项目绩效评价报告
    一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值
    产出指标 | 质量指标 | 验收合格率 | ≥95% | {actual}
    效益指标 | 社会效益指标 | {name} | {target} | 已提升
    {prose}
    """


def goals(actual: str = "98%", name: str = "服务水平", target: str = "明显提升", prose: str = "") -> str:
    return GOALS.format(actual=actual, name=name, target=target, prose=prose)


def test_figure_conflict_puts_the_odd_value_first(registry: RuleRegistry, checks: CheckRegistry) -> None:
    [f] = review(goals(prose="经核查，验收合格率为 96%。"), registry, checks, "figure-conflict")
    assert [loc.quote for loc in f.locations] == ["验收合格率为 96%", "验收合格率：98%"]
    assert review(goals(prose="经核查，验收合格率为 98.0%。"), registry, checks, "figure-conflict") == []


def test_actual_of_another_kind(registry: RuleRegistry, checks: CheckRegistry) -> None:
    [f] = review(goals(actual="良好"), registry, checks, "actual-kind")
    assert "指标值是比率，完成值却不是比率" in f.message
    assert review(goals(), registry, checks, "actual-kind") == []


def test_a_quantity_answered_in_words(registry: RuleRegistry, checks: CheckRegistry) -> None:
    text = goals(name="办结时限", target="≤10个工作日").replace("已提升", "及时办结")
    [f] = review(text, registry, checks, "actual-kind")
    assert f.message.endswith("指标值是以“个工作日”计的数量，完成值却只有文字，无法判断是否达到")
    assert review(goals(name="办结时限", target="≤10个工作日").replace("已提升", "8个工作日"), registry, checks,
                  "actual-kind") == []


def test_name_that_is_a_sentence(registry: RuleRegistry, checks: CheckRegistry) -> None:
    [f] = review(goals(name="提升服务水平，促进社会和谐"), registry, checks, "name-is-sentence")
    assert f.locations[0].quote == "提升服务水平，促进社会和谐"


def test_target_missing(registry: RuleRegistry, checks: CheckRegistry) -> None:
    [f] = review(goals(target=""), registry, checks, "target-missing")
    assert f.message == "绩效目标“服务水平”没有指标值"


def test_survey_contradiction(registry: RuleRegistry, checks: CheckRegistry) -> None:
    text = goals(name="群众满意度", target="≥90%", prose="本年度未开展满意度调查，视群众满意度为90%。").replace(
        "已提升", "95%")
    [f] = review(text, registry, checks, "survey-contradiction")
    assert f.locations[0].quote == "群众满意度：95%"
    assert "本年度未开展满意度调查" in f.locations[1].quote


def test_the_presumed_rate_worked_out_is_no_contradiction(registry: RuleRegistry, checks: CheckRegistry) -> None:
    # the presumed rate's arithmetic in a sentence of its own (as when a PDF's page break cuts one): no survey's
    prose = "本年度未开展满意度调查，收到投诉 3 件。按评分标准，服务对象满意度 90% − 3 × 0.5% = 88.5%，扣 0.5 分。"
    text = goals(name="服务对象满意度", target="≥90%", prose=prose).replace("已提升", "88.5%")
    assert review(text, registry, checks, "survey-contradiction") == []


TWO_SURVEYS = """\
    某项目绩效评价报告
    一级指标 | 二级指标 | 三级指标 | 权重 | 评分标准 | 标杆值 | 实际完成值 | 得分
    项目效益 (15分) | 满意度 (15分) | 群众满意度 | 5 | {rule} | 100% | 90% | 4.5
     |  | 商户满意度 | 10 | {rule} | 100% | 89.5% | 8.95
    总分 |  |  | 15 |  |  |  | 13.45
    群众满意度扣 0.5 分，未开展满意度调查，收到投诉 0 件；商户满意度扣 1.05 分，失分原因见下文。
    商户方面全年收到投诉 1 件，按满意度比例扣分。
    """.format(rule="①未开展满意度调查，但未收到投诉，视满意度为90%；②每收到1件投诉，视满意度下降0.5%，按满意度比例扣分")


def test_complaints_are_read_from_what_is_said_of_each_indicator(registry: RuleRegistry, checks: CheckRegistry) -> None:
    """One paragraph goes through both indicators: its "收到投诉 0 件" is said of the first, not of
    the second, whose one complaint is read from its 89.5% (90% − 1 × 0.5%)."""
    assert review(TWO_SURVEYS, registry, checks, "score-recomputed") == []


PROSE = """\
    某区城市管理局“道路照明维护”项目绩效评价报告
    一级指标 | 二级指标 | 三级指标 | 年度指标值 | 实际完成值
    产出指标 | 数量指标 | 路灯维护数量 | 500盏 | 500盏
    区路灯管理中心负责日常巡查。区路灯管理中心按月报送维护记录。区路灯管理中心建立了维修台账。
    {extra}
    """


def test_name_variant_only_for_homophones(registry: RuleRegistry, checks: CheckRegistry) -> None:
    [f] = review(PROSE.format(extra="区路灯管理中新未及时归档。"), registry, checks, "name-variant")
    assert f.message.startswith("“区路灯管理中新”只出现 1 次，而“区路灯管理中心”出现 3 次")
    assert review(PROSE.format(extra="区路灯管理中止了外包合同。"), registry, checks, "name-variant") == []


def test_foreign_passage(registry: RuleRegistry, checks: CheckRegistry) -> None:
    [f] = review(PROSE.format(extra="评价组核对了补助对象名单和补贴标准。"), registry, checks, "foreign-passage")
    assert "补助补贴类" in f.message and f.locations[0].quote == "评价组核对了补助对象名单和补贴标准"
    own = PROSE.replace("路灯维护数量", "维修补贴发放户数")
    assert review(own.format(extra="评价组核对了补助对象名单和补贴标准。"), registry, checks, "foreign-passage") == []


def test_a_cadre_training_project_is_no_school(registry: RuleRegistry, checks: CheckRegistry) -> None:
    training = PROSE.replace("道路照明维护", "基层干部教育培训").replace("路灯维护数量", "培训人次")
    [f] = review(training.format(extra="评价组随机抽查了部分在校学生的学籍档案。"), registry, checks, "foreign-passage")
    assert "学校教育类" in f.message  # 教育 in 干部教育培训 does not make it a school's project


CHECKLIST = """\
    某项目绩效评价报告
    一级指标 | 二级指标 | 三级指标 | 权重 | 评分标准 | 标杆值 | 实际完成值 | 得分
    项目决策 (3分) | 项目立项 (3分) | 立项程序规范性 | 3 | ①按程序设立(1分)；②文件合规(1分)；③经过集体决策(1分)。 | 规范 | 67% | 2
    {prose}
    """


def test_loss_unexplained(registry: RuleRegistry, checks: CheckRegistry) -> None:
    [f] = review(CHECKLIST.format(prose="项目立项规范。"), registry, checks, "loss-unexplained")
    assert f.message == "指标“立项程序规范性”失 1 分（权重 3，得分 2），报告没有写明哪一项评分要点不符合"
    explained = CHECKLIST.format(prose="立项程序规范性：未经过集体决策，扣1分。")
    assert review(explained, registry, checks, "loss-unexplained") == []


def test_rate_against_an_adjusted_budget_is_not_an_error(registry: RuleRegistry, checks: CheckRegistry) -> None:
    text = """\
        某项目绩效评价报告
        项目年初预算 250.00 万元，调整后预算资金 200.00 万元，实际支出 190.00 万元，预算执行率为 95%。
        """
    assert review(text, registry, checks, "rate-recomputed") == []


def test_a_figure_of_another_year_is_not_compared(registry: RuleRegistry, checks: CheckRegistry) -> None:
    text = goals(prose="2022年验收合格率为 90%。").replace("某项目绩效评价报告", "2023年度某项目绩效评价报告")
    assert review(text, registry, checks, "figure-conflict") == []


def test_a_count_that_looks_like_a_year_is_still_compared(registry: RuleRegistry, checks: CheckRegistry) -> None:
    text = goals(name="培训人次", target="2000人次").replace("已提升", "2000人次")
    text = text.replace("某项目绩效评价报告", "2023年度某项目绩效评价报告") + "    全年实际完成培训人次1900人次。\n"
    [f] = review(text, registry, checks, "figure-conflict")  # 2000人次 is a count, not the year 2000
    assert [loc.quote for loc in f.locations] == ["全年实际完成培训人次1900人次", "培训人次：2000人次"]


def test_a_cited_document_title_is_not_a_pasted_passage(registry: RuleRegistry, checks: CheckRegistry) -> None:
    cited = PROSE.format(extra="评价依据：《某市困难群众补助对象认定办法》。")
    assert review(cited, registry, checks, "foreign-passage") == []


def test_qualitative_target_without_criterion(registry: RuleRegistry, checks: CheckRegistry) -> None:
    text = CHECKLIST.format(prose="").replace(
        "①按程序设立(1分)；②文件合规(1分)；③经过集体决策(1分)。 | 规范 | 67% | 2", " | 明显提升 | 已提升 | 3")
    [f] = review(text, registry, checks, "criterion-missing")
    assert f.message.startswith("指标“立项程序规范性”的指标值“明显提升”是定性表述，却没有评分标准")
    assert review(CHECKLIST.format(prose=""), registry, checks, "criterion-missing") == []


def test_a_quantitative_row_left_without_the_criterion_every_other_row_has_is_a_hint(
        registry: RuleRegistry, checks: CheckRegistry) -> None:
    """A figure target scores by the default rule, so its missing criterion is only worth knowing
    (提示), and only where the table writes a criterion for the other rows."""
    rule = "完成值达到指标值的得满分，未达到的按比例计分。"
    text = f"""\
        某项目绩效评价报告
        一级指标 | 二级指标 | 三级指标 | 权重 | 评分标准 | 标杆值 | 实际完成值 | 得分
        项目产出 (12分) | 产出数量 (12分) | 培训人次 | 3 | {rule} | 100人次 | 100人次 | 3
        \t\t培训班次 | 3 | {rule} | 4期 | 4期 | 3
        \t\t教材种数 | 3 | {rule} | 2种 | 2种 | 3
        \t\t讲座次数 | 3 | \t12次 | 12次 | 3
        """
    [f] = review(text, registry, checks, "criterion-missing")
    assert (f.message, f.severity.label, f.certainty.label) == (
        "指标“讲座次数”没有评分标准（评分表的其他指标都写明了），得分依据不明", "提示", "提示")
