"""The ratio kind (两数之比) at its boundaries, and the proof that a kind is one module: only
src/jixiao/rules/ratio.py was written for it, yet the template, the docs, the project page and the
workbook all ask for its facts as it declares them."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao import Diagnostic, RuleRegistry
from jixiao import frameworks as fw
from jixiao.diagnostics import Source
from jixiao.templates import project_template
from jixiao.yamlsrc import Scalar

from .conftest import ROOT, codes, load
from .rulekit import TEMPLATE, points_of, score_one

RULE = "{kind: ratio, label: 抽检合格率, target: 95%}"


@pytest.mark.parametrize(("facts", "expected"), [
    ("{numerator: 38, denominator: 40}", "5.00"),   # exactly at the target
    ("{numerator: 40, denominator: 40}", "5.00"),   # above it: never more than the weight
    ("{numerator: 36, denominator: 40}", "4.74"),   # 90% of 95%: 5 × 0.947…
    ("{numerator: 0, denominator: 40}", "0.00"),
    ("{numerator: 45, denominator: 40}", "5.00"),   # more than the total is not refused, only capped
])
def test_ratio_is_proportional_up_to_the_target(registry: RuleRegistry, facts: str, expected: str) -> None:
    assert points_of(registry, RULE, facts, "5") == expected


def test_ratio_explains_its_numbers(registry: RuleRegistry) -> None:
    scored, _ = score_one(registry, RULE, "{numerator: 36, denominator: 40}", "5")
    assert scored.evaluation.actual == "90%"
    assert scored.evaluation.formula == "5 × min(36 ÷ 40 ÷ 95%, 1) = 4.74"
    assert [d.reason for d in scored.evaluation.deductions] == ["抽检合格率 90%，未达目标 95%"]


@pytest.mark.parametrize(("facts", "message"), [
    ("{numerator: 3, denominator: 0}", "“denominator”应大于 0，填写的是 0"),
    ("{numerator: -1, denominator: 4}", "“numerator”应不小于 0，填写的是 -1"),
    ("{numerator: 1.5, denominator: 4}", "“numerator”应为整数"),
    ("{numerator: 3}", "缺少“denominator”"),
])
def test_ratio_refuses_impossible_counts(registry: RuleRegistry, facts: str, message: str) -> None:
    scored, diags = score_one(registry, RULE, facts)
    assert scored.score == 0
    errors = [d for d in diags if d.severity.value == "error"]
    assert any(message in d.message and d.source is not None and d.source.line for d in errors), diags


def test_ratio_needs_a_target_above_zero(registry: RuleRegistry) -> None:
    _, diags = load(TEMPLATE.format(rule="{kind: ratio, target: 0%}", facts="{numerator: 1, denominator: 2}",
                                    weight="10", rest="90"), registry)
    assert "bad-param" in codes(diags)


def test_the_template_the_docs_the_page_and_the_workbook_take_it_up(registry: RuleRegistry, tmp_path: Path) -> None:
    framework_file = tmp_path / "体系.yaml"
    framework_file.write_text("""\
name: 测试体系
indicators:
  - name: 产出
    weight: 100
    children:
      - {name: 抽检合格率, weight: 100, rule: {kind: ratio, target: 95%}}
""", encoding="utf-8")
    diags: list[Diagnostic] = []
    framework = fw.load_framework(Scalar(str(framework_file), Source("命令行")), tmp_path, registry, diags)
    assert framework is not None, [d.format() for d in diags]
    text = project_template(framework, str(framework_file), registry)
    assert "  抽检合格率: {numerator: 9, denominator: 10}" in text
    docs = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    assert "\n## ratio\n" in docs and "| `denominator` | 分母（总数量） | 整数 | 是 | > 0 |" in docs

    pytest.importorskip("sqlalchemy", reason="the web extra is not installed")
    from jixiao.storage.projects import evaluate
    from jixiao.web import workbook
    from jixiao.web.views import workspace

    empty = text.split("\nfacts:")[0] + "\nfacts:\n  抽检合格率: {}\n"
    ws = workspace(empty, evaluate(empty, "项目.yaml", registry), registry, "项目.yaml")
    leaf = next(n for n in ws.tree if n.name == "抽检合格率")
    assert [(f.path, f.label) for f in leaf.fields] == [
        ("facts.抽检合格率.numerator", "分子（达到要求的数量）"), ("facts.抽检合格率.denominator", "分母（总数量）")]
    rows = [(e.key, e.kind) for e in workbook.entries(empty, ws, overrides=False) if e.labels[0] == "抽检合格率"]
    assert rows == [("facts.抽检合格率.numerator", "number"), ("facts.抽检合格率.denominator", "number")]

