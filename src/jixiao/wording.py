"""The wording of the report's analysis, as data: ``wording.yaml`` beside this module, overlaid by
the project's category and by a file of the user's own.

A template is a sentence with ``{field}`` places the analysis fills in (:data:`FIELDS` lists the
fields each template is given). A user's file need only hold the templates it changes; a template
it names that does not exist, or a place no field fills, is a located diagnostic, and the default
wording stays in force for it, so a typo never breaks a report.
"""

from __future__ import annotations

import dataclasses
import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any

from .diagnostics import Diagnostic, Severity, Source
from .yamlsrc import Map, Node, Reader, as_text, load_yaml, parse_yaml, unknown_key

# Every template and the fields it is filled with.
FIELDS: dict[str, frozenset[str]] = {key: frozenset(fields.split()) for key, fields in {
    "root_intro": "children weight score rate",
    "root_waiting": "children weight waiting",
    "part_full_one": "leaves count weight",
    "part_full_many": "leaves count weight",
    "part_full_named_one": "count weight",
    "part_full_named_many": "count weight",
    "part_scored": "weight score",
    "full_leaves": "leaves count",
    "lost_leaf": "name lost why",
    "part_waiting": "weight waiting",
    "value": "name actual",
    "values": "names actual",
    "noted": "name note",
    "measured": "name actual how",
    "stated": "name source actual stated",
    "table_intro": "part",
    "source_funds": "",
    "source_records": "",
    "source_facts": "",
    "sources": "parts",
    "source_part": "leaves count source",
    "goals_stated": "items",
    "goal_stated": "name source actual stated",
}.items()}


@dataclass(frozen=True, slots=True)
class Wording:
    """The templates in force for one report."""

    templates: MappingProxyType[str, str]

    def say(self, key: str, **fields: object) -> str:
        return self.templates[key].format(**fields)


def overlaid(category: str, changed: Mapping[str, str]) -> Wording:
    """The bundled wording for ``category`` with the templates a project's own file ``changed``."""
    if not changed:
        return default_wording(category)
    return Wording(MappingProxyType(dict(_bundled(category)) | dict(changed)))


def default_wording(category: str = "") -> Wording:
    """The bundled wording with the overlay of the first category word found in ``category``."""
    return Wording(MappingProxyType(dict(_bundled(category))))


def load_wording(path: Path, category: str = "") -> tuple[Wording, list[Diagnostic]]:
    """The bundled wording for ``category`` overlaid by the user's file at ``path``."""
    diags: list[Diagnostic] = []
    templates = dict(_bundled(category)) | read_overrides(path, diags)
    return Wording(MappingProxyType(templates)), diags


def read_overrides(path: Path, diags: list[Diagnostic]) -> dict[str, str]:
    """The usable templates of the user's file at ``path``; a diagnostic for each one that is not."""
    node, problems = load_yaml(path)
    diags.extend(problems)
    r = Reader.of(node, diags, f"措辞文件 {path.name}")
    return _overrides(r.node, diags) if r is not None else {}


@lru_cache(maxsize=16)
def _bundled(category: str) -> tuple[tuple[str, str], ...]:
    data = _bundled_data()
    templates = dict(data["default"])
    for word, overlay in data["categories"].items():
        if word in category:
            templates.update(overlay)
            break
    return tuple(templates.items())


@lru_cache(maxsize=1)
def _bundled_data() -> dict[str, Any]:
    """The bundled file, checked as a user's file is: a mistake in it is a bug, so it raises."""
    text = resources.files("jixiao").joinpath("wording.yaml").read_text(encoding="utf-8")
    node, diags = parse_yaml(text, "wording.yaml")
    if not isinstance(node, Map):
        raise AssertionError(f"wording.yaml: {diags}")
    default = _overrides(_entry(node, "default"), diags)
    categories = {word: _overrides(overlay, diags) for word, (_, overlay) in _entry(node, "categories").entries.items()
                  if isinstance(overlay, Map)}
    if diags or set(default) != set(FIELDS):
        raise AssertionError(f"wording.yaml: {[d.message for d in diags]} {set(FIELDS) ^ set(default)}")
    return {"default": default, "categories": categories}


def _entry(node: Map, key: str) -> Map:
    value = node.get(key)
    if not isinstance(value, Map):
        raise AssertionError(f"wording.yaml: {key} is not a map")
    return value


def _overrides(node: Map, diags: list[Diagnostic]) -> dict[str, str]:
    """The templates of one map that are known and fill only known places."""
    found = {}
    for key, (key_source, value) in node.entries.items():
        if key not in FIELDS:
            # a warning: a template that does not exist changes nothing, so the report need not wait
            diags.append(dataclasses.replace(unknown_key(key, key_source, "措辞文件", set(FIELDS)), severity=Severity.WARNING))
            continue
        text = as_text(value, diags, f"措辞“{key}”")
        if text is not None and _places_known(key, text, value, diags):
            found[key] = text
    return found


def _places_known(key: str, text: str, node: Node, diags: list[Diagnostic]) -> bool:
    try:
        places = {name for _, name, spec, conv in string.Formatter().parse(text) if name is not None}
    except ValueError:
        diags.append(_bad(key, node.source, "花括号不成对", "字段写成 {字段名}；要写花括号本身时写成 {{ 或 }}"))
        return False
    unknown = sorted(places - FIELDS[key])
    if unknown:
        known = "、".join(sorted(FIELDS[key])) or "（无）"
        diags.append(_bad(key, node.source, f"含有无法填入的字段“{{{unknown[0]}}}”", f"可用的字段：{known}"))
        return False
    return True


def _bad(key: str, source: Source, problem: str, hint: str) -> Diagnostic:
    return Diagnostic("wording-invalid", f"措辞“{key}”{problem}，本项沿用默认措辞", source, hint, Severity.WARNING)
