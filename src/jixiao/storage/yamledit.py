"""Edit a project file's text in place, the way ``--set`` does, keeping everything else.

ruamel.yaml's round-trip mode keeps comments, key order, flow or block style and quoting; the
indentation of the original is guessed and reused, so an edit changes only the lines it touches.
Values are written as YAML (``55``, ``98%``, ``[是, 否]``), exactly like ``jixiao score --set``.
"""

from __future__ import annotations

import io
import re
import threading
from collections.abc import Mapping
from functools import lru_cache
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, SingleQuotedScalarString
from ruamel.yaml.util import load_yaml_guess_indent

from ..diagnostics import Diagnostic, Source
from ..yamlsrc import Refusal, compose, plain, syntax_diagnostic

_NESTED_KEY = re.compile(r"^( +)[^\s#-][^:#]*:")
_STR_TAG = "tag:yaml.org,2002:str"


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


_LOCAL = threading.local()


def _shared(flow: bool = False) -> YAML:
    """This thread's reader (or, with ``flow``, one-line writer) of values: making a YAML
    instance costs more than reading one value with it, and a save reads and writes several.
    Per thread, because an instance holds its parser's state while it works."""
    key = "flow" if flow else "block"
    yaml: YAML | None = getattr(_LOCAL, key, None)
    if yaml is None:
        yaml = _yaml()
        if flow:
            yaml.default_flow_style = True
        setattr(_LOCAL, key, yaml)
    return yaml


def _load(text: str) -> tuple[Any, YAML]:
    try:
        _, indent, block_seq_indent = load_yaml_guess_indent(text)
    except YAMLError as err:
        raise EditError(syntax_diagnostic(err, text, "项目文件")) from err
    # ruamel guesses the sequence indentation only; the mapping indentation is read separately.
    offset = block_seq_indent or 0
    yaml = _yaml(_mapping_indent(text), max(indent or 2, offset + 2), offset)
    try:
        return yaml.load(text), yaml
    except ValueError as err:  # a date such as 2023-13-01, which the core keeps as text
        raise EditError(Diagnostic("bad-value", "项目文件中有无法读取的日期（如月份超过 12）", Source("项目文件"),
                                   "日期写成 2023-12-31 的形式")) from err


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
        return _shared().load(text)
    except (YAMLError, ValueError):
        return None


@lru_cache(maxsize=16)
def read_data(text: str) -> Any:
    """The parsed file as plain data typed as the core types it (numbers as Decimals), or
    ``None`` when it is not YAML (such a file is refused on save anyway). For the checks of a
    save, which only read values: libyaml's nodes (cached, shared with the scoring's parse) are
    ~40 times faster than ruamel. Cached, as a save's checks read the same text more than once:
    callers must not change the result."""
    root = compose(text)
    return None if root is None or isinstance(root, pyyaml.YAMLError) else plain(root)


def overrides_in(text: str) -> dict[str, Any]:
    """Each leaf's ``override`` under ``facts``, as plain data typed as the core types it.
    Unlike :func:`read_data` it converts only the overrides, not the whole file."""
    root = compose(text)
    facts = _child_node(root, "facts") if isinstance(root, pyyaml.MappingNode) else None
    if not isinstance(facts, pyyaml.MappingNode):
        return {}
    leaves = {plain(key): value for key, value in facts.value if isinstance(key, pyyaml.ScalarNode)}
    found = {str(name): _child_node(leaf, "override") for name, leaf in leaves.items()
             if isinstance(leaf, pyyaml.MappingNode)}
    return {name: plain(node) for name, node in found.items() if node is not None}


