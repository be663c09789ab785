"""What each rule kind declares of its facts agrees with what its ``parse_facts`` reads: only
declared keys are read, a required key left out, a value of the wrong type, under a declared
minimum, outside the allowed values or past a list's length is refused with a located
diagnostic; and whatever is made from the declarations (the template, the docs, the project page,
the workbook) follows any kind, a new one included."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from ruamel.yaml import YAML

from jixiao import Diagnostic, RuleRegistry, default_registry
from jixiao import frameworks as fw
from jixiao.diagnostics import Source
from jixiao.rules.base import TYPE_WORDS, AnyKind, FactField, FactType, shared_fields
from jixiao.rules.catalogue import example_fields, example_rule
from jixiao.yamlsrc import Map, Reader, Scalar, parse_yaml

from .conftest import ROOT
from .rulekit import TEMPLATE

KINDS = default_registry().names()
FILE = "事实.yaml"


def read(kind: AnyKind, params: Any, facts: str) -> tuple[Any, list[Diagnostic], set[str]]:
    """``parse_facts`` on facts written as a YAML flow map: the value, diagnostics, keys read."""
    node, diags = parse_yaml(facts, FILE)
    assert isinstance(node, Map), facts
    r = Reader(node, diags, "指标“被测指标”的事实")
    value = kind.parse_facts(r, params)
    return value, diags, set(r._known)


def flow(facts: dict[str, str]) -> str:
    return "{" + ", ".join(f"{k}: {v}" for k, v in facts.items()) + "}"


def errors(diags: list[Diagnostic]) -> list[Diagnostic]:
    return [d for d in diags if d.severity.value == "error"]


def refused_here(diags: list[Diagnostic]) -> bool:
    """An error located in the facts' own file, on a line."""
    return any(d.source is not None and d.source.file == FILE and d.source.line for d in errors(diags))


def kind_of(name: str) -> AnyKind:
    kind = default_registry().get(name)
    assert kind is not None
    return kind


def example_facts(kind: AnyKind) -> dict[str, Any]:
    loaded: dict[str, Any] = YAML(typ="safe").load(kind.example)
    facts: dict[str, Any] = loaded["facts"]
    return facts


# -- the reader reads only what is declared ---------------------------------------------------


@pytest.mark.parametrize("name", KINDS)
def test_the_example_uses_only_declared_keys(name: str) -> None:
    kind = kind_of(name)
    params, weight = example_rule(kind)
    declared = {f.key for f in kind.fields(params, weight)}
    assert set(example_facts(kind)) <= declared
    _, diags, known = read(kind, params, kind.example.split("facts:", 1)[1].split("\n", 1)[0])
    assert errors(diags) == [] and known <= declared


@pytest.mark.parametrize("name", KINDS)
def test_the_template_is_the_fields_offered_and_reads_cleanly(name: str) -> None:
    kind = kind_of(name)
    params, weight = example_rule(kind)
    template = kind.fact_template(params, weight)
    value, diags, known = read(kind, params, template)
    offered = [f.key for f in kind.fact_fields(params, weight) if f.sample]
    node, _ = parse_yaml(template, FILE)
    assert isinstance(node, Map) and list(node) == offered
    assert value is not None and errors(diags) == []
    assert known <= {f.key for f in kind.fields(params, weight)}


@pytest.mark.parametrize("name", KINDS)
def test_every_kind_declares_its_fields_completely(name: str) -> None:
    kind = kind_of(name)
    fields = example_fields(kind, shared=True)
    keys = [f.key for f in fields]
    assert len(keys) == len(set(keys)), "a key declared twice"
    for f in fields:
        assert f.label and f.type in TYPE_WORDS, f
        assert not f.required or f.sample, f"{f.key}: a required field must be offered (have a sample)"
        assert f.items is None or f.type in (FactType.ANSWERS, FactType.NUMBERED), f


