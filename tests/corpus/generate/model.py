"""The generated documents before they are printed: a form or a report, with exact values and planted defects."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from .content import ProjectType
from .profiles import Profile


@dataclass
class Defect:
    code: str
    words: str
    role: str  # how the words are printed (see noise.Printer): name, number, label, l1, grade, text


@dataclass
class Rule:
    """A report criterion as data: its kind and parameters (see scoring.report_score)."""

    kind: str
    target: Decimal | None = None
    threshold: Decimal | None = None
    step: Decimal | None = None
    items: tuple[tuple[str, Decimal], ...] = ()


@dataclass
class Leaf:
    level1: str
    level2: str
    group: str  # canonical 二级 key
    name: str
    kind: str  # forward | reverse | equal | qual | na
    comparator: str = ""
    value: str = ""  # the target's value as printed (a number or a qualitative word)
    unit: str = ""
    actual: str | None = None
    t_num: Decimal | None = None
    a_num: Decimal | None = None
    weight: Decimal | None = None
    score: Decimal | None = None
    tier: str | None = None  # achievement tier of a qualitative actual
    reason: str = ""
    explain: str = ""  # 指标解释 / 指标说明
    criterion: str = ""  # 评分标准 / 得分计算方法
    rule: Rule | None = None
    target_override: str | None = None  # a target printed otherwise ("" = blank)
    completion: str | None = None  # a 完成率 printed otherwise (the 2023 form's column)
    locked: bool = False  # already carries a planted defect or a needed explanation

    @property
    def applicable(self) -> bool:
        return self.kind != "na"

    @property
    def target(self) -> str | None:
        if self.target_override is not None:
            return self.target_override or None
        return f"{self.comparator}{self.value}{self.unit}" if self.value else None


@dataclass
class FundsRow:
    key: str  # total | fiscal | carry | other | basic | project
    initial: Decimal | None
    budget: Decimal | None
    spent: Decimal | None


@dataclass
class Form:
    kind: str  # form | department
    profile: Profile
    ptype: ProjectType
    year: int
    title: str
    project: str | None
    department: str | None
    unit: str | None
    leader: str | None
    phone: str | None
    funds: list[FundsRow]
    rate_text: str
    exec_score: Decimal | None
    expected: str
    achieved: str
    change_reason: str  # why 全年预算数 differs from 年初预算数 ("" when it does not)
    exec_reason: str  # why the execution rate is below 100% ("" when it is not)
    figure_leaf: int  # the leaf whose actual the 实际完成情况 repeats (-1: none)
    figure: str  # that actual as the prose states it
    leaves: list[Leaf]
    l1_points: dict[str, Decimal]
    total: Decimal | None
    grade: str | None
    scored: bool
    notes: list[str]
    template: dict[str, str] = field(default_factory=dict)  # cell → template text left in it
    foreign: str = ""  # a pasted sentence of another project's form
    defects: list[Defect] = field(default_factory=list)

    @property
    def exec_weight(self) -> Decimal:
        return self.profile.execution_points

    def total_row(self) -> FundsRow:
        return self.funds[0]


@dataclass
class Money:
    initial: Decimal
    budget: Decimal
    arrived: Decimal
    spent: Decimal
    rate_text: str  # 预算执行率 as the prose prints it


@dataclass
class Report:
    profile: Profile
    ptype: ProjectType
    year: int
    project: str
    department: str
    entity: str
    money: Money
    leaves: list[Leaf]
    l1_points: dict[str, Decimal]
    l2_points: dict[tuple[str, str], Decimal]
    total: Decimal
    grade: str
    survey: Decimal | None  # the satisfaction a survey found; None: no survey, 90% presumed
    change: str  # the sentence on a budget change ("" when none)
    wording: dict[str, int]  # which wording of layouts.yaml each part uses
    variant_at: int = -1  # which mention of the entity is misspelt (-1: none)
    variant: str = ""
    foreign: str = ""
    goals_satisfaction: str | None = None  # the satisfaction the goals table states, when it contradicts the text
    figure_override: tuple[int, str] | None = None  # (leaf index, figure the prose states instead)
    silent: set[int] = field(default_factory=set)  # leaves whose lost points the prose does not explain
    defects: list[Defect] = field(default_factory=list)
