"""What the checks read: one view of a report, whether imported or a jixiao project file.

An imported report brings its stated scores, totals and grade; a project file brings none of
those, and its narrative texts stand for the report's prose. Both bring the indicator tree, the
goals table, the money, labelled figures and, when it could be scored, jixiao's own result.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from ..importers.build import Imported
from ..importers.document import Paragraph, Value
from ..importers.figures import ARRIVED, BUDGET, INITIAL, SPENT, quantity, text_figures
from ..importers.form.model import Form
from ..importers.model import Figure, GoalRow, Node, Report
from ..model import Indicator, Project
from ..numbers import ZERO
from ..score import Result


@dataclass(frozen=True, slots=True)
class Subject:
    file: str
    passages: tuple[Paragraph, ...]
    roots: tuple[Node, ...]
    goals: tuple[GoalRow, ...]
    figures: tuple[Figure, ...]
    money: dict[str, Figure]  # BUDGET, ARRIVED, SPENT → the first amount stated
    kinds: dict[str, str]  # leaf name → rule kind
    result: Result | None = None
    unscored: tuple[str, ...] = ()  # leaves jixiao could not recompute
    table_total: Value | None = None
    text_total: Value | None = None
    grade: Value | None = None
    facts_text: str = field(default="")  # names of the project's own things: indicators, goals, title
    amounts: dict[str, tuple[Decimal, ...]] = field(default_factory=dict)  # every distinct amount per label
    year: str = ""  # the year evaluated, so figures of other years are not compared with it
    report: Report | None = None  # the document as read (None for a project file)
    tolerance: Decimal = ZERO  # points a stated score may differ from the recomputed one beyond rounding

    @property
    def kind(self) -> str:
        """report | form | department | project: which checks apply."""
        return self.report.kind if self.report is not None else "project"

    @property
    def form(self) -> Form | None:
        """The self-evaluation form as read, for the checks that only forms need."""
        return self.report.form if self.report is not None else None

    @property
    def form_columns(self) -> tuple[str, ...]:
        return self.form.columns if self.form is not None else ()

    @property
    def complete(self) -> bool:
        """The whole table was read: a form up to its 总分 row (a page cut short is not checked for sums)."""
        return self.form is None or self.form.total is not None or self.form.total_weight is not None

    def other_year(self, figure: Figure) -> bool:
        """A figure whose words name a year other than the one evaluated (last year's rate…)."""
        years = re.findall(r"(20\d\d)\s*年", figure.quote)  # 2000人次 is a count, not a year
        return bool(self.year) and any(y != self.year for y in years)

    def leaves(self) -> list[Node]:
        return [n for r in self.roots for n in r.walk() if n.is_leaf and n.applicable]

    def nodes(self) -> list[Node]:
        return [n for r in self.roots for n in r.walk()]

    def rescored(self, name: str) -> Decimal | None:
        if self.result is None or name in self.unscored:
            return None
        found = self.result.find(name)
        return found.score if found is not None and not found.children else None


def from_import(imported: Imported, result: Result | None, tolerance: Decimal = ZERO) -> Subject:
    report = imported.report
    money = {label: f for label in (BUDGET, ARRIVED, SPENT) if (f := report.funds(label)) is not None}
    kinds = {name: spec.kind for name, spec in imported.specs.items()}
    amounts = {label: tuple(dict.fromkeys(f.value for f in report.figures if f.unit == "万元"
                                          and (f.label == label or (label == BUDGET and f.label == INITIAL))))
               for label in money}
    return Subject(report.document.file, report.paragraphs, report.roots, report.goals, report.figures, money, kinds,
                   result, imported.unscored, report.table_total, report.text_total, report.grade,
                   _facts_text(report.roots, report.goals, report.info.name.text if report.info.name else ""),
                   amounts, report.info.year.text if report.info.year else "", report=report,
                   tolerance=tolerance)


def from_project(project: Project, result: Result | None, file: str) -> Subject:
    source = project.source
    passages = tuple(Paragraph(text, source) for text in project.narrative.texts.values())
    passages += tuple(Paragraph(f"{p.title}。{p.detail}{p.cause}", source) for p in project.narrative.problems)
    roots = tuple(_node(i) for i in project.framework.roots)
    goals = tuple(GoalRow(g.level1, g.level2, Value(g.name, g.source), Value(g.target.text if g.target else "", g.source),
                          Value(g.actual, g.source)) for g in project.goals if g.applicable)
    figures = (*text_figures(passages), *_goal_figures(goals))
    funds = project.funds
    # An amount not filled in yet is one the file does not state, as a report may not (from_import).
    money = {label: Figure(label, value, False, "万元", f"funds.{key}", funds.source, "table")
             for label, key, value in ((BUDGET, "budget", funds.budget), (ARRIVED, "arrived", funds.arrived),
                                       (SPENT, "spent", funds.spent)) if value is not None}
    kinds = {leaf.name: leaf.rule.kind for _, leaf in project.framework.leaves() if leaf.rule}
    return Subject(file, passages, roots, goals, tuple(figures), money, kinds, result,
                   facts_text=_facts_text(roots, goals, project.info.name),
                   amounts={label: (f.value,) for label, f in money.items()},
                   year=str(project.info.year or ""))


def _node(indicator: Indicator) -> Node:
    cells = {"criterion": Value(indicator.criterion, indicator.source),
             "benchmark": Value(indicator.benchmark, indicator.source)}
    return Node(Value(indicator.name, indicator.source), indicator.weight, True,
                tuple(_node(c) for c in indicator.children), cells if indicator.is_leaf else {})


def _goal_figures(goals: tuple[GoalRow, ...]) -> list[Figure]:
    out = []
    for goal in goals:
        parsed = quantity(goal.actual.text)
        if parsed is not None:
            out.append(Figure(goal.name.text, parsed[0], parsed[1], parsed[2], f"{goal.name.text}：{goal.actual.text}",
                              goal.actual.source, "table"))
    return out


def _facts_text(roots: tuple[Node, ...], goals: tuple[GoalRow, ...], title: str) -> str:
    """The project's own vocabulary: its title, the indicators that apply, goals and benchmarks. The
    groups (生态效益指标) and the template's rows that do not apply (对生态环境的影响: 不适用) are every
    form's, so they say nothing of what this project is."""
    names = [n.name.text + n.cell("benchmark") for r in roots for n in r.walk() if n.is_leaf and n.applicable]
    names += [g.name.text + g.target.text for g in goals]
    return "\n".join([title, *names])

