"""From a :class:`Report` to a jixiao project (framework inline), loaded by the ordinary loader.

The project is built as plain data whose values remember the report cells they came from, then
read by the same loader as a hand-written project file, so an imported report is scored by
exactly the same code and every message points at the report. ``jixiao import`` writes that
data out as a project file (:attr:`Imported.yaml`). Each leaf's facts carry a ``note`` with the
stated actual and score and where they were read.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from types import MappingProxyType
from typing import Any

from ..diagnostics import Diagnostic, Severity, Source
from ..numbers import plain
from ..project import Loaded, load_project_node
from ..rules.base import RuleRegistry
from ..yamlsrc import Located, from_data, to_plain
from .criteria import Context, RuleSpec, recognise
from .figures import ARRIVED, BUDGET, SPENT, quantity
from .form.model import Form
from .form.rules import row_spec, variant
from .form.words import BUDGET_PART
from .model import Node, Report

UNKNOWN = "（报告未写明）"
MANY = 5  # unrecognised criteria beyond this are reported in one message


@dataclass(frozen=True, slots=True)
class Imported:
    """A report, the project file made from it, and that file loaded."""

    report: Report
    data: dict[str, Any]  # the project as plain data; values read from the report are Located
    loaded: Loaded
    specs: Mapping[str, RuleSpec]  # leaf name → the rule read from its criterion
    diagnostics: tuple[Diagnostic, ...]  # the reader's and the importer's, not the loader's

    def __post_init__(self) -> None:
        object.__setattr__(self, "specs", MappingProxyType(dict(self.specs)))

    @property
    def yaml(self) -> str:
        """The project file ``jixiao import`` writes."""
        return dump(to_plain(self.data), self.report.document.file)

    @property
    def unscored(self) -> tuple[str, ...]:
        """Leaves the review cannot recompute: criterion not recognised, or no usable actual."""
        return tuple(n.name.text for n in self.report.leaves()
                     if (s := self.specs.get(n.name.text)) is None or (s.facts is None and s.measure is None))


def build(report: Report, registry: RuleRegistry) -> Imported:
    diags = list(report.diagnostics)
    if report.form is not None:
        specs, funds = _form_specs(report.form, report), _form_funds(report.form)
    else:
        funds_known = all(report.funds(label) is not None for label in (BUDGET, SPENT))
        context = Context(tuple(p.text for p in report.paragraphs), report.figures, funds_known)
        specs = {leaf.name.text: spec for leaf in report.leaves() if (spec := recognise(leaf, context))}
        diags.extend(_unrecognised([leaf for leaf in report.leaves() if leaf.name.text not in specs]))
        funds = _funds(report, diags)
    data = {
        "jixiao": 1,
        "project": _project(report, diags),
        "funds": funds,
        "goals": [_goal(g) for g in report.goals],
        "framework": {"name": "imported", "title": _framework_title(report),
                      "indicators": [_node(n, specs) for n in report.roots]},
        "facts": {n.name.text: _facts(n, specs.get(n.name.text)) for n in report.leaves()
                  if _facts(n, specs.get(n.name.text)) is not None},
    }
    node = from_data(data, Source(report.document.file))
    loaded = load_project_node(node, Path.cwd(), registry, (), [], from_document=True)
    return Imported(report, data, loaded, specs, tuple(diags))


def _framework_title(report: Report) -> str:
    return "报告所附指标体系" if report.form is None else "自评表所列绩效指标"


def _form_amounts(form: Form) -> tuple[Decimal | None, Decimal | None]:
    """全年预算数 (or, when it is empty, 年初预算数) and 全年执行数 of the 年度资金总额 line."""
    line = form.total_line
    if line is None:
        return None, None
    return line.number("budget") or line.number("initial"), line.number("spent")


def _form_funds(form: Form) -> dict[str, str]:
    budget, spent = _form_amounts(form)
    return _amounts(budget, budget, spent)


def _amounts(budget: Decimal | None, arrived: Decimal | None, spent: Decimal | None) -> dict[str, str]:
    """The funds the document states; one it does not is left out (未填写 downstream), never 0."""
    given = {"budget": budget, "arrived": arrived, "spent": spent}
    return {key: plain(value) for key, value in given.items() if value is not None}


def _form_specs(form: Form, report: Report) -> dict[str, RuleSpec]:
    how = variant([n.text for n in form.notes])
    specs: dict[str, RuleSpec] = {}
    for leaf in report.leaves():
        spec = _budget_spec(form, leaf) if leaf.name.text == BUDGET_PART and not leaf.children else row_spec(leaf, how)
        if spec is not None:
            specs[leaf.name.text] = spec
    return specs


def _budget_spec(form: Form, leaf: Node) -> RuleSpec | None:
    """执行率 × 分值 from the amounts when they are given, else from the rate the form states."""
    budget, spent = _form_amounts(form)
    params = {"label": BUDGET_PART}
    if budget and spent is not None:
        return RuleSpec("rate", params, None, "spending_rate")
    rate = quantity(leaf.cell("actual"))
    if rate is None or not rate[1]:
        return None
    return RuleSpec("rate", params, {"actual": plain(rate[0] * 100) + "%"},
                    notes=(f"自评表未列全年预算数和全年执行数，按所列执行率 {leaf.cell('actual')} 复算",))


def _unrecognised(leaves: list[Node]) -> list[Diagnostic]:
    """One warning per leaf whose criterion no recogniser reads; one for all when there are many
    (a table without criteria, such as a self-evaluation form), so the reviewer is not flooded."""
    hint = "在导入的项目文件中为该指标手工填写 rule 和事实"
    if len(leaves) > MANY:
        names = "、".join(leaf.name.text for leaf in leaves[:MANY]) + f"等 {len(leaves)} 个指标"
        return [Diagnostic("import-rule-unrecognized", f"{names}的评分标准无法识别为已知的评分规则（或没有评分标准），"
                           "这些指标未复算", leaves[0].name.source, hint, Severity.WARNING)]
    return [Diagnostic("import-rule-unrecognized", f"指标“{leaf.name.text}”的评分标准“{_short(leaf.cell('criterion') or '（空）')}”"
                       "无法识别为已知的评分规则，该指标未复算", leaf.cells.get("criterion", leaf.name).source, hint,
                       Severity.WARNING) for leaf in leaves]


def _short(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[:limit] + "…"


def _project(report: Report, diags: list[Diagnostic]) -> dict[str, Any]:
    info = report.info
    for label, value in (("项目名称", info.name), ("预算单位", info.department), ("年度", info.year)):
        if value is None:
            diags.append(Diagnostic("import-info-missing", f"报告中没有找到{label}", Source(report.document.file),
                                    f"在导入的项目文件 project 下填写{label}", Severity.WARNING))
    year = {"year": int(info.year.text)} if info.year else {}  # never a year the document does not state
    return {"name": info.name.text if info.name else UNKNOWN,
            "department": info.department.text if info.department else UNKNOWN,
            **year, "evaluator": "（导入自评价报告）"}


def _funds(report: Report, diags: list[Diagnostic]) -> dict[str, str]:
    found = {label: report.funds(label) for label in (BUDGET, ARRIVED, SPENT)}
    budget = found[BUDGET]
    if budget is None or found[SPENT] is None:
        diags.append(Diagnostic("import-funds-missing", "报告正文中没有找到预算金额或实际支出金额（万元），"
                                "资金类指标按评分表所列比率复算", Source(report.document.file),
                                "在导入的项目文件 funds 下填写金额，即可由金额复算资金类指标", Severity.WARNING))
    arrived, spent = found[ARRIVED] or budget, found[SPENT]
    return _amounts(budget.value if budget else None, arrived.value if arrived else None, spent.value if spent else None)


def _goal(goal: Any) -> dict[str, Any]:
    if not goal.applicable:
        return {"level1": goal.level1, "level2": goal.level2, "applicable": "否"}
    return {"level1": goal.level1, "level2": goal.level2, "name": goal.name.text, "target": goal.target.text or UNKNOWN,
            "actual": goal.actual.text}


def _node(node: Node, specs: dict[str, RuleSpec]) -> dict[str, Any]:
    weight = node.cells.get("weight")
    out: dict[str, Any] = {"name": Located(node.name.text, node.name.source),
                           "weight": Located(plain(node.weight or Decimal(0)), weight.source if weight else node.name.source)}
    if node.children:
        out["children"] = [_node(c, specs) for c in node.children if c.applicable]
        return out
    for key in ("description", "criterion", "benchmark"):
        if node.cell(key):
            out[key] = Located(node.cell(key), node.cells[key].source)
    spec = specs.get(node.name.text)
    out["rule"] = {"kind": spec.kind, **spec.params} if spec else {"kind": "tiers"}
    if spec is not None and spec.measure:
        out["measure"] = spec.measure
    return out


def _facts(node: Node, spec: RuleSpec | None) -> Located | None:
    if spec is not None and spec.measure:
        return None
    stated = f"报告所列：实际完成值“{node.cell('actual')}”，得分“{node.cell('score')}”（{node.name.source}）"
    facts = dict(spec.facts) if spec is not None and spec.facts is not None else None
    if facts is None:
        return None
    notes = [stated, *(spec.notes if spec else ())]
    facts["note"] = "；".join(notes)
    actual = node.cells.get("actual")
    return Located(facts, actual.source if actual else node.name.source)


def dump(data: dict[str, Any], file: str) -> str:
    from ruamel.yaml import YAML  # round-trip writer: only when a project file is written out

    yaml = YAML()
    yaml.allow_unicode = True
    yaml.width = 4096
    out = io.StringIO()
    out.write(f"# jixiao 项目文件：由 jixiao import 从“{file}”导入。得分由 jixiao 按评分规则和实际完成值复算。\n")
    yaml.dump(data, out)
    return out.getvalue()
