"""What the project page shows, built from the core's scoring and the stored text: the indicator
tree with scores and explanations, each leaf's fact fields with the diagnostics that concern
them, the funds and the goals table. No scoring happens here; it only arranges the core's output.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from ..diagnostics import Diagnostic
from ..numbers import plain, points
from ..rules.base import RuleRegistry
from ..score import Result, Scored
from ..storage.projects import Scoring
from ..storage.yamledit import load_data, value_text

FUNDS_KEYS = {"budget": "预算（指标）金额（万元）", "arrived": "实际到位（万元）", "spent": "实际支出（万元）"}
GOAL_KEYS = ("target", "actual")
# Chinese labels for the fact keys the built-in rule kinds read; an unknown key shows as itself.
FACT_LABELS = {
    "answers": "要点答案（按顺序填 是/否）", "reasons": "失分原因", "note": "备注", "actual": "实际完成值",
    "value": "是否有效（是/否）", "reason": "理由", "survey": "是否开展满意度调查", "satisfaction": "满意度",
    "complaints": "投诉件数", "on_time": "按期完成数", "due": "应完成数", "count": "完成数", "total": "总数",
    "metric": "由记录计算的指标", "done": "已完成", "plan": "计划数", "tier": "档次", "points": "得分",
}


@dataclass
class Field:
    """One input: its ``--set`` path, label, current value (as YAML) and its diagnostics."""

    path: str
    label: str
    value: str
    problems: list[Diagnostic] = field(default_factory=list)


@dataclass
class Node:
    """A row of the indicator tree; leaves carry their fact fields."""

    name: str
    level: int
    weight: str
    score: str
    explanation: tuple[str, ...]
    leaf: bool
    measured: bool = False
    criterion: str = ""
    fields: list[Field] = field(default_factory=list)
    problems: list[Diagnostic] = field(default_factory=list)
    override: str = ""


@dataclass
class Goal:
    index: int
    level1: str
    level2: str
    name: str
    applicable: bool
    fields: list[Field]


@dataclass
class Workspace:
    total: str
    grade: str
    tree: list[Node]
    funds: list[Field]
    goals: list[Goal]
    general: list[Diagnostic]  # problems that belong to no field shown


def workspace(text: str, scoring: Scoring, registry: RuleRegistry, file: str) -> Workspace:
    data = load_data(text) or {}
    places = _Places(file, list(scoring.diagnostics))
    result = scoring.result
    tree = [_node(s, data, registry, places) for s in result.walk()] if result else []
    funds = [_plain_field(data.get("funds"), f"funds.{k}", label, places) for k, label in FUNDS_KEYS.items()]
    goals = [_goal(i, g, places) for i, g in enumerate(data.get("goals") or []) if isinstance(g, dict)]
    total, grade = _headline(result)
    return Workspace(total, grade, tree, funds, goals, places.remaining())


def _headline(result: Result | None) -> tuple[str, str]:
    return (points(result.total), result.grade) if result else ("—", "—")


class _Places:
    """Hands each diagnostic located in the project file to the field on its line, once."""

    def __init__(self, file: str, diagnostics: list[Diagnostic]) -> None:
        self.file = file
        self.left = diagnostics

    def take(self, lines: Iterable[int]) -> list[Diagnostic]:
        wanted = set(lines)
        mine = [d for d in self.left if d.source and d.source.file == self.file and d.source.line in wanted]
        self.left = [d for d in self.left if d not in mine]
        return mine

    def take_at(self, container: Any, key: Any) -> list[Diagnostic]:
        """Problems located exactly at the value of ``key`` (or anywhere on its line in block style)."""
        try:
            line, col = container.lc.value(key)
        except (AttributeError, KeyError, TypeError):
            return []
        block = _is_block(container)
        mine = [d for d in self.left if d.source and d.source.file == self.file and d.source.line == line + 1
                and (block or d.source.col == col + 1)]
        self.left = [d for d in self.left if d not in mine]
        return mine

    def take_named(self, name: str) -> list[Diagnostic]:
        """Problems found while scoring name the indicator (their place is the framework file)."""
        mine = [d for d in self.left if f"“{name}”" in d.message]
        self.left = [d for d in self.left if d not in mine]
        return mine

    def remaining(self) -> list[Diagnostic]:
        return self.left


def _line(container: Any, key: Any) -> list[int]:
    """1-based lines of ``key`` and its value in a ruamel container (none if it is not there)."""
    try:
        key_pos, value_pos = container.lc.key(key), container.lc.value(key)
    except (AttributeError, KeyError, TypeError):
        return []
    return [key_pos[0] + 1, value_pos[0] + 1]


def _span(container: Any, key: Any) -> list[int]:
    """Every line from ``key`` to the line before the next key of ``container``."""
    keys = list(container)
    lines = _line(container, key)
    if not lines:
        return []
    index = keys.index(key)
    nxt = _line(container, keys[index + 1]) if index + 1 < len(keys) else []
    end = nxt[0] if nxt else lines[0] + 40  # the last entry: allow a long block
    return list(range(lines[0], max(end, lines[-1] + 1)))


def _node(s: Scored, data: Any, registry: RuleRegistry, places: _Places) -> Node:
    node = Node(s.indicator.name, len(s.path), plain(s.weight), points(s.score), s.explanation,
                leaf=not s.children, criterion=s.indicator.criterion)
    if s.children:
        return node
    node.measured = s.indicator.measure is not None
    node.override = f"{points(s.override.score)}（{s.override.reason}）" if s.override else ""
    facts = data.get("facts") if isinstance(data, dict) else None
    if not node.measured:
        node.fields = _fact_fields(s, facts, registry, places)
    node.problems = [*places.take(_span(facts, s.indicator.name) if facts else []),
                     *places.take_named(s.indicator.name)]
    return node


def _fact_fields(s: Scored, facts: Any, registry: RuleRegistry, places: _Places) -> list[Field]:
    name = s.indicator.name
    current = facts.get(name) if isinstance(facts, dict) else None
    keys = [k for k in (current or {}) if k != "override"] if isinstance(current, dict) else []
    if not keys:  # nothing entered yet: offer the fields of the rule kind's template
        keys = _template_keys(s, registry)
    given = current if isinstance(current, dict) else {}
    return [Field(f"facts.{name}.{k}", FACT_LABELS.get(str(k), str(k)), value_text(given.get(k)), places.take_at(current, k))
            for k in keys]


def _is_block(container: Any) -> bool:
    """True when each key has its own line, so a line number points at one field."""
    flow = getattr(getattr(container, "fa", None), "flow_style", lambda: True)()
    return isinstance(container, dict) and not flow


def _template_keys(s: Scored, registry: RuleRegistry) -> list[str]:
    rule = s.indicator.rule
    kind = registry.get(rule.kind) if rule else None
    if kind is None or rule is None:
        return []
    return list(_keys_of(kind.fact_template(rule.params, s.weight)))


@lru_cache(maxsize=1024)
def _keys_of(template: str) -> tuple[str, ...]:
    """The keys of a rule kind's fact template (parsing YAML is slow, templates repeat)."""
    data = load_data(template)
    return tuple(str(k) for k in data) if isinstance(data, dict) else ()


def _plain_field(container: Any, path: str, label: str, places: _Places) -> Field:
    key = path.rsplit(".", 1)[-1]
    value = container.get(key) if isinstance(container, dict) else None
    return Field(path, label, value_text(value), places.take(_line(container, key)))


def _goal(index: int, goal: Any, places: _Places) -> Goal:
    applicable = str(goal.get("applicable", "是")) not in ("否", "False", "false")
    fields = [Field(f"goals.{index}.{k}", {"target": "年度指标值", "actual": "实际完成值"}[k],
                    value_text(goal.get(k)), places.take(_line(goal, k)))
              for k in GOAL_KEYS] if applicable else []
    return Goal(index, str(goal.get("level1", "")), str(goal.get("level2", "")), str(goal.get("name", "")),
                applicable, fields)
