"""Edit a project file's text in place, the way ``--set`` does, keeping everything else.

ruamel.yaml's round-trip mode keeps comments, key order, flow or block style and quoting; the
indentation of the original is guessed and reused, so an edit changes only the lines it touches.
Values are written as YAML (``55``, ``98%``, ``[是, 否]``), exactly like ``jixiao score --set``.
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.util import load_yaml_guess_indent

from ..diagnostics import Diagnostic, Source

_NESTED_KEY = re.compile(r"^( +)[^\s#-][^:#]*:")


class EditError(Exception):
    """An edit that cannot be applied; ``diagnostic`` says where and why, in Chinese."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(diagnostic.message)
        self.diagnostic = diagnostic


def _yaml(mapping: int = 2, sequence: int = 4, offset: int = 2) -> YAML:
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096  # never re-wrap a long Chinese line
    yaml.indent(mapping=mapping, sequence=sequence, offset=offset)
    return yaml


def _load(text: str) -> tuple[Any, YAML]:
    try:
        _, indent, block_seq_indent = load_yaml_guess_indent(text)
    except YAMLError as err:
        raise EditError(Diagnostic("yaml-syntax", f"项目文件无法解析：{err}", Source("项目文件"))) from err
    # ruamel guesses the sequence indentation only; the mapping indentation is read separately.
    offset = block_seq_indent or 0
    yaml = _yaml(_mapping_indent(text), max(indent or 2, offset + 2), offset)
    return yaml.load(text), yaml


def _mapping_indent(text: str) -> int:
    """The indentation of the first nested mapping key (2 when there is none)."""
    for line in text.splitlines():
        match = _NESTED_KEY.match(line)
        if match:
            return len(match.group(1))
    return 2


def load_data(text: str) -> Any:
    """The parsed file, or ``None`` when it is not YAML (the core reports where)."""
    try:
        return _yaml().load(text)
    except YAMLError:
        return None


def parse_value(text: str, path: str) -> Any:
    """A value as typed in a form field, read as YAML; an empty field clears the value."""
    try:
        return _yaml().load(text) if text.strip() else None
    except YAMLError as err:
        raise EditError(Diagnostic("bad-set", f"“{text}”不是合法的取值：{err}", Source(path),
                                   "列表写成 [是, 否]，百分比写成 98%")) from err


def value_text(value: Any) -> str:
    """A value as one line of YAML (for form fields and the audit log)."""
    if value is None:
        return ""
    if isinstance(value, (CommentedMap, CommentedSeq, dict, list)):
        yaml = _yaml()
        yaml.default_flow_style = True
        out = io.StringIO()
        yaml.dump(_flow(value), out)
        return out.getvalue().strip()
    return str(value)


def _flow(value: Any) -> Any:
    """A copy of ``value`` drawn in flow style (``{a: 1}``, ``[是, 否]``) on one line."""
    if isinstance(value, dict):
        out = CommentedMap((k, _flow(v)) for k, v in value.items())
        out.fa.set_flow_style()
        return out
    if isinstance(value, list):
        seq = CommentedSeq(_flow(v) for v in value)
        seq.fa.set_flow_style()
        return seq
    return value


def read_path(text: str, path: str) -> str:
    data, _ = _load(text)
    found = _walk(data, split(path), create=False)
    return "" if found is None else value_text(found[0][found[1]] if _has(*found) else None)


def split(path: str) -> list[str]:
    return [p.strip() for p in path.split(".") if p.strip()]


def apply_edits(text: str, edits: Mapping[str, str]) -> tuple[str, dict[str, tuple[str, str]]]:
    """The text with each ``path → value`` applied, and ``path → (old, new)`` for the audit log."""
    changes: dict[str, tuple[str, str]] = {}
    for path, raw in edits.items():
        value = parse_value(raw, path)
        data, yaml = _load(text)
        expected, _ = _load(text)
        old = _set(expected, path, value)
        new = value_text(value)
        if old == new:
            continue
        text = _splice(text, data, split(path), value, expected) or _dump(yaml, expected)
        changes[path] = (old, new)
    return text, changes


def _dump(yaml: YAML, data: Any) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


# -- splicing: change only the characters of one value ----------------------------------------
#
# A full round-trip dump is the fallback: ruamel re-lays-out some constructs (a flow map on the
# line after its key is pulled up). So an edit first tries to replace just the old value's
# characters, or to insert one line or one ``key: value`` pair, and keeps the result only if the
# file then reads back exactly as the edit intends.


def _splice(text: str, data: Any, keys: list[str], value: Any, expected: Any) -> str | None:
    if isinstance(value, (dict, list)) and not _is_flow(value):
        return None
    found = _walk(data, keys, create=False)
    if found is None:
        return None
    parent, key = found
    rendered = _inline(value)
    if rendered is None:
        return None
    lines = text.splitlines(keepends=True)
    if _has(parent, key):
        spliced = _replace_value(lines, parent, key, rendered)
    elif isinstance(parent, dict):
        spliced = _insert_key(lines, parent, key, rendered)
    else:
        return None
    return spliced if spliced is not None and _plain(load_data(spliced)) == _plain(expected) else None


def _is_flow(value: Any) -> bool:
    return bool(getattr(getattr(value, "fa", None), "flow_style", lambda: False)())


