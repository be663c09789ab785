"""The rule kinds in words, made from their declarations: the fact-field tables of docs/rules.md
and of ``jixiao rules KIND``. A kind's fields depend on its parameters, so each is shown for the
kind's own example."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from ..diagnostics import Diagnostic
from ..yamlsrc import Map, Reader, as_decimal, parse_yaml
from .base import TYPE_WORDS, AnyKind, FactField

HEAD = ("键", "填报项", "类型", "必填", "取值", "说明")


def example_rule(kind: AnyKind) -> tuple[Any, Decimal]:
    """The parameters and weight of the kind's example; ``ValueError`` if the example is broken."""
    root, diags = parse_yaml(kind.example, f"{kind.name} 的示例")
    rule = root.get("rule") if isinstance(root, Map) else None
    weight = root.get("weight") if isinstance(root, Map) else None
    problems: list[Diagnostic] = list(diags)
    r = Reader.of(rule, problems, f"{kind.name} 的示例")
    params = kind.parse_params(r) if r is not None else None
    value = as_decimal(weight, problems, "权重") if weight is not None else None
    if params is None or value is None or problems:
        raise ValueError(f"rule kind {kind.name}: its example does not read: {[d.format() for d in problems]}")
    return params, value


def example_fields(kind: AnyKind, shared: bool = False) -> tuple[FactField, ...]:
    """The kind's own fields for its example's rule, and with ``shared`` those any leaf may carry."""
    params, weight = example_rule(kind)
    return kind.fields(params, weight) if shared else kind.fact_fields(params, weight)


def markdown_table(fields: Iterable[FactField]) -> str:
    """The fields as a Markdown table (docs/rules.md)."""
    rows = [HEAD, ("---",) * len(HEAD), *(_cells(f) for f in fields)]
    return "".join("| " + " | ".join(row) + " |\n" for row in rows)


def text_lines(fields: Iterable[FactField]) -> str:
    """The fields as lines for a terminal (``jixiao rules KIND``)."""
    return "\n".join(f"  {f.key:<12}" + "  ".join(filter(None, (f.label, _type(f), "必填" if f.required else "",
                                                               f.bound(), f.when))) for f in fields)


def _cells(f: FactField) -> tuple[str, ...]:
    return (f"`{f.key}`", f.label, _type(f), "是" if f.required else "否", f.bound(), f.when)


def _type(f: FactField) -> str:
    return TYPE_WORDS[f.type] + (f"（{f.unit}）" if f.unit else "")
