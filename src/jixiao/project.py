"""Load a project file (YAML) into a :class:`~jixiao.model.Project`, with located diagnostics.

The pipeline reads like a script: parse YAML → apply ``--set`` overrides → read each section →
resolve the framework → read each leaf's facts with its rule kind. Every problem found on the
way is collected, so one run reports all of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

from .diagnostics import Diagnostic, Severity, Source
from .evidence.load import read_evidence, unknown_metric
from .evidence.spec import Evidence
from .frameworks import load_framework
from .measures import measure_names
from .model import (
    FUNDS_LABELS,
    NARRATIVE_TEXTS,
    Fact,
    Framework,
    Funds,
    Goal,
    Indicator,
    Narrative,
    Override,
    Problem,
    Project,
    ProjectInfo,
    parse_target,
)
from .numbers import ZERO, plain
from .plans import read_monitor_plan, read_report_plan, read_self_eval_plan
from .rules.base import NOTE, OVERRIDE, STATED, RuleRegistry
from .wording import read_overrides
from .yamlsrc import Map, Node, Reader, Scalar, Seq, as_text, load_yaml, parse_yaml, set_path, unknown_key

TOP_KEYS = ("jixiao", "project", "funds", "goals", "framework", "facts", "narrative", "evidence", "monitoring",
            "self_eval", "wording", "report")


@dataclass(frozen=True, slots=True)
class Loaded:
    """A project (``None`` if it could not be built at all) and everything wrong with it."""

    project: Project | None
    diagnostics: tuple[Diagnostic, ...]


def load_project(path: Path, registry: RuleRegistry, sets: Sequence[str] = ()) -> Loaded:
    """Read a project file; ``sets`` are ``dotted.path=value`` overrides for what-if runs."""
    node, diags = load_yaml(path)
    if node is None:
        return Loaded(None, tuple(diags))
    return load_project_node(node, path.parent, registry, sets, diags)


def load_project_text(text: str, name: str, registry: RuleRegistry, base_dir: Path | None = None) -> Loaded:
    """Read a project from text (tests, web uploads); ``name`` is used in messages."""
    node, diags = parse_yaml(text, name)
    if node is None:
        return Loaded(None, tuple(diags))
    return load_project_node(node, base_dir or Path.cwd(), registry, (), diags)


def load_project_node(node: Node, base_dir: Path, registry: RuleRegistry, sets: Sequence[str],
                      diags: list[Diagnostic], *, from_document: bool = False) -> Loaded:
    """``from_document`` for a project the importer made from a report or form (review): a year or
    an amount the document does not state is missing, not an error in it (the importer has said
    which); scoring leaves what needs the amount unscored, never computes with a 0."""
    node = apply_sets(node, sets, diags)
    root = Reader.of(node, diags, "项目文件")
    if root is None:
        return Loaded(None, tuple(diags))
    info = _info(root.map("project", required=True), root.source, diags, not from_document)
    funds = _funds(root.map("funds", required=True), root.source, diags, not from_document)
    goals = tuple(_goals(root.seq("goals"), diags))
    framework_node = root.raw("framework", required=True)
    framework = load_framework(framework_node, base_dir, registry, diags) if framework_node else None
    evidence = read_evidence(root.map("evidence"), base_dir, info.year if info else None, diags,
                             frozenset(g.name for g in goals), measure_names())
    facts = _facts(root.map("facts"), framework, registry, diags, evidence) if framework else {}
    names = {node.name for _, node in framework.walk()} if framework else None
    narrative = _narrative(root.map("narrative"), names)
    monitoring, self_eval = read_monitor_plan(root.map("monitoring")), read_self_eval_plan(root.map("self_eval"))
    wording = _wording(root, base_dir, diags)
    report = read_report_plan(root.map("report"))
    root.text("jixiao")
    root.finish()
    if framework is None or info is None or funds is None:
        return Loaded(None, tuple(diags))
    project = Project(info, funds, goals, framework, facts, narrative, root.source, evidence, monitoring, self_eval,
                      wording, report)
    return Loaded(project, tuple(diags))


def apply_sets(node: Node, sets: Sequence[str], diags: list[Diagnostic]) -> Node:
    """Replace values by ``dotted.path=value`` (the value is read as YAML: ``55``, ``98%``, ``[是, 否]``)."""
    for item in sets:
        path, sep, value_text = item.partition("=")
        source = Source(f"--set {item}")
        if not sep or not path.strip():
            diags.append(Diagnostic("bad-set", f"“{item}”不是“路径=值”的形式", source, "例如 --set funds.spent=55"))
            continue
        value, problems = parse_yaml(value_text, f"--set {item}")
        if value is None:
            diags.extend(problems)
            continue
        value = _relocate(value, source)
        updated = set_path(node, [p.strip() for p in path.split(".")], value)
        if isinstance(updated, str):
            diags.append(Diagnostic("bad-set", f"无法设置“{path}”：{updated}", source, "路径用英文句点分隔各级键名"))
        else:
            node = updated
    return node


def _relocate(node: Node, source: Source) -> Node:
    if isinstance(node, Map):
        return Map({k: (source, _relocate(v, source)) for k, (_, v) in node.entries.items()}, source)
    if isinstance(node, Seq):
        return Seq(tuple(_relocate(i, source) for i in node.items), source)
    return Scalar(node.value, source)


def _info(r: Reader | None, where: Source, diags: list[Diagnostic], year_required: bool) -> ProjectInfo | None:
    if r is None:
        return None
    name, department = r.text("name", required=True), r.text("department", required=True)
    year, category, evaluator = r.integer("year", required=year_required), r.text("category"), r.text("evaluator")
    period = r.map("period")
    start = period.date("start") if period else None
    end = period.date("end") if period else None
    if period:
        period.finish()
    r.finish()
    if start and end and start > end:
        diags.append(Diagnostic("bad-value", "评价时段的开始日期晚于结束日期", period.source if period else where))
    for key, value in (("name", name), ("department", department), ("category", category), ("evaluator", evaluator)):
        if len(value) > NAME_LENGTHS[key]:
            diags.append(Diagnostic("bad-value", f"项目信息的“{key}”过长（{len(value)} 个字符，上限 {NAME_LENGTHS[key]} 个）",
                                    r.key_source(key), "写常用的简称；详细说明可写在 narrative 中"))
    if year is not None and not YEARS[0] <= year <= YEARS[1]:
        diags.append(Diagnostic("bad-value", f"年度 {year} 不合理（应在 {YEARS[0]} 至 {YEARS[1]} 之间）", r.key_source("year"),
                                "写四位数的预算年度，如 2024"))
        year = None  # nothing downstream (the calendar, the periods) may compute with it
    return ProjectInfo(name, department, year, category, evaluator, start, end, r.source)


# The longest name, department, category and evaluator a project may have: the same bound on
# every database (the workbench's columns are this wide), and far beyond any real name.
NAME_LENGTHS = {"name": 300, "department": 200, "category": 100, "evaluator": 200}
YEARS = (1949, 2200)


def _funds(r: Reader | None, where: Source, diags: list[Diagnostic], required: bool) -> Funds | None:
    """The money. An amount absent or empty (``spent:``, ``spent: ~``) is not filled in yet: the
    project loads, the figures that need it wait (``funds-missing``, said when ``required``: not
    for a document that never stated it); one that is written but cannot be read stops the project."""
    if r is None:
        return None
    amounts: dict[str, Decimal | None] = {}
    unreadable = False
    for key in FUNDS_LABELS:
        given = r.raw(key) is not None
        amounts[key] = r.decimal(key)
        unreadable |= given and amounts[key] is None
        if not given and required:
            diags.append(Diagnostic("funds-missing", f"资金“{FUNDS_LABELS[key]}”尚未填写",
                                    r.key_source(key), f"在 funds 下填写“{key}:”的金额（万元）；工作台上在“资金”中填写"))
    origin, as_of = r.text("origin"), r.date("as_of")
    r.finish()
    if unreadable:
        return None
    for key, value in amounts.items():
        if value is not None and value < ZERO:
            diags.append(Diagnostic("funds-invalid", f"资金“{key}”为负数 {plain(value)}", r.key_source(key),
                                    "金额以万元填写，不能为负"))
    spent, arrived = amounts["spent"], amounts["arrived"]
    if spent is not None and arrived is not None and spent > arrived:
        diags.append(Diagnostic("funds-invalid", f"实际支出 {plain(spent)} 万元超过实际到位 {plain(arrived)} 万元",
                                r.key_source("spent"), "核对支出与到位金额", Severity.WARNING))
    return Funds(amounts["budget"], amounts["arrived"], spent, r.source, origin, as_of)


def _goals(nodes: Sequence[Node], diags: list[Diagnostic]) -> list[Goal]:
    goals = []
    for node in nodes:
        r = Reader.of(node, diags, "绩效目标（goals）的一行")
        if r is None:
            continue
        applicable = r.boolean("applicable")
        level1, level2 = r.text("level1", required=True), r.text("level2", required=True)
        is_applicable = applicable is not False
        name = r.text("name", required=is_applicable)
        target_text = r.text("target", required=is_applicable)
        actual, weight = r.text("actual"), r.decimal("weight")
        r.finish()
        target = parse_target(target_text) if target_text and is_applicable else None
        goals.append(Goal(level1, level2, name, target, actual, r.source, is_applicable, weight))
    return goals


def _facts(r: Reader | None, framework: Framework, registry: RuleRegistry,
           diags: list[Diagnostic], evidence: Evidence | None) -> dict[str, Fact]:
    leaves = {node.name: node for _, node in framework.leaves()}
    facts: dict[str, Fact] = {}
    given = r.node if r is not None else Map({}, framework.source)
    for name, (key_source, node) in given.entries.items():
        if name not in leaves:
            diag = unknown_key(name, key_source, "事实（facts）", set(leaves))
            diags.append(Diagnostic("fact-unused", f"事实“{name}”没有对应的末级指标", key_source, diag.hint))
            continue
        fact = _fact(name, node, leaves[name], registry, diags, evidence)
        if fact is not None:
            facts[name] = fact
    for name, leaf in leaves.items():
        if name not in facts and leaf.measure is None and name not in given.entries:
            diags.append(Diagnostic("fact-missing", f"末级指标“{name}”没有填写事实", given.source,
                                    f"在 facts 下添加“{name}:”及其事实；jixiao init 生成的模板中有示例"))
    return facts


SHARED = tuple(f.key for f in (NOTE, STATED, OVERRIDE))  # keys any leaf's facts may hold beside its kind's


def _fact(name: str, node: Node, leaf: Indicator, registry: RuleRegistry, diags: list[Diagnostic],
          evidence: Evidence | None) -> Fact | None:
    r = Reader.of(node, diags, f"指标“{name}”的事实")
    if r is None:
        return None
    override = _override(r.map("override"), leaf, diags)
    note = r.text("note")
    stated = r.text("stated")
    kind = registry.get(leaf.rule.kind) if leaf.rule else None
    value = None
    if r.has("metric"):
        metric = _metric_binding(r, leaf, kind is not None and kind.takes_quantity, evidence)
        beside = [k for k in r.node if k not in ("metric", *SHARED)]
        if not beside:
            r.finish()
            return Fact(name, None, r.source, override, note, metric, stated)
        # A fact written beside the metric (usually a --set what-if) is scored instead, and said so.
        diags.append(Diagnostic("metric-invalid", f"指标“{name}”同时填写了 metric 和“{beside[0]}”，本次按填写的事实计分",
                                r.key_source(beside[0]), "如需按工作记录计算，删除该事实", Severity.INFO))
    if leaf.measure is not None:
        extra = [k for k in r.node if k not in SHARED]
        if extra:
            diags.append(Diagnostic("fact-invalid", f"指标“{name}”的实际值由资金数据计算，不需要填写“{extra[0]}”",
                                    r.key_source(extra[0]), "删除该项；如需改变得分请修改 funds 或使用 override"))
            return Fact(name, None, r.source, override, note, stated=stated)
    elif kind is not None and leaf.rule is not None:
        value = kind.parse_facts(r, leaf.rule.params)
    r.finish()
    return Fact(name, value, r.source, override, note, stated=stated)


def _metric_binding(r: Reader, leaf: Indicator, takes_quantity: bool, evidence: Evidence | None) -> str | None:
    """``metric: 名称``: the actual is computed from work records; the name must be declared."""
    name = r.text("metric", required=True)
    known = evidence.metrics if evidence else {}
    if name and name not in known:
        r.diags.append(unknown_metric(name, r, set(known)))
        return None
    if not takes_quantity or leaf.measure is not None:
        r.diags.append(Diagnostic("metric-invalid", f"指标“{leaf.name}”的评分规则不按单个实际值计分，不能绑定指标数据",
                                  r.key_source("metric"), "删除 metric，改填该规则要求的事实"))
        return None
    return name or None


def _override(r: Reader | None, leaf: Indicator, diags: list[Diagnostic]) -> Override | None:
    if r is None:
        return None
    score, reason = r.decimal("score", required=True), r.text("reason")
    r.finish()
    if score is None:
        return None
    if not reason:
        diags.append(Diagnostic("override-reason", f"指标“{leaf.name}”调整了得分，但没有写明理由", r.source,
                                "在 override 下添加“reason: 调整理由”；没有理由的调整不予采用"))
        return None
    if not ZERO <= score <= leaf.weight:
        diags.append(Diagnostic("override-range", f"指标“{leaf.name}”调整后的得分 {plain(score)} 不在 0 到 "
                                f"{plain(leaf.weight)} 之间", r.key_source("score"), "调整后的得分不能超过权重"))
        return None
    return Override(score, reason, r.source)


def _narrative(r: Reader | None, names: set[str] | None) -> Narrative:
    if r is None:
        return Narrative()
    texts = {key: text for key in NARRATIVE_TEXTS if (text := r.text(key))}
    analysis = _analysis(r.map("analysis"), names)
    problems = tuple(p for p in (_problem(n, r.diags) for n in r.seq("problems")) if p is not None)
    recommendations = tuple(t for t in (as_text(n, r.diags, "整改建议") for n in r.seq("recommendations")) if t)
    r.finish()
    return Narrative(texts, problems, recommendations, analysis)


def _wording(root: Reader, base_dir: Path, diags: list[Diagnostic]) -> dict[str, str]:
    """``wording: 措辞.yaml``: the report's templates the user changes, checked place by place."""
    name = root.text("wording")
    if not name:
        return {}
    if not (base_dir / name).is_file():
        diags.append(Diagnostic("wording-invalid", f"措辞文件“{name}”不存在，报告沿用默认措辞", root.key_source("wording"),
                                "检查 wording 中的路径（相对于项目文件所在的文件夹）", Severity.WARNING))
        return {}
    return read_overrides(base_dir / name, diags)


def _analysis(r: Reader | None, names: set[str] | None) -> dict[str, str]:
    """``analysis: {指标名称: 文字}``: the evaluator's analysis of one indicator, at any level."""
    if r is None:
        return {}
    found = {}
    for name, (key_source, node) in r.node.entries.items():
        if names is not None and name not in names:
            diag = unknown_key(name, key_source, "指标分析（narrative.analysis）", names)
            r.diags.append(Diagnostic("narrative-unused", f"指标分析“{name}”没有对应的指标", key_source, diag.hint))
            continue
        text = as_text(node, r.diags, f"指标“{name}”的分析")
        if text:
            found[name] = text
    return found


def _problem(node: Node, diags: list[Diagnostic]) -> Problem | None:
    r = Reader.of(node, diags, "存在的问题（problems）的一项")
    if r is None:
        return None
    problem = Problem(r.text("title", required=True), r.text("cause"), r.text("detail"))
    r.finish()
    return problem
