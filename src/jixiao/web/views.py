"""What the project page shows, built from the core's scoring and the stored text: the indicator
tree with scores and explanations, each leaf's fact fields with the diagnostics that concern
them, the funds and the goals table. No scoring happens here; it only arranges the core's output.
A leaf's fields, their labels and types are those its rule kind declares (:meth:`RuleKind.fields`).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from ..diagnostics import Diagnostic, Severity
from ..numbers import plain, points
from ..rules.base import OVERRIDE, FactField, RuleRegistry
from ..score import Result, Scored
from ..storage import Scoring
from ..yamlsrc import Map, Scalar, Seq, as_bool, flow_text, parse_yaml

FUNDS_KEYS = {"budget": "预算（指标）金额（万元）", "arrived": "实际到位（万元）", "spent": "实际支出（万元）"}
GOAL_KEYS = ("target", "actual")


@dataclass
class Field:
    """One input: its ``--set`` path, label, current value (as YAML) and its diagnostics; a fact
    also carries what its rule kind declares of it (``None`` for a key the kind does not read)."""

    path: str
    label: str
    value: str
    problems: list[Diagnostic] = field(default_factory=list)
    fact: FactField | None = None


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
    missing: list[str] = field(default_factory=list)  # leaves not scored yet: no total is shown


def as_typed(typed: Workspace, stored: Workspace) -> Workspace:
    """The form of a refused save: the fields as the person typed them, with their errors, but
    every score and the total of the stored version. A refused text is never scored for show:
    its numbers would be a grade that no saved fact supports."""
    scores = {node.name: node.score for node in stored.tree}
    tree = [dataclasses.replace(node, score=scores.get(node.name, "未评分")) for node in typed.tree]
    return dataclasses.replace(typed, total=stored.total, grade=stored.grade, tree=tree, missing=stored.missing)


def workspace(text: str, scoring: Scoring, registry: RuleRegistry, file: str) -> Workspace:
    root, _ = parse_yaml(text, file)  # the same file name as the scoring's, so places match
    data = root if isinstance(root, Map) else None
    places = _Places(file, [_for_the_form(d) for d in scoring.diagnostics])
    result = scoring.result
    facts = _map(data, "facts")
    tree = [_node(s, facts, registry, places) for s in result.walk()] if result else []
    funds_map = _map(data, "funds")
    funds = [_plain_field(funds_map, f"funds.{k}", label, places) for k, label in FUNDS_KEYS.items()]
    goals_node = data.get("goals") if data else None
    goal_items = goals_node.items if isinstance(goals_node, Seq) else ()
    goals = [_goal(i, g, places) for i, g in enumerate(goal_items) if isinstance(g, Map)]
    total, grade = _headline(result)
    missing = [leaf.indicator.name for leaf in result.unscored] if result else []
    return Workspace(total, grade, tree, funds, goals, places.remaining(), missing)


def _headline(result: Result | None) -> tuple[str, str]:
    if result is None:
        return "—", "—"
    if not result.complete:  # no number where facts are missing: say how many leaves wait
        return "未完成", f"{len(result.unscored)} 项待填"
    return points(result.total), result.grade


def _map(container: Map | None, key: str) -> Map | None:
    node = container.get(key) if container else None
    return node if isinstance(node, Map) else None


class _Places:
    """Hands each diagnostic located in the project file to the field on its line, once."""

    def __init__(self, file: str, diagnostics: list[Diagnostic]) -> None:
        self.file = file
        self.left = diagnostics

    def take(self, lines: Iterable[int]) -> list[Diagnostic]:
        wanted = set(lines)
        return self._take(lambda d: d.source is not None and d.source.line in wanted)

    def take_at(self, container: Map | None, key: str) -> list[Diagnostic]:
        """Problems located exactly at the value of ``key`` (or anywhere on its line when each
        key has a line of its own)."""
        entry = container.entries.get(key) if container else None
        if container is None or entry is None:
            return []
        at, block = entry[1].source, _is_block(container)
        return self._take(lambda d: d.source is not None and d.source.line == at.line
                          and (block or d.source.col == at.col))

    def take_named(self, name: str) -> list[Diagnostic]:
        """Problems found while scoring name the indicator (their place is the framework file)."""
        return self._remove(lambda d: f"“{name}”" in d.message)

    def _take(self, here: Callable[[Diagnostic], bool]) -> list[Diagnostic]:
        return self._remove(lambda d: d.source is not None and d.source.file == self.file and here(d))

    def _remove(self, wanted: Callable[[Diagnostic], bool]) -> list[Diagnostic]:
        mine = [d for d in self.left if wanted(d)]
        self.left = [d for d in self.left if not wanted(d)]
        return mine

    def remaining(self) -> list[Diagnostic]:
        return self.left


def _line(container: Map | None, key: str) -> list[int]:
    """The lines of ``key`` and of its value (none if it is not there)."""
    entry = container.entries.get(key) if container else None
    return [line for line in (entry[0].line, entry[1].source.line) if line is not None] if entry else []


def _span(container: Map, key: str) -> list[int]:
    """Every line from ``key`` to the line before the next key of ``container``."""
    keys = list(container)
    lines = _line(container, key)
    if not lines:
        return []
    index = keys.index(key)
    nxt = _line(container, keys[index + 1]) if index + 1 < len(keys) else []
    end = nxt[0] if nxt else lines[0] + 40  # the last entry: allow a long block
    return list(range(lines[0], max(end, lines[-1] + 1)))


def _is_block(container: Map) -> bool:
    """True when each key has its own line, so a line number points at one field."""
    lines = [source.line for source, _ in container.entries.values()]
    return len(set(lines)) == len(lines)


def _node(s: Scored, facts: Map | None, registry: RuleRegistry, places: _Places) -> Node:
    node = Node(s.indicator.name, len(s.path), plain(s.weight), _shown_score(s), s.explanation,
                leaf=not s.children, criterion=s.indicator.criterion)
    if s.children:
        return node
    node.measured = s.indicator.measure is not None
    node.override = f"{points(s.override.score)}（{s.override.reason}）" if s.override else ""
    if not node.measured:
        node.fields = _fact_fields(s, facts, registry, places)
    node.problems = [*places.take(_span(facts, s.indicator.name) if facts else []),
                     *places.take_named(s.indicator.name)]
    return node


def _for_the_form(d: Diagnostic) -> Diagnostic:
    """A missing fact as the form says it: not yet filled in, to be typed in the box below (the
    core's words point a YAML author at ``facts:`` and ``jixiao init``)."""
    if d.code != "fact-missing":
        return d
    leaf = d.message[d.message.find("“"):d.message.find("”") + 1]  # the leaf's name, which places it
    return Diagnostic(d.code, f"{leaf}尚未填写", d.source, "在下面的输入框中填写后保存", Severity.WARNING)


def _shown_score(s: Scored) -> str:
    """A score, or what stands in its place: a leaf without usable facts is 未评分 (not 0.00),
    and a branch over such a leaf is 未完成 (its sum would count the leaf as 0)."""
    waiting = [leaf for leaf in s.walk() if not leaf.children and leaf.problem and leaf.override is None]
    if waiting:
        return "未完成" if s.children else "未评分"
    return points(s.score)


def _fact_fields(s: Scored, facts: Map | None, registry: RuleRegistry, places: _Places) -> list[Field]:
    """The keys entered (the score adjustment has its own form), or, when none is, the fields the
    rule kind offers a new leaf; an undeclared key is labelled with itself."""
    name = s.indicator.name
    current = _map(facts, name)
    declared = {f.key: f for f in _declared(s, registry)}
    keys = [k for k in current if k != OVERRIDE.key] if current else []
    if not keys:
        keys = [f.key for f in declared.values() if f.sample]
    return [Field(f"facts.{name}.{k}", declared[k].label if k in declared else k,
                  flow_text(current.get(k) if current else None), places.take_at(current, k), declared.get(k))
            for k in keys]


def _declared(s: Scored, registry: RuleRegistry) -> tuple[FactField, ...]:
    rule = s.indicator.rule
    kind = registry.get(rule.kind) if rule else None
    return () if kind is None or rule is None else kind.fields(rule.params, s.weight)


def _plain_field(container: Map | None, path: str, label: str, places: _Places) -> Field:
    key = path.rsplit(".", 1)[-1]
    value = container.get(key) if container else None
    return Field(path, label, flow_text(value), places.take(_line(container, key)))


def _goal(index: int, goal: Map, places: _Places) -> Goal:
    flag = goal.get("applicable")
    applicable = flag is None or as_bool(flag, [], "") is not False  # read as the core reads it
    fields = [Field(f"goals.{index}.{k}", {"target": "年度指标值", "actual": "实际完成值"}[k],
                    flow_text(goal.get(k)), places.take(_line(goal, k)))
              for k in GOAL_KEYS] if applicable else []
    return Goal(index, _text(goal, "level1"), _text(goal, "level2"), _text(goal, "name"), applicable, fields)


def _text(container: Map, key: str) -> str:
    node = container.get(key)
    return str(node.value) if isinstance(node, Scalar) and node.value is not None else ""
