"""Funds not filled in yet: an amount absent or empty is no 0.

A project begun on the workbench has no money figures. The loader reads it, says which amount is
missing (``funds-missing``, located), and every figure computed from a missing amount leaves its
leaf 未评分, as a leaf without facts is: no total, no grade, and 未填写 wherever the amount would be
printed, never 0.00.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

from jixiao import RuleRegistry, pipeline
from jixiao.diagnostics import INCOMPLETE, Source
from jixiao.forms.monitor import monitor
from jixiao.forms.selfeval import self_evaluate
from jixiao.forms.write import self_eval_form
from jixiao.frameworks import load_framework
from jixiao.pipeline import Text
from jixiao.project import load_project_text
from jixiao.report import build_report
from jixiao.templates import project_template
from jixiao.yamlsrc import Scalar

from .conftest import load
from .reportkit import TRAINING
from .test_report import paragraph_with

FUNDS = "funds: {budget: 100, arrived: 100, spent: 90, origin: 区级一般公共预算}\n"
# 预算 typed, 到位 left empty, 支出 not written at all.
PARTLY = TRAINING.replace(FUNDS, "funds:\n  budget: 100\n  arrived: ~\n  origin: 区级一般公共预算\n")
EMPTY = TRAINING.replace(FUNDS, "funds:\n  budget:\n  arrived:\n  spent:\n")


def test_absent_or_empty_amounts_load_and_are_said_to_be_missing(registry: RuleRegistry) -> None:
    loaded = load_project_text(PARTLY, "培训.yaml", registry)
    assert loaded.project is not None
    funds = loaded.project.funds
    assert (funds.budget, funds.arrived, funds.spent) == (100, None, None)
    missing = [(d.message, d.source.line if d.source else None, d.severity) for d in loaded.diagnostics
               if d.code == "funds-missing"]
    assert missing == [("资金“实际到位”尚未填写", 10, "error"),  # at its key
                       ("资金“实际支出”尚未填写", 9, "error")]  # not written: at the funds map
    assert "funds-missing" in INCOMPLETE  # a draft may be saved with it, as with a missing fact


def test_an_amount_written_but_unreadable_still_stops_the_project(registry: RuleRegistry) -> None:
    loaded = load_project_text(TRAINING.replace("spent: 90", "spent: 九十"), "培训.yaml", registry)
    assert loaded.project is None and [d.code for d in loaded.diagnostics] == ["wrong-type"]


def test_a_leaf_measured_from_a_missing_amount_is_unscored_and_the_total_withheld(registry: RuleRegistry) -> None:
    result, diags = load(EMPTY, registry)
    assert result is not None
    leaf = result.find("预算执行率")
    assert leaf is not None and leaf.evaluation is None
    assert leaf.problem == "未评分：资金“实际支出”、“实际到位”尚未填写，无法计算预算执行率"
    assert [s.indicator.name for s in result.unscored] == ["预算执行率"] and not result.complete
    assert [d.code for d in diags] == ["funds-missing"] * 3  # said once, by the loader; no funds-invalid


def test_filling_the_amounts_scores_the_leaf(registry: RuleRegistry) -> None:
    result, _ = load(EMPTY.replace("budget:\n  arrived:\n  spent:\n", "budget: 100\n  arrived: 100\n  spent: 90\n"),
                     registry)
    assert result is not None and result.complete
    assert (f"{result.total:.2f}", result.grade) == ("84.50", "良")


def test_the_draft_says_not_filled_in_and_never_prints_zero(registry: RuleRegistry) -> None:
    evaluation = pipeline.evaluate(Text(textwrap.dedent(EMPTY), "培训.yaml"), registry)
    assert evaluation.result is not None
    doc = build_report(evaluation.result, evaluation.diagnostics).document
    assert doc.draft == "征求意见稿"
    funds = paragraph_with(doc, "申报年初预算")
    assert funds == ("某区人力资源局申报年初预算（未填写），实际到位资金（未填写）。本项目实际支付金额（未填写）。")
    assert "0.00" not in funds and "预算执行率为" not in funds


def test_the_self_evaluation_form_leaves_the_budget_row_unscored(registry: RuleRegistry) -> None:
    loaded = load_project_text(EMPTY, "培训.yaml", registry)
    assert loaded.project is not None
    form = self_evaluate(loaded.project, registry)
    assert not form.budget.scored and not form.complete
    assert form.budget.formula.startswith("未评分：资金")
    rows = self_eval_form(form).rows
    assert rows[0][7] == "未评分" and rows[-1][7] == "未完成"
    assert form.to_json()["total"] is None and form.to_json()["grade"] is None


def test_monitoring_says_the_budget_is_not_filled_in(registry: RuleRegistry) -> None:
    loaded = load_project_text(EMPTY, "培训.yaml", registry)
    assert loaded.project is not None
    budget = monitor(loaded.project, dt.date(2024, 6, 30)).items[0]
    assert (budget.value, budget.progress, budget.light) == ("", None, "none")
    assert "尚未填写" in budget.basis


def test_the_workbench_template_has_no_amounts_and_init_keeps_its_samples(registry: RuleRegistry) -> None:
    framework = load_framework(Scalar("common", Source("t")), Path.cwd(), registry, [])
    assert framework is not None
    blank = project_template(framework, "common", registry, 2024, samples=False)
    assert "0.00" not in blank.split("framework:")[0]
    assert "  spent:                        # 实际支出" in blank
    assert "budget: 0.00" in project_template(framework, "common", registry, 2024)