def parse_value(text: str, path: str) -> Any:
    """A value as typed in a form field, read as YAML; an empty field clears the value. The
    value passes the same gate as a whole file first (no tags, no expanding aliases, no
    absurd nesting or numbers), so ruamel never reads what the core would refuse."""
    refused = compose(text)
    if isinstance(refused, Refusal):
        raise EditError(Diagnostic("yaml-refused", f"“{path}”的取值被拒绝：{refused.problem}", Source(path), refused.hint))
    try:
        return _shared().load(text) if text.strip() else None
    except (YAMLError, ValueError) as err:  # ValueError: ruamel builds 2023-13-01 as a date
        mark = getattr(err, "problem_mark", None)  # ruamel's own text is English: say where instead
        where = f"：第 {mark.column + 1} 个字符附近无法按 YAML 读取" if mark is not None and mark.line == 0 else ""
        hint = "日期写成 2023-12-31 的形式" if isinstance(err, ValueError) else "列表写成 [是, 否]，百分比写成 98%"
        raise EditError(Diagnostic("bad-set", f"“{text}”不是合法的取值{where}", Source(path), hint)) from err


def value_text(value: Any) -> str:
    """A value as one line of YAML (for form fields and the audit log)."""
    if value is None:
        return ""
    if isinstance(value, (CommentedMap, CommentedSeq, dict, list)):
        out = io.StringIO()
        _shared(flow=True).dump(_flow(value), out)
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
        fast = _fast_edit(text, split(path), value)
        if fast is not None:
            spliced, old = fast
            if old != value_text(value):
                text = spliced
                changes[path] = (old, value_text(value))
            continue
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


# -- the fast path: an existing scalar replaced between its libyaml marks ---------------------
#
# Most saves change one existing fact. Parsing the whole file with ruamel (twice, to guess the
# indentation) costs ~60 ms a time; libyaml's composer gives every scalar's start and end index
# in ~1.5 ms, so the new value's text is put in place of the old characters and nothing else
# moves. The result is kept only if it composes to the same tree with just that scalar changed;
# anything else (a new key, a collection, an anchor, a block scalar) takes the ruamel path.

Shape = tuple[Any, ...]


def _fast_edit(text: str, keys: list[str], value: Any) -> tuple[str, str] | None:
    """The text with the scalar at ``keys`` replaced, and its old value; ``None`` to fall back."""
    if not keys or isinstance(value, (dict, list)):
        return None
    root = _compose(text)
    if root is None:
        return None
    if value is None and _absent(root, keys):
        return text, ""  # clearing a value that is not there (a blank field of a form) changes nothing
    node = _scalar_at(text, root, keys)
    if node is None:
        return None
    rendered = _inline(_quoted_like(node, value))
    if rendered is None:
        return None
    old = _old_text(text, node)
    if old is None:
        return None
    if old == value_text(value):
        return text, old
    spliced = _splice_scalar(text, node, rendered)
    return (spliced, old) if _only_changed(root, node, spliced, rendered) else None


def _old_text(text: str, node: pyyaml.ScalarNode) -> str | None:
    """The old value as the audit log writes it: ruamel's reading of the scalar's own characters,
    or ``None`` if ruamel, stricter than libyaml in places, cannot read them (the ruamel path
    then reports it)."""
    start, end = node.start_mark.index, node.end_mark.index
    try:
        return value_text(_shared().load(text[start:end])) if start < end else ""
    except YAMLError:
        return None


def _quoted_like(node: pyyaml.ScalarNode, value: Any) -> Any:
    """Text that replaces quoted text keeps the author's quotes (``name: "盐田区"``)."""
    if not isinstance(value, str) or node.style not in ("'", '"'):
        return value
    return DoubleQuotedScalarString(value) if node.style == '"' else SingleQuotedScalarString(value)


def _compose(text: str) -> pyyaml.Node | None:
    """libyaml's nodes of ``text`` (cached: a form saves all its fields at once, mostly
    unchanged, so each edit looks into the same text). The nodes are only read."""
    root = compose(text)
    return None if isinstance(root, pyyaml.YAMLError) else root  # the ruamel path reports the error


