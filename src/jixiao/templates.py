"""A project file to fill in, generated from a framework (``jixiao init``); each leaf's facts are
the samples its rule kind declares (:meth:`RuleKind.fact_template`)."""

from __future__ import annotations

from .model import Framework
from .numbers import plain
from .rules.base import RuleRegistry

HEADER = """\
# jixiao 项目文件（由 jixiao init 生成）。填写说明见 docs/project-file.md。
# 金额单位为万元；比率写成 98% 的形式；是/否 直接写 是 或 否。
jixiao: 1

project:
  name: 项目名称
  department: 预算单位名称
  year: {year}
  category: 项目类别            # 如 信息化运维、补助、工程、培训
  evaluator: 评价机构或评价小组
  period: {{start: {year}-01-01, end: {year}-12-31}}

funds:                          # 单位：万元
  budget: 0.00                  # 预算（指标）金额
  arrived: 0.00                 # 实际到位
  spent: 0.00                   # 实际支出

framework: {framework}

goals:                          # 绩效目标表；不适用的行写 applicable: 否
  - {{level1: 产出指标, level2: 数量指标, name: 三级指标名称, target: ≥1个, actual: ""}}

facts:                          # 每个末级指标的事实；下面的取值是示例，请按实际填写
"""

FOOTER = """
narrative:                      # 报告中的文字部分，可留空
  background: ""
"""


def _blank(header: str) -> str:
    """The header without its placeholders: a project begun on the workbench holds only what someone
    typed, never a sample category, evaluator, goal or amount (0.00) that a report would print as
    fact; an amount left empty is not filled in yet (``funds-missing``)."""
    for placeholder, blank in (("下面的取值是示例，请按实际填写", "尚未填写，填写后逐项计分"),
                               ("category: 项目类别 ", 'category: ""   '), ("evaluator: 评价机构或评价小组", 'evaluator: ""'),
                               ("  - {{level1: 产出指标, level2: 数量指标, name: 三级指标名称, target: ≥1个, actual: \"\"}}\n", ""),
                               ("budget: 0.00 ", "budget:      "), ("arrived: 0.00 ", "arrived:      "),
                               ("spent: 0.00 ", "spent:      ")):
        header = header.replace(placeholder, blank)
    return header.replace("goals:                          # 绩效目标表", "goals: []                      # 绩效目标表")


def project_template(framework: Framework, reference: str, registry: RuleRegistry, year: int = 2025,
                     samples: bool = True) -> str:
    """The file to fill in. With ``samples`` each leaf carries its kind's sample facts (a person
    editing YAML sees the shape to write); without, no leaf has facts yet, so nothing is scored
    until someone fills them in (the workbench, whose forms show the shape themselves)."""
    header = HEADER if samples else _blank(HEADER)
    lines = [header.format(year=year, framework=reference)]
    for path, leaf in framework.leaves():
        lines.append(f"  # {' / '.join(path)}（{plain(leaf.weight)}分）")
        kind = registry.get(leaf.rule.kind) if leaf.rule else None
        if leaf.measure:
            lines.append("  # 实际值由资金数据计算，无需填写")
        elif kind is not None and leaf.rule is not None and samples:
            lines.append(f"  {leaf.name}: {kind.fact_template(leaf.rule.params, leaf.weight)}")
    lines.append(FOOTER)
    return "\n".join(lines)
