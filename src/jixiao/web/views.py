"""What the project page shows, built from the core's scoring and the stored text: the indicator
tree with scores and explanations, each leaf's fact fields with the diagnostics that concern
them, the funds and the goals table. No scoring happens here; it only arranges the core's output.
A leaf's fields, their labels and types are those its rule kind declares (:meth:`RuleKind.fields`).

Two views of the same fields: ``Node.fields`` lists the keys entered (or, on a new leaf, those
with a sample) as one line of YAML each, for the data-entry workbook; ``Node.controls`` gives a
form control for every key the kind reads (a checkbox per checklist point, 是/否 buttons, a list
of the allowed values, a number with its unit, a date), named as :mod:`jixiao.web.facts_form`
reads them back. A stored value the control cannot hold (``完全`` among 是/否, 5 answers to 4
points) is shown as the YAML it is, so the page never hides or rewrites what is stored.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum

from ..diagnostics import Diagnostic, Severity
from ..numbers import HUNDRED, plain, points
from ..rules.base import METRIC, NOTE, OVERRIDE, FactField, FactType, RuleRegistry
from ..score import Result, Scored
from ..storage import Scoring
from ..yamlsrc import Map, Scalar, Seq, as_bool, as_date, as_decimal, as_int, as_rate, flow_text, parse_yaml
from ..yamlsrc import Node as YamlNode
from . import facts_form

FUNDS_KEYS = {"budget": "预算（指标）金额（万元）", "arrived": "实际到位（万元）", "spent": "实际支出（万元）"}
GOAL_KEYS = ("target", "actual")
AMOUNT = FactField("", "", FactType.NUMBER, "万元", minimum=Decimal(0))  # how the funds form asks for an amount
FUNDS_FORM = {"budget": ("预算（指标）金额", AMOUNT), "arrived": ("实际到位", AMOUNT), "spent": ("实际支出", AMOUNT),
              "as_of": ("支出统计截止日期", FactField("as_of", "", FactType.DATE)),
              "origin": ("资金来源", FactField("origin", "", FactType.TEXT))}
GOAL_FORM = {"level1": "一级指标", "level2": "二级指标", "name": "三级指标", "target": "年度指标值", "actual": "实际完成值"}
LONG_TEXT = frozenset({NOTE.key, "reason", "origin"})  # texts that take a sentence or more: a text box


class Widget(StrEnum):
    """How a control asks for its value (each one in workspace.html's ``control`` macro)."""

    CHECKLIST = "checklist"  # a checkbox per point, with the reason for a point lost
    YES_NO = "yes_no"  # two buttons: 是, 否
    CHOICE = "choice"  # a drop-down of the allowed values
    NUMBER = "number"
    RATE = "rate"  # a number of percent
    DATE = "date"
    TEXT = "text"
    TEXTAREA = "textarea"
    FLAG = "flag"  # one checkbox worth a fixed answer (a goal's 不适用)
    YAML = "yaml"  # the value as YAML text: a key no kind declares, or a value no control can hold


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
class Item:
    """One point of a checklist: its statement and whether it holds (ticked)."""

    number: int
    text: str
    points: str
    ticked: bool
    negated: bool = False  # the statement costs the points when it holds
    gate: bool = False  # failing it makes the whole indicator 0
    reason: str = ""

    @property
    def losing(self) -> str:
        """The answer that loses this point's points."""
        return "是" if self.negated else "否"


@dataclass
class Control:
    """One control of a form: its path, label, widget and current value as the control holds
    it (a rate without its ``%``), with the problems found at that key."""

    path: str
    label: str
    widget: Widget
    value: str = ""
    problems: list[Diagnostic] = field(default_factory=list)
    unit: str = ""
    step: str = ""
    minimum: str = ""
    when: str = ""  # when it applies, in words
    options: tuple[str, ...] = ()
    items: list[Item] = field(default_factory=list)
    reasons: str = ""  # a checklist's numbered map of reasons, when its points carry them

    @property
    def answered(self) -> bool:
        """Whether a checklist's points hold a stored answer (a new one has all boxes empty)."""
        return any(item.ticked for item in self.items) or bool(self.value)

    @property
    def name(self) -> str:
        """The form field's name: ``PREFIX:PATH`` as :func:`facts_form.changes` reads it."""
        prefix = {Widget.RATE: facts_form.RATE, Widget.TEXT: facts_form.TEXT, Widget.TEXTAREA: facts_form.TEXT,
                  Widget.CHOICE: facts_form.TEXT, Widget.FLAG: facts_form.TEXT}.get(self.widget, facts_form.SET)
        return f"{prefix}:{self.path}"


@dataclass
class Node:
    """A row of the indicator tree; leaves carry their fact fields and form controls."""

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
    controls: list[Control] = field(default_factory=list)
    metric: str = ""  # the metric of work records the actual is computed from
    derived: str = ""  # how the actual was computed (from the funds or the records)

    @property
    def open(self) -> bool:
        """Whether its form is shown unfolded: the leaf waits for facts or has a problem."""
        return self.score == "未评分" or bool(self.problems) or any(c.problems for c in self.controls)


@dataclass
class Goal:
    index: int
    level1: str
    level2: str
    name: str
    applicable: bool
    fields: list[Field]  # 年度指标值, 实际完成值 of an applicable row (the workbook's)
    row: list[Control] = field(default_factory=list)  # every column, for the goals form
    flag: Control | None = None  # 不适用


@dataclass
class Workspace:
    total: str
    grade: str
    tree: list[Node]
    funds: list[Field]
    goals: list[Goal]
    general: list[Diagnostic]  # problems that belong to no field shown
    missing: list[str] = field(default_factory=list)  # leaves not scored yet: no total is shown
    funds_form: list[Control] = field(default_factory=list)  # the amounts, and when and where from
    new_goal: int | None = None  # the index a goal added at the end gets (None: no goals list to add to)


def as_typed(typed: Workspace, stored: Workspace) -> Workspace:
    """The form of a refused save: the fields as the person typed them, with their errors, but
    every score, explanation and the total of the stored version. A refused text is never scored
    for show: its numbers would be a grade that no saved fact supports."""
    saved = {node.name: node for node in stored.tree}
    tree = [_as_saved(node, saved.get(node.name)) for node in typed.tree]
    return dataclasses.replace(typed, total=stored.total, grade=stored.grade, tree=tree, missing=stored.missing)


def _as_saved(node: Node, saved: Node | None) -> Node:
    if saved is None:
        return dataclasses.replace(node, score="未评分", explanation=(), derived="", override="")
    return dataclasses.replace(node, score=saved.score, explanation=saved.explanation, derived=saved.derived,
                               override=saved.override)


def typed_into(stored: Workspace, typed: Mapping[str, str],
               problems: Sequence[Diagnostic]) -> tuple[Workspace, list[Diagnostic]]:
    """The stored version's forms with what was typed put back into their controls, for a save
    refused before its text could be read as a project (a value that is not YAML, an amount that
    is not a number), which :func:`as_typed` cannot show. ``typed`` are the edits asked for. A
    problem goes beside the control it names (by its path, or by every key of the path quoted in
    its message); the others are returned, for the message above the forms."""
    left = list(problems)

    def retyped(c: Control) -> Control:
        nonlocal left
        mine = [d for d in left if _names(d, c.path) or (c.reasons and _names(d, c.reasons))]
        left = [d for d in left if d not in mine]
        return _retyped(c, typed, mine)

    tree = [dataclasses.replace(n, controls=[retyped(c) for c in n.controls]) for n in stored.tree]
    goals = [dataclasses.replace(g, row=[retyped(c) for c in g.row], flag=retyped(g.flag) if g.flag else None)
             for g in stored.goals]
    funds_form = [retyped(c) for c in stored.funds_form]
    # What is not filled in yet each leaf says already, in the form's words, not the loader's.
    rest = [d for d in left if d.code != "fact-missing"]
    return dataclasses.replace(stored, tree=tree, goals=goals, funds_form=funds_form), rest


def _names(d: Diagnostic, path: str) -> bool:
    if d.source is not None and d.source.file == path:  # a value that is not YAML is placed at its path
        return True
    keys = [k for k in path.split(".") if not k.isdigit()]
    return all(f"“{k}”" in d.message for k in keys)


def _retyped(c: Control, typed: Mapping[str, str], problems: list[Diagnostic]) -> Control:
    """``c`` holding its typed value: in its own widget when it reads as one, else as YAML."""
    if c.widget is Widget.CHECKLIST:
        return _retyped_checklist(c, typed, problems)
    if c.path not in typed:
        return dataclasses.replace(c, problems=[*c.problems, *problems]) if problems else c
    value = typed[c.path]
    node, _ = parse_yaml(value, c.path) if value.strip() else (None, [])
    if problems or (value.strip() and not isinstance(node, Scalar)):
        return dataclasses.replace(c, widget=Widget.YAML, value=value, problems=[*c.problems, *problems])
    text = _scalar_text(node) if isinstance(node, Scalar) else ""
    shown = (text or "").rstrip("%％") if c.widget is Widget.RATE else (text or "")
    return dataclasses.replace(c, value=shown)


def _retyped_checklist(c: Control, typed: Mapping[str, str], problems: list[Diagnostic]) -> Control:
    answers_text, reasons_text = typed.get(c.path), typed.get(c.reasons) if c.reasons else None
    answers = _answers(parse_yaml(answers_text, c.path)[0], len(c.items)) if answers_text else None
    if answers_text and answers is None:  # not a list of 是/否 as long as the points: as typed
        return dataclasses.replace(c, widget=Widget.YAML, value=answers_text, reasons="", items=[],
                                   problems=[*c.problems, *problems])
    reasons = _numbered(parse_yaml(reasons_text, c.reasons)[0], len(c.items)) if reasons_text else None
    items = [dataclasses.replace(i, ticked=answers[i.number - 1] if answers else i.ticked,
                                 reason=(reasons or {}).get(i.number, "") if reasons_text is not None else i.reason)
             for i in c.items]
    return dataclasses.replace(c, items=items, problems=[*c.problems, *problems])


def workspace(text: str, scoring: Scoring, registry: RuleRegistry, file: str) -> Workspace:
    root, _ = parse_yaml(text, file)  # the same file name as the scoring's, so places match
    data = root if isinstance(root, Map) else None
    places = _Places(file, [_for_the_form(d) for d in scoring.diagnostics])
    result = scoring.result
    facts = _map(data, "facts")
    evidence = scoring.loaded.project.evidence if scoring.loaded.project else None
    metrics = tuple(evidence.metrics) if evidence else ()
    tree = [_node(s, facts, registry, places, metrics) for s in result.walk()] if result else []
    funds_map = _map(data, "funds")
    funds = [_plain_field(funds_map, f"funds.{k}", label, places) for k, label in FUNDS_KEYS.items()]
    goals_node = data.get("goals") if data else None
    goal_items = goals_node.items if isinstance(goals_node, Seq) else ()
    goals = [_goal(i, g, places) for i, g in enumerate(goal_items) if isinstance(g, Map)]
    total, grade = _headline(result)
    missing = [leaf.indicator.name for leaf in result.unscored] if result else []
    new_goal = len(goal_items) if isinstance(goals_node, Seq) else None
    funds_form = _funds_form(funds_map, funds, places)  # before the rest is handed out as general
    return Workspace(total, grade, tree, funds, goals, places.remaining(), missing, funds_form, new_goal)


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
        # A missing leaf is placed at the whole ``facts:`` map, whose line is its first leaf's:
        # it goes to the leaf it names (take_named), not to whichever field shares that line.
        return self._remove(lambda d: d.source is not None and d.source.file == self.file
                            and d.code != "fact-missing" and here(d))

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


def _node(s: Scored, facts: Map | None, registry: RuleRegistry, places: _Places, metrics: Sequence[str]) -> Node:
    node = Node(s.indicator.name, len(s.path), plain(s.weight), _shown_score(s), s.explanation,
                leaf=not s.children, criterion=s.indicator.criterion)
    if s.children:
        return node
    node.measured = s.indicator.measure is not None
    node.override = f"{points(s.override.score)}（{s.override.reason}）" if s.override else ""
    node.derived = s.measured.how if s.measured is not None else ""
    if not node.measured:
        current = _map(facts, s.indicator.name)
        node.fields = _fact_fields(s, facts, registry, places)
        node.metric = _text(current, METRIC.key) if current else ""
        node.controls = _controls(s, current, _declared(s, registry), node.fields, metrics)
    node.problems = [*places.take(_span(facts, s.indicator.name) if facts else []),
                     *places.take_named(s.indicator.name)]
    return node


def _for_the_form(d: Diagnostic) -> Diagnostic:
    """A missing fact as the form says it: not yet filled in, to be typed in the box below (the
    core's words point a YAML author at ``facts:`` and ``jixiao init``); an amount not filled in
    likewise, beside its box."""
    if d.code == "funds-missing":
        return Diagnostic(d.code, d.message, d.source, "在此填写金额（万元）后保存", Severity.WARNING)
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
    fields = [Field(f"goals.{index}.{k}", GOAL_FORM[k], flow_text(goal.get(k)), places.take(_line(goal, k)))
              for k in GOAL_KEYS] if applicable else []
    problems = {f.path: f.problems for f in fields}
    row = [_control(f"goals.{index}.{k}", FactField(k, label, FactType.TEXT), goal.get(k),
                    problems.get(f"goals.{index}.{k}", [])) for k, label in GOAL_FORM.items()]
    unless = Control(f"goals.{index}.applicable", "不适用", Widget.FLAG, "" if applicable else "否",
                     places.take(_line(goal, "applicable")))
    return Goal(index, _text(goal, "level1"), _text(goal, "level2"), _text(goal, "name"), applicable, fields,
                row, unless)


def _text(container: Map, key: str) -> str:
    node = container.get(key)
    return str(node.value) if isinstance(node, Scalar) and node.value is not None else ""


# -- the controls ----------------------------------------------------------------------------


def _controls(s: Scored, current: Map | None, declared: Sequence[FactField], fields: Sequence[Field],
              metrics: Sequence[str]) -> list[Control]:
    """A control for each key the kind reads (the adjustment has its own form), then the keys
    entered that it does not read. A leaf bound to a metric of work records asks only for the
    metric and a note: its actual is computed (a fact typed beside it would be scored instead)."""
    problems = {f.path.rsplit(".", 1)[-1]: f.problems for f in fields}
    bound = current is not None and METRIC.key in current.entries
    shown = [f for f in declared if f.type is not FactType.OVERRIDE and _asked(f, bound, current)]
    if bound:  # what the actual is computed from comes first, in the form's own words
        shown = [dataclasses.replace(METRIC, label="由工作记录计算的指标", when=""),
                 *(f for f in shown if f.key != METRIC.key)]
    words = _plain_words({f.key: f.label for f in declared})
    reasons = {f.key: _reasons_of(f, shown) for f in shown if f.type is FactType.ANSWERS}
    name = s.indicator.name
    controls: list[Control] = []
    for f in shown:
        value = current.get(f.key) if current else None
        path, found = f"facts.{name}.{f.key}", problems.get(f.key, [])
        if f.type is FactType.ANSWERS:
            paired = reasons[f.key]
            checklist = _checklist(path, f, value, current, paired, s, found)
            if checklist is not None:
                if paired is not None and checklist.reasons:  # the reasons' problems go with their boxes
                    checklist.problems = [*found, *problems.get(paired.key, [])]
                controls.append(checklist)
                continue
        if _merged(controls, f.key, name):
            continue
        options = metrics if f.key == METRIC.key and current is not None else ()
        controls.append(_control(path, f, value, found, words, options))
    declared_keys = {f.key for f in declared}
    entered = current.entries if current else {}
    controls += [Control(f"facts.{name}.{k}", k, Widget.YAML, flow_text(node), problems.get(k, []))
                 for k, (_, node) in entered.items() if k not in declared_keys]
    return controls


def _asked(f: FactField, bound: bool, current: Map | None) -> bool:
    if f.key == METRIC.key:
        return bound
    if bound and f.key != NOTE.key:
        return current is not None and f.key in current.entries  # typed beside the metric: shown as it is
    return True


def _reasons_of(answers: FactField, shown: Sequence[FactField]) -> FactField | None:
    """The numbered map that holds the reasons of a list's items: the one with as many items."""
    return next((f for f in shown if f.type is FactType.NUMBERED and f.items == answers.items), None)


def _merged(controls: Sequence[Control], key: str, name: str) -> bool:
    """Whether a checklist already asks for the reasons at ``key`` beside its points."""
    return any(c.reasons == f"facts.{name}.{key}" for c in controls)


def _checklist(path: str, f: FactField, value: YamlNode | None, current: Map | None, reasons: FactField | None,
               s: Scored, problems: list[Diagnostic]) -> Control | None:
    """A checkbox per point; ``None`` when the stored answers are not a list of 是/否 as long as
    the points (shown as YAML then, with the error the core found)."""
    count = f.items or 0
    answers = _answers(value, count)
    if answers is None:
        return None
    texts = _item_texts(s, count)
    written = _numbered(current.get(reasons.key) if current and reasons else None, count)
    holds_reasons = reasons is not None and written is not None
    items = [Item(n, text, worth, answers[n - 1], negated, gate, (written or {}).get(n, ""))
             for n, (text, worth, negated, gate) in enumerate(texts, 1)]
    reasons_path = f"{path.rsplit('.', 1)[0]}.{reasons.key}" if reasons is not None and holds_reasons else ""
    stored = "" if _blank(value) else flow_text(value)
    return Control(path, "评分要点：表述属实的打勾", Widget.CHECKLIST, stored, problems=problems, items=items,
                   reasons=reasons_path, when="失分的要点请写明原因" if reasons_path else "")


def _blank(value: YamlNode | None) -> bool:
    """Nothing written (a key without a value reads as missing, as the core reads it)."""
    return value is None or (isinstance(value, Scalar) and value.value is None)


def _answers(value: YamlNode | None, count: int) -> list[bool] | None:
    if _blank(value):
        return [False] * count  # nothing answered yet: every box empty
    if not isinstance(value, Seq) or len(value.items) != count:
        return None
    read = [as_bool(item, [], "") for item in value.items]
    return None if None in read else [bool(answer) for answer in read]


def _numbered(value: YamlNode | None, count: int) -> dict[int, str] | None:
    """``{3: 原因}`` as item → text; ``None`` if it is something else."""
    if _blank(value):
        return {}
    if not isinstance(value, Map):
        return None
    out: dict[int, str] = {}
    for key, (_, node) in value.entries.items():
        if not (key.isdigit() and 1 <= int(key) <= count and isinstance(node, Scalar) and isinstance(node.value, str)):
            return None
        out[int(key)] = node.value
    return out


def _item_texts(s: Scored, count: int) -> list[tuple[str, str, bool, bool]]:
    """Each point's (statement, points, negated, gate) from the rule's parameters when they
    name their points (the checklist kind's do), else 第N项."""
    params = s.indicator.rule.params if s.indicator.rule else None
    items, gate = getattr(params, "items", None), getattr(params, "gate", ())
    if not isinstance(items, tuple) or len(items) != count or not all(isinstance(getattr(i, "text", None), str)
                                                                      for i in items):
        return [(f"第{n}项", "", False, False) for n in range(1, count + 1)]
    return [(i.text, plain(i.points) if isinstance(getattr(i, "points", None), Decimal) else "",
             bool(getattr(i, "negated", False)), n in gate) for n, i in enumerate(items, 1)]


def _control(path: str, f: FactField, value: YamlNode | None, problems: list[Diagnostic],
             words: Callable[[str], str] = str, options: Sequence[str] = ()) -> Control:
    """The control for one declared field, holding ``value``; YAML text when it cannot hold it."""
    label, when = f.label, words(f.when)
    widget, shown = _fit(f, value, tuple(options) or f.allowed) if not _blank(value) else (_widget(f, options), "")
    if widget is None:
        return Control(path, label, Widget.YAML, flow_text(value), problems, when=when)
    step = {FactType.COUNT: "1"}.get(f.type, "any")
    low = f.minimum if f.type is not FactType.COUNT or f.minimum is None or not f.above else f.minimum + 1
    return Control(path, label, widget, shown, problems, "%" if widget is Widget.RATE else f.unit, step,
                   plain(low) if low is not None else "", when, tuple(options) or f.allowed)


def _widget(f: FactField, options: Sequence[str] = ()) -> Widget:
    if options or f.allowed:
        return Widget.CHOICE
    return {FactType.YES_NO: Widget.YES_NO, FactType.NUMBER: Widget.NUMBER, FactType.COUNT: Widget.NUMBER,
            FactType.RATE: Widget.RATE, FactType.DATE: Widget.DATE,
            FactType.TEXT: Widget.TEXTAREA if f.key in LONG_TEXT else Widget.TEXT}.get(f.type, Widget.YAML)


def _fit(f: FactField, value: YamlNode | None, options: tuple[str, ...]) -> tuple[Widget | None, str]:
    """The widget for ``f`` and ``value`` as it holds it, or (``None``, "") if it cannot."""
    assert value is not None
    widget = _widget(f, options)
    shown: str | None = None
    if widget is Widget.CHOICE:
        text = _scalar_text(value)
        shown = text if text in options else None
    elif widget is Widget.YES_NO:
        answer = as_bool(value, [], "")
        shown = None if answer is None else ("是" if answer else "否")
    elif widget is Widget.NUMBER:
        number = as_decimal(value, [], "") if f.type is FactType.NUMBER else _integer(value)
        shown = None if number is None else plain(number)
    elif widget is Widget.RATE:
        rate = as_rate(value, [], "")
        shown = None if rate is None else plain(rate * HUNDRED)
    elif widget is Widget.DATE:
        day = as_date(value, [], "")
        shown = day.isoformat() if isinstance(day, dt.date) else None
    elif widget in (Widget.TEXT, Widget.TEXTAREA):
        shown = _scalar_text(value)
    return (None, "") if shown is None else (widget, shown)


def _integer(value: YamlNode) -> Decimal | None:
    number = as_int(value, [], "")
    return None if number is None else Decimal(number)


def _scalar_text(value: YamlNode) -> str | None:
    """A scalar's text (a number or a date read as text, as the core's texts are), not a yes/no."""
    if isinstance(value, Scalar) and value.value is not None and not isinstance(value.value, bool):
        return value.value.isoformat() if isinstance(value.value, dt.date) else str(value.value)
    return None


def _plain_words(labels: dict[str, str]) -> Callable[[str], str]:
    """A kind's ``when`` in the form's words: the keys it names (``未写 actual 时填写``) become
    their labels (``未写 实际完成值 时填写``)."""
    if not labels:
        return str
    pattern = re.compile(r" ?(?<![A-Za-z_])(" + "|".join(re.escape(k) for k in sorted(labels, key=len, reverse=True))
                         + r")(?![A-Za-z_]) ?")
    return lambda text: pattern.sub(lambda m: labels[m.group(1)], text)  # Chinese needs no spaces around a word


def _funds_form(funds: Map | None, amounts: Sequence[Field], places: _Places) -> list[Control]:
    """The amounts (their problems taken with the workbook's fields), the date and the origin."""
    problems = {f.path: f.problems for f in amounts}
    out = []
    for key, (label, declared) in FUNDS_FORM.items():
        path = f"funds.{key}"
        found = problems[path] if path in problems else places.take(_line(funds, key))
        out.append(_control(path, dataclasses.replace(declared, key=key, label=label),
                            funds.get(key) if funds else None, found))
    return out