def _absent(root: pyyaml.Node, keys: list[str]) -> bool:
    """Whether ``keys`` names a missing key of a mapping that exists."""
    parent = _node_at(root, keys[:-1])
    return isinstance(parent, pyyaml.MappingNode) and _child_node(parent, keys[-1]) is None


def _node_at(root: pyyaml.Node, keys: list[str]) -> pyyaml.Node | None:
    node: pyyaml.Node | None = root
    for key in keys:
        node = _child_node(node, key) if node is not None else None
    return node


def _scalar_at(text: str, root: pyyaml.Node, keys: list[str]) -> pyyaml.ScalarNode | None:
    """The plain or quoted scalar at ``keys``, written where it stands (no anchor, tag or alias)."""
    node = _node_at(root, keys)
    if not isinstance(node, pyyaml.ScalarNode) or node.style not in ("", None, "'", '"'):
        return None
    return None if text[node.start_mark.index:][:1] in ("&", "*", "!") else node


def _child_node(node: pyyaml.Node, key: str) -> pyyaml.Node | None:
    if isinstance(node, pyyaml.MappingNode):
        # the last of duplicate keys wins, as in the loaders; only text keys match a path
        found = [v for k, v in node.value if k.tag == _STR_TAG and k.value == key]
        return found[-1] if found else None
    if isinstance(node, pyyaml.SequenceNode) and key.isdigit() and int(key) < len(node.value):
        child: pyyaml.Node = node.value[int(key)]
        return child
    return None


def _splice_scalar(text: str, node: pyyaml.ScalarNode, rendered: str) -> str:
    start, end = node.start_mark.index, node.end_mark.index
    if start == end and rendered and text[start - 1:start] == ":":
        rendered = " " + rendered  # an empty value right after its colon
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    rest = text[end:line_end]
    comment = rest.lstrip(" ")
    if comment.startswith("#") and node.start_mark.line == node.end_mark.line:
        gap = len(rest) - len(comment)  # keep a trailing comment in its column
        rest = " " * max(1, gap + (end - start) - len(rendered)) + comment
    return text[:start] + rendered + rest + text[line_end:]


def _only_changed(root: pyyaml.Node, target: pyyaml.ScalarNode, spliced: str, rendered: str) -> bool:
    """Whether ``spliced`` composes to ``root`` with only ``target`` changed, to what
    ``rendered`` reads as on its own."""
    new_root = _compose(spliced)
    item = _compose(f"[{rendered}]") if rendered else None
    if new_root is None or (rendered and not isinstance(item, pyyaml.SequenceNode)):
        return False
    wanted: Shape = _shape(item.value[0]) if isinstance(item, pyyaml.SequenceNode) and item.value else ("", True)
    replaced: list[int] = []
    expected = _shape(root, target, wanted, replaced)
    return len(replaced) == 1 and expected == _shape(new_root)


def _shape(node: pyyaml.Node, target: pyyaml.Node | None = None, wanted: Shape = (),
           replaced: list[int] | None = None) -> Shape:
    """What the core reads from ``node``: text and whether it was plain (plain text is typed),
    with ``target`` read as ``wanted``; ``replaced`` counts where that happened."""
    if node is target and replaced is not None:
        replaced.append(1)
        return wanted
    if isinstance(node, pyyaml.MappingNode):
        return ("map", *((_shape(k, target, wanted, replaced), _shape(v, target, wanted, replaced))
                         for k, v in node.value))
    if isinstance(node, pyyaml.SequenceNode):
        return ("seq", *(_shape(v, target, wanted, replaced) for v in node.value))
    assert isinstance(node, pyyaml.ScalarNode)
    return (node.value, not node.style)


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
    _shared(flow=True).dump([_flow(value)], out)
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
    if line_no >= len(lines):
        return None  # an empty value on the last line is recorded past the end
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
    if create and isinstance(node, list) and key == str(len(node)):
        node.append(CommentedMap())  # ``goals.3.name`` on a list of three adds a row (the goals form's new row)
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
