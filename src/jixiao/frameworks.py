"""Indicator systems as data: load a framework file, apply ``extends`` and its changes, build
and validate the tree.

A framework is a YAML file (built-in ones live in ``jixiao/frameworks/``) or an inline map in a
project file. It either lists ``indicators`` or ``extends`` another framework and then
``remove``s, ``change``s and ``add``s nodes by name. Node names are unique within a framework,
so facts and changes can refer to them.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from .diagnostics import Diagnostic, Source
from .measures import MEASURES, find_measure
from .model import DEFAULT_GRADES, Framework, GradeBand, Indicator, Rule
from .numbers import HUNDRED, ZERO, plain
from .rules.base import RuleRegistry
from .yamlsrc import Map, Node, Reader, Scalar, Seq, as_text, describe, load_yaml

BUILTIN_DIR = Path(__file__).parent / "frameworks"
NODE_KEYS = ("name", "weight", "description", "criterion", "benchmark", "rule", "measure", "children")


def builtin_names() -> list[str]:
    return list(_builtin_names())


@lru_cache(maxsize=1)
def _builtin_names() -> tuple[str, ...]:
    """The frameworks shipped in the package: they change only with the package, and every
    load asks (a directory listing per save showed up in the workbench's profile)."""
    return tuple(sorted(p.stem for p in BUILTIN_DIR.glob("*.yaml")))


@dataclass
class _Draft:
    """A node while changes are applied: its YAML fields and its children, mutable."""

    name: str
    fields: Map
    children: list[_Draft]
    source: Source


@dataclass
class _Resolved:
    name: str = ""
    title: str = ""
    grades: Node | None = None
    roots: list[_Draft] = field(default_factory=list)


@dataclass
class _Context:
    registry: RuleRegistry
    diags: list[Diagnostic]
    seen: tuple[str, ...] = ()


def load_framework(spec: Node, base_dir: Path, registry: RuleRegistry,
                   diags: list[Diagnostic]) -> Framework | None:
    """Resolve ``spec`` (a name, a path, or an inline map) into a validated framework."""
    if isinstance(spec, Scalar) and isinstance(spec.value, str) and spec.value in _builtin_names():
        framework, problems = _builtin_framework(spec.value, registry)
        diags.extend(replace(d, source=spec.source) if d.source == _PLACEHOLDER else d for d in problems)
        return None if framework is None else replace(framework, source=spec.source)
    return _load_framework(spec, base_dir, registry, diags)


# Where a built-in framework is named; replaced by the naming project's own place when used.
_PLACEHOLDER = Source("<内置指标体系>")


@lru_cache(maxsize=16)
def _builtin_framework(name: str, registry: RuleRegistry) -> tuple[Framework | None, tuple[Diagnostic, ...]]:
    """A built-in framework, built and validated once per registry: it changes only with the
    package, and the workbench loads one on every save and every first view of a project
    (building it was half the cost of scoring). Frameworks are immutable, so sharing is safe."""
    diags: list[Diagnostic] = []
    framework = _load_framework(Scalar(name, _PLACEHOLDER), BUILTIN_DIR, registry, diags)
    return framework, tuple(diags)


def _load_framework(spec: Node, base_dir: Path, registry: RuleRegistry,
                    diags: list[Diagnostic]) -> Framework | None:
    ctx = _Context(registry, diags)
    resolved = _resolve(spec, base_dir, ctx)
    if resolved is None:
        return None
    roots = tuple(filter(None, (_build(d, ctx) for d in resolved.roots)))
    grades = _grades(resolved.grades, diags)
    framework = Framework(resolved.name, resolved.title, roots, spec.source, grades)
    diags.extend(validate_framework(framework, registry))
    return framework


def _resolve(spec: Node, base_dir: Path, ctx: _Context) -> _Resolved | None:
    if isinstance(spec, Scalar):
        return _resolve_file(spec, base_dir, ctx)
    reader = Reader.of(spec, ctx.diags, "指标体系（framework）")
    return None if reader is None else _resolve_map(reader, base_dir, ctx)


def _resolve_file(spec: Scalar, base_dir: Path, ctx: _Context) -> _Resolved | None:
    ref = str(spec.value)
    path = _locate(ref, base_dir)
    if path is None:
        hint = "内置指标体系：" + "、".join(builtin_names()) + "；或写本地文件的相对路径（如 ./my-framework.yaml）"
        ctx.diags.append(Diagnostic("unknown-framework", f"找不到指标体系“{ref}”", spec.source, hint))
        return None
    key = str(path.resolve())
    if key in ctx.seen:
        ctx.diags.append(Diagnostic("framework-cycle", f"指标体系“{ref}”直接或间接继承了自己", spec.source,
                                    "检查 extends 链"))
        return None
    node, problems = _parsed(path, path.stat().st_mtime_ns)
    ctx.diags.extend(problems)
    reader = Reader.of(node, ctx.diags, f"指标体系文件 {path.name}")
    if reader is None:
        return None
    inner = _Context(ctx.registry, ctx.diags, (*ctx.seen, key))
    resolved = _resolve_map(reader, path.parent, inner)
    if resolved is not None and not resolved.name:
        resolved.name = path.stem
    return resolved


@lru_cache(maxsize=64)
def _parsed(path: Path, mtime_ns: int) -> tuple[Node | None, tuple[Diagnostic, ...]]:
    """A framework file parsed once per version (``mtime_ns`` is part of the key): parsing YAML
    with positions is the slowest step of loading a project, and a server loads the same built-in
    frameworks for every save. The nodes are immutable, so sharing them is safe."""
    node, problems = load_yaml(path)
    return node, tuple(problems)


def _locate(ref: str, base_dir: Path) -> Path | None:
    if ref.endswith((".yaml", ".yml")) or "/" in ref:
        path = (base_dir / ref)
        return path if path.is_file() else None
    builtin = BUILTIN_DIR / f"{ref}.yaml"
    return builtin if builtin.is_file() else None


def _resolve_map(r: Reader, base_dir: Path, ctx: _Context) -> _Resolved | None:
    base_spec = r.raw("extends")
    out = _Resolved()
    if base_spec is not None:
        base = _resolve(base_spec, base_dir, ctx)
        if base is None:
            r.finish()
            return None
        out = base
    out.name = r.text("name") or out.name
    out.title = r.text("title") or out.title
    grades = r.raw("grades")
    out.grades = grades if grades is not None else out.grades
    indicators = r.seq("indicators")
    if indicators and base_spec is not None:
        ctx.diags.append(Diagnostic("bad-value", "同时写了 extends 和 indicators", r.key_source("indicators"),
                                    "继承时用 add 添加指标、change 修改指标、remove 删除指标"))
    elif indicators:
        out.roots = [d for d in (_draft(n, ctx) for n in indicators) if d is not None]
    _apply_remove(r, out.roots, ctx)
    _apply_change(r, out.roots, ctx)
    _apply_add(r, out.roots, ctx)
    r.finish()
    return out


def _draft(node: Node, ctx: _Context) -> _Draft | None:
    if not isinstance(node, Map):
        ctx.diags.append(Diagnostic("wrong-type", f"指标应为键值表，实际是{describe(node)}", node.source,
                                    "每个指标写成 name、weight 等键"))
        return None
    name_node = node.get("name")
    name = as_text(name_node, ctx.diags, "指标名称") if name_node is not None else None
    if name is None:
        if name_node is None:
            ctx.diags.append(Diagnostic("missing-key", "指标缺少名称 name", node.source, "添加“name: 指标名称”"))
        return None
    children_node = node.get("children")
    children: list[_Draft] = []
    if isinstance(children_node, Seq):
        children = [d for d in (_draft(n, ctx) for n in children_node.items) if d is not None]
    elif children_node is not None:
        ctx.diags.append(Diagnostic("wrong-type", f"指标“{name}”的 children 应为列表", children_node.source))
    fields = Map({k: v for k, v in node.entries.items() if k != "children"}, node.source)
    return _Draft(name, fields, children, node.source)


def _find(roots: list[_Draft], name: str) -> tuple[list[_Draft], _Draft] | None:
    for draft in roots:
        if draft.name == name:
            return roots, draft
        found = _find(draft.children, name)
        if found:
            return found
    return None


def _all_names(roots: list[_Draft]) -> list[str]:
    return [n for d in roots for n in (d.name, *_all_names(d.children))]


def _unknown(name: str, source: Source, roots: list[_Draft], ctx: _Context) -> None:
    close = difflib.get_close_matches(name, _all_names(roots), n=1, cutoff=0.5)
    hint = f"是否想写“{close[0]}”？" if close else "检查指标名称是否与指标体系中的完全一致"
    ctx.diags.append(Diagnostic("unknown-indicator", f"指标体系中没有名为“{name}”的指标", source, hint))


def _apply_remove(r: Reader, roots: list[_Draft], ctx: _Context) -> None:
    for node in r.seq("remove"):
        name = as_text(node, ctx.diags, "remove 中的指标名称")
        found = _find(roots, name) if name else None
        if found:
            found[0].remove(found[1])
        elif name:
            _unknown(name, node.source, roots, ctx)


def _apply_change(r: Reader, roots: list[_Draft], ctx: _Context) -> None:
    changes = r.map("change")
    if changes is None:
        return
    for name in list(changes.node.keys()):
        node = changes.raw(name)
        found = _find(roots, name)
        if found is None:
            _unknown(name, changes.key_source(name), roots, ctx)
            continue
        if not isinstance(node, Map):
            ctx.diags.append(Diagnostic("wrong-type", f"对“{name}”的修改应为键值表", changes.key_source(name)))
            continue
        _merge(found[1], node, ctx)


def _merge(draft: _Draft, change: Map, ctx: _Context) -> None:
    entries = dict(draft.fields.entries)
    for key, (key_src, value) in change.entries.items():
        if key == "children":
            replaced = _draft(Map({"name": (key_src, Scalar(draft.name, key_src)), "children": (key_src, value)},
                                  change.source), ctx)
            draft.children = replaced.children if replaced else []
        else:
            entries[key] = (key_src, value)
    draft.fields = Map(entries, draft.fields.source)
    name = entries["name"][1]
    if isinstance(name, Scalar) and name.value is not None:
        draft.name = str(name.value)


def _apply_add(r: Reader, roots: list[_Draft], ctx: _Context) -> None:
    for node in r.seq("add"):
        add = Reader.of(node, ctx.diags, "add 的一项")
        if add is None:
            continue
        under = add.text("under")
        new = [d for d in (_draft(n, ctx) for n in add.seq("indicators", required=True)) if d is not None]
        add.finish()
        if not under:
            roots.extend(new)
            continue
        found = _find(roots, under)
        if found is None:
            _unknown(under, add.key_source("under"), roots, ctx)
        else:
            found[1].children.extend(new)


def _build(draft: _Draft, ctx: _Context) -> Indicator | None:
    r = Reader(draft.fields, ctx.diags, f"指标“{draft.name}”")
    r.text("name")
    weight = r.decimal("weight", required=True)
    description, benchmark = r.text("description"), r.text("benchmark")
    criterion = r.text("criterion")
    measure = r.text("measure") or None
    rule = _rule(r, ctx) if not draft.children else None
    if draft.children and r.has("rule"):
        ctx.diags.append(Diagnostic("bad-value", f"指标“{draft.name}”有下级指标，不能再有评分规则",
                                    r.key_source("rule"), "评分规则只写在末级（三级）指标上"))
    r.finish()
    children = tuple(filter(None, (_build(c, ctx) for c in draft.children)))
    if weight is None:
        return None
    kind = ctx.registry.get(rule.kind) if rule else None
    if rule is not None and kind is not None:
        criterion = criterion or kind.describe(rule.params)
        benchmark = benchmark or kind.benchmark(rule.params)
    if measure is not None:
        measure = _check_measure(measure, draft, rule, ctx, r.key_source("measure"))
    return Indicator(draft.name, weight, draft.source, children, description, criterion, benchmark, rule, measure)


def _rule(r: Reader, ctx: _Context) -> Rule | None:
    node = r.raw("rule")
    if node is None:
        return None
    if isinstance(node, Scalar):
        node = Map({"kind": (node.source, node)}, node.source)
    rule = Reader.of(node, ctx.diags, f"{r.where}的评分规则")
    if rule is None:
        return None
    kind_name = rule.text("kind", required=True)
    kind = ctx.registry.get(kind_name)
    if kind is None:
        if kind_name:
            close = difflib.get_close_matches(kind_name, ctx.registry.names(), n=1)
            hint = f"是否想写“{close[0]}”？" if close else "可用的规则类型：" + "、".join(ctx.registry.names())
            ctx.diags.append(Diagnostic("unknown-rule", f"{r.where}使用了未知的评分规则“{kind_name}”",
                                        rule.key_source("kind"), hint + "（运行 jixiao rules 查看全部）"))
        return None
    params = kind.parse_params(rule)
    rule.finish()
    return None if params is None else Rule(kind.name, params, node.source)


def _check_measure(name: str, draft: _Draft, rule: Rule | None, ctx: _Context, source: Source) -> str | None:
    measure = find_measure(name)
    if measure is None:
        options = "、".join(f"{m.name}（{m.label}）" for m in MEASURES.values())
        ctx.diags.append(Diagnostic("unknown-measure", f"指标“{draft.name}”的计算口径“{name}”不存在", source,
                                    f"可用的口径：{options}"))
        return None
    kind = ctx.registry.get(rule.kind) if rule else None
    if kind is not None and not kind.takes_quantity:
        ctx.diags.append(Diagnostic("measure-unsupported", f"指标“{draft.name}”的规则 {kind.name} 不能绑定计算口径",
                                    source, "计算口径只能用于以单个数值计分的规则，如 rate、threshold、overrun"))
        return None
    return measure.name


def _grades(node: Node | None, diags: list[Diagnostic]) -> tuple[GradeBand, ...]:
    if node is None:
        return DEFAULT_GRADES
    reader = Reader.of(node, diags, "等级划分（grades）")
    if reader is None:
        return DEFAULT_GRADES
    bands = []
    for name in list(reader.node.keys()):
        minimum = reader.decimal(name)
        if minimum is not None:
            bands.append(GradeBand(name, minimum))
    bands.sort(key=lambda b: b.minimum, reverse=True)
    if not bands or bands[-1].minimum != ZERO:
        diags.append(Diagnostic("grades-invalid", "等级划分应包含下限为0的最低等级", node.source,
                                "例如 grades: {优: 90, 良: 80, 中: 60, 差: 0}"))
        return DEFAULT_GRADES
    return tuple(bands)


def validate_framework(framework: Framework, registry: RuleRegistry) -> list[Diagnostic]:
    """Weights that do not add up, duplicate names, leaves without rules, rule maxima."""
    diags: list[Diagnostic] = []
    seen: dict[str, Source] = {}
    for _, node in framework.walk():
        if node.name in seen:
            diags.append(Diagnostic("duplicate-indicator", f"指标名称“{node.name}”出现了两次（另见 {seen[node.name]}）",
                                    node.source, "指标名称在同一指标体系中必须唯一，请改名以区分"))
        seen.setdefault(node.name, node.source)
        diags.extend(_check_node(node, registry))
    total = framework.total_weight
    if framework.roots and total != HUNDRED:
        diags.append(Diagnostic("roots-sum", f"一级指标权重之和为 {plain(total)}，应为 100", framework.source,
                                "调整一级指标的权重，使其合计 100 分"))
    return diags


def _check_node(node: Indicator, registry: RuleRegistry) -> list[Diagnostic]:
    if node.children:
        total = sum((c.weight for c in node.children), ZERO)
        if total != node.weight:
            parts = " + ".join(plain(c.weight) for c in node.children)
            return [Diagnostic("weights-sum", f"“{node.name}”的权重为 {plain(node.weight)}，其下级权重之和为 "
                               f"{parts} = {plain(total)}", node.source, "调整权重，使下级之和等于上级")]
        return []
    if node.rule is None:
        return [Diagnostic("leaf-without-rule", f"末级指标“{node.name}”没有评分规则", node.source,
                           "添加 rule（运行 jixiao rules 查看可用的规则类型）")]
    kind = registry.get(node.rule.kind)
    maximum = kind.maximum(node.rule.params, node.weight) if kind else node.weight
    if maximum != node.weight:
        return [Diagnostic("rule-max", f"“{node.name}”的权重为 {plain(node.weight)}，评分规则满分却是 {plain(maximum)}",
                           node.rule.source, "调整评分要点的分值或指标权重，使二者一致")]
    return []
