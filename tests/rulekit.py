"""Score one indicator with a given rule and facts, inside the smallest valid project."""

from __future__ import annotations

from decimal import Decimal

from jixiao import Diagnostic, RuleRegistry, Scored

from .conftest import load

TEMPLATE = """\
project: {{name: 测试项目, department: 测试局, year: 2023}}
funds: {{budget: 100, arrived: 100, spent: 100}}
framework:
  indicators:
    - name: 一级指标
      weight: 100
      children:
        - name: 被测指标
          weight: {weight}
          rule: {rule}
        - name: 其他指标
          weight: {rest}
          rule: {{kind: yes_no, question: 其他}}
facts:
  被测指标: {facts}
  其他指标: {{value: 是, reason: 有依据}}
"""


def score_one(registry: RuleRegistry, rule: str, facts: str, weight: str = "10") -> tuple[Scored, list[Diagnostic]]:
    text = TEMPLATE.format(rule=rule, facts=facts, weight=weight, rest=Decimal(100) - Decimal(weight))
    result, diags = load(text, registry)
    assert result is not None, [d.format() for d in diags]
    scored = result.find("被测指标")
    assert scored is not None
    return scored, diags


def points_of(registry: RuleRegistry, rule: str, facts: str, weight: str = "10") -> str:
    """The score as the report prints it, e.g. "4.00"; fails on any error diagnostic."""
    scored, diags = score_one(registry, rule, facts, weight)
    errors = [d.format() for d in diags if d.severity.value == "error"]
    assert not errors, errors
    return f"{scored.score:.2f}"