def test_every_built_in_frameworks_template_reads_with_declared_keys_only(registry: RuleRegistry) -> None:
    for name in fw.builtin_names():
        diags: list[Diagnostic] = []
        framework = fw.load_framework(Scalar(name, Source("测试")), ROOT, registry, diags)
        assert framework is not None and not errors(diags)
        for _, leaf in framework.leaves():
            kind = registry.get(leaf.rule.kind) if leaf.rule else None
            if kind is None or leaf.rule is None or leaf.measure is not None:
                continue
            _, problems, known = read(kind, leaf.rule.params, kind.fact_template(leaf.rule.params, leaf.weight))
            assert errors(problems) == [], (name, leaf.name)
            assert known <= {f.key for f in kind.fields(leaf.rule.params, leaf.weight)}, (name, leaf.name)


# -- the reader refuses what the declaration rules out ----------------------------------------


def valid(f: FactField) -> str:
    """A value the field accepts (for facts that must stand beside the one put wrong)."""
    low = f.minimum if f.minimum is not None else Decimal(0)
    return {FactType.RATE: "50%", FactType.YES_NO: "是", FactType.TEXT: f.allowed[0] if f.allowed else "文字",
            FactType.ANSWERS: "[" + ", ".join(["是"] * (f.items or 1)) + "]", FactType.NUMBERED: "{1: 文字}",
            }.get(f.type, str(low + 1))


def facts_around(fields: tuple[FactField, ...], wrong: FactField, value: str) -> str:
    """The offered facts with ``wrong`` set to ``value``; a field not offered replaces the optional
    ones offered (it is their alternative) and brings its bounded siblings, valid."""
    facts = {f.key: f.sample for f in fields if f.sample}
    if not wrong.sample:
        facts = {f.key: f.sample for f in fields if f.sample and f.required}
        facts |= {f.key: valid(f) for f in fields if not f.sample and f.minimum is not None}
    return flow({**facts, wrong.key: value})


def cases() -> list[tuple[str, str, str]]:
    """(kind, key, a value the declaration rules out) for every bound any kind declares."""
    out: list[tuple[str, str, str]] = []
    for kind in default_registry():
        for f in example_fields(kind):
            if f.minimum is not None:
                below = f.minimum if f.above else f.minimum - 1
                out.append((kind.name, f.key, str(below)))
            if f.allowed:
                out.append((kind.name, f.key, "不在可选值中"))
            if f.items is not None and f.type == FactType.ANSWERS:
                out.append((kind.name, f.key, "[" + ", ".join(["是"] * (f.items + 1)) + "]"))
            if f.items is not None and f.type == FactType.NUMBERED:
                out.append((kind.name, f.key, f"{{{f.items + 1}: 文字}}"))
            wrong_type = {FactType.NUMBER: "不是数字", FactType.RATE: "不是比率", FactType.COUNT: "1.5",
                          FactType.YES_NO: "也许", FactType.TEXT: "[一, 二]", FactType.ANSWERS: "是",
                          FactType.NUMBERED: "[一]", FactType.DATE: "七月"}
            out.append((kind.name, f.key, wrong_type[f.type]))
    return out


@pytest.mark.parametrize(("name", "key", "value"), cases())
def test_a_value_the_declaration_rules_out_is_refused_where_it_is(name: str, key: str, value: str) -> None:
    kind = kind_of(name)
    params, weight = example_rule(kind)
    fields = kind.fact_fields(params, weight)
    wrong = next(f for f in fields if f.key == key)
    facts = facts_around(fields, wrong, value)
    _, diags, _ = read(kind, params, facts)
    assert refused_here(diags), (facts, [d.format() for d in diags])


@pytest.mark.parametrize("name", KINDS)
def test_a_required_key_left_out_is_refused(name: str) -> None:
    kind = kind_of(name)
    params, weight = example_rule(kind)
    fields = kind.fact_fields(params, weight)
    for gone in (f for f in fields if f.required):
        facts = flow({f.key: f.sample for f in fields if f.sample and f is not gone})
        value, diags, _ = read(kind, params, facts)
        assert value is None and errors(diags), (gone.key, facts)


# -- what is made from the declarations -------------------------------------------------------