def _inline(value: Any) -> str | None:
    """``value`` as YAML on one line, or ``None`` when it needs more."""
    if value is None:
        return ""
    out = io.StringIO()
    yaml = _yaml()
    yaml.default_flow_style = True
    yaml.dump([_flow(value)], out)
    dumped = out.getvalue().strip()
    if "\n" in dumped or not (dumped.startswith("[") and dumped.endswith("]")):
        return None
    return dumped[1:-1].strip()


def _replace_value(lines: list[str], parent: Any, key: Any, rendered: str) -> str | None:
    try:
        lc = parent.lc  # ruamel's line/column record of a loaded map or list
        line_no, col = lc.value(key) if isinstance(parent, dict) else lc.item(key)
    except (AttributeError, KeyError, TypeError):
        return None
    line = lines[line_no]
    end = _token_end(line, col, _is_flow(parent))
    if end is None:
        return None
    rest = line[end:]
    gap = len(rest) - len(rest.lstrip(" "))
    if rest.lstrip(" ").startswith("#"):  # keep a trailing comment in its column
        rest = " " * max(1, gap + (end - col) - len(rendered)) + rest.lstrip(" ")
    lines[line_no] = line[:col] + rendered + rest
    return "".join(lines)


def _token_end(line: str, col: int, in_flow: bool) -> int | None:
    """Where the YAML value starting at ``col`` ends on its line (``None`` if it goes on)."""
    if col >= len(line):
        return None
    opener = line[col]
    if opener in "[{":
        return _closing(line, col)
    if opener in "'\"":
        close = line.find(opener, col + 1)
        return None if close < 0 else close + 1
    if opener in "|>":
        return None  # a block scalar spans lines
    stops = ",]}" if in_flow else ""
    index = col
    while index < len(line) and line[index] not in "\r\n" and line[index] not in stops:
        if line[index] == "#" and line[index - 1] == " ":
            break
        index += 1
    return len(line[:index].rstrip())


def _closing(line: str, col: int) -> int | None:
    depth, quote = 0, ""
    for index in range(col, len(line)):
        char = line[index]
        if quote:
            quote = "" if char == quote else quote
        elif char in "'\"":
            quote = char
        elif char in "[{":
            depth += 1
        elif char in "]}":
            depth -= 1
            if depth == 0:
                return index + 1
    return None


def _insert_key(lines: list[str], parent: Any, key: str, rendered: str) -> str | None:
    keys = list(parent)
    if not keys:
        return None
    if _is_flow(parent):
        last_line, last_col = parent.lc.value(keys[-1])
        end = _token_end(lines[last_line], last_col, True)
        if end is None:
            return None
        line = lines[last_line]
        lines[last_line] = f"{line[:end]}, {key}: {rendered}{line[end:]}"
        return "".join(lines)
    indent = parent.lc.key(keys[0])[1]
    last_line = _last_line(lines, parent.lc.key(keys[-1])[0], indent)
    lines.insert(last_line + 1, f"{' ' * indent}{key}: {rendered}\n")
    return "".join(lines)


def _last_line(lines: list[str], start: int, indent: int) -> int:
    """The last line belonging to the entry that starts at ``start`` (deeper or blank lines)."""
    last = start
    for index in range(start + 1, len(lines)):
        stripped = lines[index].strip()
        if not stripped or stripped.startswith("#"):
            continue
        if len(lines[index]) - len(lines[index].lstrip(" ")) <= indent:
            break
        last = index
    return last


def _plain(value: Any) -> Any:
    """Plain Python data, so two parses can be compared regardless of layout and comments."""
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _set(data: Any, path: str, value: Any) -> str:
    keys = split(path)
    if not keys:
        raise EditError(Diagnostic("bad-set", "修改的位置为空", Source(path)))
    found = _walk(data, keys, create=True)
    if found is None:
        raise EditError(Diagnostic("bad-set", f"无法修改“{path}”：路径经过的不是键值表或列表", Source(path),
                                   "路径用英文句点分隔各级键名，列表用序号（从0开始）"))
    parent, key = found
    old = value_text(parent[key]) if _has(parent, key) else ""
    parent[key] = value
    return old


def _has(parent: Any, key: Any) -> bool:
    return key in parent if isinstance(parent, dict) else 0 <= key < len(parent)


def _walk(data: Any, keys: list[str], create: bool) -> tuple[Any, Any] | None:
    """The container holding the last key, and that key (an int for a list)."""
    node = data
    for key in keys[:-1]:
        node = _child(node, key, create)
        if node is None:
            return None
    return _slot(node, keys[-1])


def _child(node: Any, key: str, create: bool) -> Any:
    slot = _slot(node, key)
    if slot is None:
        return None
    parent, index = slot
    if not _has(parent, index) or parent[index] is None:
        if not create or isinstance(parent, list):
            return None
        parent[index] = CommentedMap()
    child = parent[index]
    return child if isinstance(child, (dict, list)) else None


def _slot(node: Any, key: str) -> tuple[Any, Any] | None:
    if isinstance(node, dict):
        return node, key
    if isinstance(node, list) and key.isdigit() and int(key) < len(node):
        return node, int(key)
    return None


def append_item(text: str, path: str, item: str) -> str:
    """The text with ``item`` added to the list at ``path`` (created when missing)."""
    data, yaml = _load(text)
    found = _walk(data, split(path), create=True)
    if found is None:
        raise EditError(Diagnostic("bad-set", f"无法在“{path}”中添加一项", Source(path)))
    parent, key = found
    current = parent[key] if _has(parent, key) else None
    if not isinstance(current, list):
        current = CommentedSeq()
        parent[key] = current
    current.append(item)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()