def kind_sections() -> dict[str, str]:
    text = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8")
    return {part.split("\n", 1)[0]: part for part in text.split("\n## ")[1:]}


@pytest.mark.parametrize("name", KINDS)
def test_every_kinds_fields_are_in_its_docs_table(name: str) -> None:
    section = kind_sections()[name]
    assert [f.key for f in example_fields(kind_of(name)) if f"| `{f.key}` | {f.label} |" not in section] == []


def test_the_shared_fields_are_documented_once() -> None:
    head = (ROOT / "docs" / "rules.md").read_text(encoding="utf-8").split("\n## ")[0]
    assert [f.key for f in shared_fields() if f"| `{f.key}` | {f.label} |" not in head] == []


def test_jixiao_rules_shows_each_kinds_fields() -> None:
    from click.testing import CliRunner

    from jixiao.cli import main

    listing = CliRunner().invoke(main, ["rules"]).output
    for kind in default_registry():
        assert f"事实：{', '.join(f.key for f in example_fields(kind))}" in listing
    detail = CliRunner().invoke(main, ["rules", "satisfaction"]).output
    assert "complaints  投诉件数  整数  ≥ 0  未开展调查时必填" in detail


def inline(value: object) -> str:
    from io import StringIO

    dumper = YAML(typ="rt")
    dumper.default_flow_style = True
    out = StringIO()
    dumper.dump(value, out)
    return out.getvalue().strip().replace("\n", " ")


def leaf_project(kind: AnyKind, facts: str) -> str:
    """The smallest project whose leaf 被测指标 has the kind's example rule and ``facts``."""
    example = YAML(typ="safe").load(kind.example)
    weight = Decimal(str(example["weight"]))
    return TEMPLATE.format(rule=inline(example["rule"]), facts=facts, weight=weight, rest=Decimal(100) - weight)


@pytest.mark.parametrize("name", KINDS)
def test_the_project_page_and_the_workbook_ask_for_the_declared_fields(name: str) -> None:
    pytest.importorskip("sqlalchemy", reason="the web extra is not installed")
    from jixiao.storage.projects import evaluate
    from jixiao.web import workbook
    from jixiao.web.views import workspace

    kind, registry = kind_of(name), default_registry()
    params, weight = example_rule(kind)
    offered = [f for f in kind.fact_fields(params, weight) if f.sample]
    text = leaf_project(kind, "{}")
    ws = workspace(text, evaluate(text, "项目.yaml", registry), registry, "项目.yaml")
    leaf = next(n for n in ws.tree if n.name == "被测指标")
    assert [(f.path, f.label, f.value) for f in leaf.fields] == [
        (f"facts.被测指标.{f.key}", f.label, "") for f in offered]
    rows = [e for e in workbook.entries(text, ws, overrides=False) if e.labels[0] == "被测指标"]
    expected = []
    for f in offered:
        if f.type == FactType.ANSWERS:
            expected += [(f"facts.被测指标.{f.key}#{i}", "yes_no") for i in range(f.items or 0)]
        else:
            expected.append((f"facts.被测指标.{f.key}", workbook.CELL_KINDS.get(f.type, "yaml")))
    assert [(e.key, e.kind) for e in rows] == expected


def test_the_page_labels_a_key_the_kind_does_not_read_with_itself() -> None:
    pytest.importorskip("sqlalchemy", reason="the web extra is not installed")
    from jixiao.storage.projects import evaluate
    from jixiao.web.views import workspace

    registry = default_registry()
    text = leaf_project(kind_of("yes_no"), "{value: 是, reason: 有依据, 多余: 1, override: {score: 1, reason: 复核}}")
    ws = workspace(text, evaluate(text, "项目.yaml", registry), registry, "项目.yaml")
    leaf = next(n for n in ws.tree if n.name == "被测指标")
    assert [(f.label, f.fact is not None) for f in leaf.fields] == [
        ("是否成立（是/否）", True), ("理由", True), ("多余", False)]  # the adjustment has its own form

