"""YAML with places: every value read from a project or framework file knows its file:line:col.

``load_yaml`` turns a file into :class:`Map` / :class:`Seq` / :class:`Scalar` nodes. A
:class:`Reader` then reads typed fields from a map, collecting a located, Chinese
:class:`~jixiao.diagnostics.Diagnostic` for each missing, mistyped or unknown key instead of
raising, so one run reports every problem.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .diagnostics import Diagnostic, Source, os_reason
from .limits import LIMITS
from .numbers import ONE, parse_number

ScalarValue = str | int | Decimal | bool | dt.date | None


@dataclass(frozen=True, slots=True)
class Scalar:
    value: ScalarValue
    source: Source


@dataclass(frozen=True, slots=True)
class Seq:
    items: tuple[Node, ...]
    source: Source


@dataclass(frozen=True, slots=True)
class Map:
    """A mapping whose keys are strings; each entry keeps the key's place and its value."""

    entries: dict[str, tuple[Source, Node]]
    source: Source

    def get(self, key: str) -> Node | None:
        entry = self.entries.get(key)
        return entry[1] if entry else None

    def keys(self) -> Iterator[str]:
        return iter(self.entries)

    def __iter__(self) -> Iterator[str]:
        return iter(self.entries)


Node = Scalar | Seq | Map

KIND_NAMES = {Scalar: "单个值", Seq: "列表", Map: "键值表"}


_BOOL = {"true": True, "false": False}  # YAML 1.2 booleans only: yes/no/on/off stay text
_NULL = {"", "~", "null", "Null", "NULL"}
_INT = re.compile(r"^[-+]?[0-9]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")
_CJK_FOLD = re.compile(r"(?<=[^\x00-\x7f]) (?=[^\x00-\x7f])")


# libyaml's parser when the wheel has it: about 40 times faster than the pure-Python one.
_LOADER: type[yaml.CSafeLoader] | type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _here(file: str, node: yaml.Node) -> Source:
    return Source(file, node.start_mark.line + 1, node.start_mark.column + 1)


def _scalar_value(node: yaml.ScalarNode) -> ScalarValue:
    """Typed like YAML 1.2's core schema, but numbers become exact Decimals from their text and
    dates stay text (read by :func:`as_date`, so 2099-13-01 is a located message, not a crash)."""
    text: str = node.value
    plain = not node.style  # libyaml says "" for a plain scalar, the pure-Python parser None
    if node.start_mark.line != node.end_mark.line and (plain or node.style == ">"):
        text = _CJK_FOLD.sub("", text)  # a folded line break between Chinese characters is no space
    if not plain:  # quoted or block text is always text
        return text
    if text in _NULL:
        return None
    if text.lower() in _BOOL:
        return _BOOL[text.lower()]
    if _INT.match(text):
        return int(text)
    if _FLOAT.match(text):
        return Decimal(text)
    return text


def _key(node: yaml.Node) -> str:
    return str(_scalar_value(node)) if isinstance(node, yaml.ScalarNode) else str(node.value)


def plain(node: yaml.Node) -> Any:
    """A composed node as plain data, typed as :func:`parse_yaml` types it, without locations:
    for checks that read a small part of a large file (a later duplicate key wins)."""
    if isinstance(node, yaml.MappingNode):
        return {_key(key): plain(value) for key, value in node.value}
    if isinstance(node, yaml.SequenceNode):
        return [plain(item) for item in node.value]
    assert isinstance(node, yaml.ScalarNode)
    return _scalar_value(node)


def _convert(node: yaml.Node, file: str, diags: list[Diagnostic]) -> Node:
    here = _here(file, node)
    if isinstance(node, yaml.MappingNode):
        entries: dict[str, tuple[Source, Node]] = {}
        for key_node, value_node in node.value:
            key = _key(key_node)
            if key in entries:
                diags.append(Diagnostic("yaml-syntax", f"键“{key}”重复出现（另见第 {entries[key][0].line} 行）",
                                        _here(file, key_node), "同一层级的键只能出现一次，删除或合并重复的一项"))
            entries[key] = (_here(file, key_node), _convert(value_node, file, diags))
        return Map(entries, here)
    if isinstance(node, yaml.SequenceNode):
        return Seq(tuple(_convert(item, file, diags) for item in node.value), here)
    assert isinstance(node, yaml.ScalarNode)
    return Scalar(_scalar_value(node), here)


def parse_yaml(text: str, file: str) -> tuple[Node | None, list[Diagnostic]]:
    """Parse YAML text into located nodes; a syntax error becomes a located diagnostic."""
    node, diags = _parse(text, file)
    return node, list(diags)


@lru_cache(maxsize=32)
def _parse(text: str, file: str) -> tuple[Node | None, tuple[Diagnostic, ...]]:
    """Cached because a save reads the same new text several times (checks, then the load) and
    the nodes are immutable (:func:`set_path` copies), so sharing them is safe."""
    root = compose(text)
    if isinstance(root, Refusal):
        where = Source(file, root.problem_mark.line + 1, root.problem_mark.column + 1) if root.problem_mark else Source(file)
        return None, (Diagnostic("yaml-refused", f"YAML 内容被拒绝：{root.problem}", where, root.hint),)
    if isinstance(root, yaml.YAMLError):
        return None, (syntax_diagnostic(root, text, file),)
    if root is None:
        return Scalar(None, Source(file, 1, 1)), ()
    diags: list[Diagnostic] = []
    node = _convert(root, file, diags)
    return (None, tuple(diags)) if diags else (node, ())


# libyaml's (and ruamel's) problems, by how they begin, in the words of a person who wrote the file.
_PROBLEMS = (
    ("could not find expected ':'", "找不到应有的冒号“:”"),
    ("mapping values are not allowed", "这里不能出现“键: 值”"),
    ("found character that cannot start any token", "这个字符不能出现在这里"),
    ("found a tab character", "这里用了制表符（Tab）"),
    ("did not find expected key", "这里应该是一个键，缩进可能不对"),
    ("did not find expected '-' indicator", "这里应该是以“- ”开头的列表项，缩进可能不对"),
    ("did not find expected ',' or ']'", "方括号“[”没有用“]”闭合，或列表项之间缺少英文逗号“,”"),
    ("did not find expected ',' or '}'", "花括号“{”没有用“}”闭合，或各项之间缺少英文逗号“,”"),
    ("did not find expected node content", "这里缺少取值"),
    ("found unexpected end of stream", "文件在这里意外结束"),
    ("found unexpected ':'", "这里多了一个冒号“:”"),
    ("found unknown escape character", "双引号内有无法识别的转义字符“\\”"),
    ("found undefined alias", "使用了未定义的别名（*名称）"),
    ("found duplicate anchor", "锚点（&名称）重复定义"),
    ("expected <block end>", "缩进不一致"),
    ("expected a comment or a line break", "这里应该换行：引号或括号之后多了文字"),
    ("expected alphabetic or numeric character", "锚点或别名的名称无效"),
    ("did not find expected alphabetic or numeric character", "锚点或别名的名称无效"),
    ("control characters are not allowed", "文件中有不可见的控制字符"),
    ("special characters are not allowed", "文件中有不可见的特殊字符"),
    ("expected the node content", "这里缺少取值"),
    ("found incompatible YAML document", "YAML 版本声明不受支持"),
)
_SYNTAX_HINT = "检查这一行及上一行的缩进、冒号和引号：键后写英文冒号加空格“: ”，同一层级的键用同样多的空格对齐"
_TAB = re.compile(r"^ *\t")
_FULL_COLON = re.compile(r"^( *)(?!- )(?![#'\"])[^:#：]*?(：)")
_NO_SPACE = re.compile(r"^( *(?:- )?)(?![#'\"\[{])[^\s:#][^:#]*?:(?=[^\s:/])")
_FULL_COMMA = re.compile(r"[\[{][^\]}]*(，)")


def syntax_diagnostic(err: Exception, text: str, file: str) -> Diagnostic:
    """A YAML syntax error (libyaml's or ruamel's) as a Chinese diagnostic at the character
    that caused it: a full-width colon or comma, a tab, a missing space after a colon and an
    unclosed quote are found on the lines the parser stopped at; the parser's English is never
    shown."""
    problem_mark = getattr(err, "problem_mark", None)
    context_mark = getattr(err, "context_mark", None)
    problem: str = getattr(err, "problem", None) or ""
    context: str = getattr(err, "context", None) or ""
    mark = problem_mark or context_mark
    if mark is None:
        return Diagnostic("yaml-syntax", "YAML 格式有误", Source(file), _SYNTAX_HINT)
    cause = _cause(text.splitlines(), mark.line, context_mark.line if context_mark else mark.line)
    if cause is not None:
        line, column, message, hint = cause
        return Diagnostic("yaml-syntax", f"YAML 格式有误：{message}", Source(file, line + 1, column + 1), hint)
    if "quoted scalar" in context and context_mark is not None:
        return Diagnostic("yaml-syntax", "YAML 格式有误：这个引号没有配对的结束引号",
                          Source(file, context_mark.line + 1, context_mark.column + 1),
                          "在文字末尾补上同样的引号（\" 或 '），或去掉开头的引号")
    indented = _misindented(text.splitlines(), mark.line, problem)
    if indented is not None:
        line, column, message = indented
        return Diagnostic("yaml-syntax", f"YAML 格式有误：{message}", Source(file, line + 1, column + 1),
                          "同一层级的键要用同样多的空格对齐；下一层比上一层多缩进两个空格")
    said = next((chinese for english, chinese in _PROBLEMS if problem.startswith(english)), "无法解析")
    hint = _SYNTAX_HINT
    if problem.startswith("found character that cannot start any token"):
        hint = "以 @、` 或 % 开头的取值要加引号，如“键: '@值'”"
    return Diagnostic("yaml-syntax", f"YAML 格式有误：{said}", Source(file, mark.line + 1, mark.column + 1), hint)


def _misindented(lines: list[str], problem_line: int, problem: str) -> tuple[int, int, str] | None:
    """A line indented more than the "key: value" line above it, or between two levels."""
    if problem_line >= len(lines) or not lines[problem_line].strip():
        return None
    line = lines[problem_line]
    indent = len(line) - len(line.lstrip(" "))
    above = [(n, lines[n]) for n in range(problem_line - 1, -1, -1) if lines[n].strip() and not lines[n].lstrip().startswith("#")]
    if not above:
        return None
    previous = above[0][1]
    previous_indent = len(previous) - len(previous.lstrip(" "))
    if problem.startswith("mapping values are not allowed") and indent > previous_indent \
            and not previous.rstrip().endswith(":"):
        return problem_line, indent, f"这一行比上一行多缩进了 {indent - previous_indent} 个空格"
    if problem.startswith(("did not find expected key", "did not find expected '-'", "expected <block end>")):
        return problem_line, indent, "这一行的缩进与同一层级的其他行没有对齐"
    return None


def _cause(lines: list[str], problem_line: int, context_line: int) -> tuple[int, int, str, str] | None:
    """The usual slip on the lines the parser read last: (line, column, problem, hint), 0-based."""
    first = max(0, min(problem_line, context_line) - 1)
    window = [(n, lines[n]) for n in range(min(problem_line, len(lines) - 1), first - 1, -1)]
    for n, line in window:
        if _TAB.match(line):
            return n, line.index("\t"), "用了制表符（Tab）缩进", "YAML 只能用空格缩进：把这一行开头的 Tab 换成空格"
    for n, line in window:
        found = _FULL_COLON.match(line)
        if found:
            return n, found.start(2), "用了中文冒号“：”", "键后要写英文冒号加一个空格“: ”，如“name: 取值”"
    for n, line in window:
        found = _FULL_COMMA.search(line)
        if found:
            return n, found.start(1), "用了中文逗号“，”", "方括号或花括号中的各项要用英文逗号“,”分隔"
    for n, line in window:
        found = _NO_SPACE.match(line)
        if found:
            return n, found.end(), "冒号后缺少空格", "键后的冒号要跟一个空格，如“name: 取值”"
    return None


@lru_cache(maxsize=16)
def compose(text: str) -> yaml.Node | yaml.YAMLError | None:
    """libyaml's node tree of ``text`` (with each node's start and end index), or the syntax
    error. Shared with the workbench's text splicing, which reads the same texts; callers must
    only read the nodes."""
    if len(text) > LIMITS.yaml_bytes:
        return Refusal(f"内容过长（{len(text)} 个字符，上限 {LIMITS.yaml_bytes} 个）", None, "拆分文件，或删去不属于项目的内容")
    try:
        root = yaml.compose(text, Loader=_LOADER)
    except yaml.YAMLError as err:
        if "nesting depth" in str(err):  # libyaml's own bound, far beyond ours: say ours
            return Refusal(_TOO_DEEP, getattr(err, "problem_mark", None), _FLATTER)
        return err.with_traceback(None)  # kept in the cache: drop the frames it points to
    hazard = _Hazards().first(root) if root is not None else None
    if hazard is not None:  # every reader walks the nodes: refuse, located, before any of them
        return hazard
    return root


class Refusal(yaml.MarkedYAMLError):
    """A text refused before it is read (too long, too deep, expanding aliases, a tag): located
    like a syntax error, with advice of its own."""

    def __init__(self, problem: str, mark: yaml.Mark | None, hint: str) -> None:
        super().__init__(problem=problem, problem_mark=mark)
        self.hint = hint


_TOO_DEEP = f"嵌套层次过深（上限 {LIMITS.yaml_depth} 层）"
_FLATTER = "项目文件只需几层缩进：检查是否多写了括号或缩进"
_NO_ALIASES = "不要使用锚点（&名称）和别名（*名称），把内容直接写出"
# The tags a plain YAML file resolves to by itself; an explicit tag (``!x``, ``!!python/…``,
# ``!!binary``) is refused: the core reads values by their text, so a tag would make a key or
# value mean one thing to a check and another to the scoring.
_PLAIN_TAGS = frozenset(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null",
                                                                   "timestamp", "map", "seq"))
_DIGITS = re.compile(r"[0-9]")
_EXPONENT = re.compile(r"[eE]([-+]?[0-9]+)$")


class _Hazards:
    """What would make a text cost far more than its size, or mean something the core does not
    read: aliases that expand beyond :data:`LIMITS.yaml_nodes` nodes ("billion laughs") or
    contain themselves, nesting beyond :data:`LIMITS.yaml_depth`, explicit tags, keys that are
    lists or maps, and numbers with more digits than any figure has. One pass over the composed
    graph, each shared node measured once, so the check itself cannot be made to expand."""

    def __init__(self) -> None:
        self.measured: dict[int, tuple[int, int]] = {}  # id → (nodes once expanded, height)
        self.open: set[int] = set()

    def first(self, root: yaml.Node) -> Refusal | None:
        try:
            self.measure(root, 1)
        except _Refused as refused:
            return Refusal(refused.problem, refused.node.start_mark, refused.hint)
        return None

    def measure(self, node: yaml.Node, depth: int) -> tuple[int, int]:
        key = id(node)
        if key in self.open:
            raise _Refused(node, "别名（*名称）出现在它所指的锚点（&名称）之内，内容会无限嵌套", _NO_ALIASES)
        known = self.measured.get(key)
        if known is None:
            self.open.add(key)
            known = self.measured[key] = self._walk(node, depth)
            self.open.discard(key)
        if depth - 1 + known[1] > LIMITS.yaml_depth:
            raise _Refused(node, _TOO_DEEP, _FLATTER)
        return known

    def _walk(self, node: yaml.Node, depth: int) -> tuple[int, int]:
        if node.tag not in _PLAIN_TAGS:
            tag = str(node.tag).replace("tag:yaml.org,2002:", "!!")
            raise _Refused(node, f"不支持 YAML 标签“{tag}”", "去掉以 ! 开头的标记，直接写出取值")
        if isinstance(node, yaml.ScalarNode):
            self._check_number(node)
            return 1, 1
        if depth > LIMITS.yaml_depth:
            raise _Refused(node, _TOO_DEEP, _FLATTER)
        nodes, height = 1, 0
        for child, is_key in _children(node):
            if is_key and not isinstance(child, yaml.ScalarNode):
                raise _Refused(child, "键必须是单个值（文字或数字），不能是列表或键值表", "把键写成“名称: 取值”")
            size, tall = self.measure(child, depth + 1)
            nodes, height = nodes + size, max(height, tall)
            if nodes > LIMITS.yaml_nodes:
                raise _Refused(node, f"别名（*名称）展开后内容过大（超过 {LIMITS.yaml_nodes} 个节点）", _NO_ALIASES)
        return nodes, height + 1

    @staticmethod
    def _check_number(node: yaml.ScalarNode) -> None:
        text: str = node.value
        if node.style or not (_INT.match(text) or _FLOAT.match(text)):
            return
        exponent = _EXPONENT.search(text)
        mantissa = text[:exponent.start()] if exponent else text
        power = exponent.group(1).lstrip("+-").lstrip("0") if exponent else ""
        too_long = len(_DIGITS.findall(mantissa)) > LIMITS.number_digits
        if too_long or len(power) > 3 or int(power or 0) > LIMITS.number_digits:
            shown = text if len(text) <= 20 else text[:20] + "…"
            raise _Refused(node, f"数字“{shown}”位数过多（上限 {LIMITS.number_digits} 位）",
                           "检查是否多打了数字；确需原样保存的文字请加引号")


def _children(node: yaml.Node) -> Iterator[tuple[yaml.Node, bool]]:
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield key, True
            yield value, False
    else:
        yield from ((child, False) for child in node.value)


class _Refused(Exception):
    def __init__(self, node: yaml.Node, problem: str, hint: str) -> None:
        super().__init__(problem)
        self.node, self.problem, self.hint = node, problem, hint


def load_yaml(path: Path) -> tuple[Node | None, list[Diagnostic]]:
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None, [
            Diagnostic("file-unreadable", "文件不是 UTF-8 编码", Source(str(path)),
                       "请用 UTF-8 编码另存该文件")
        ]
    except OSError as err:
        return None, [
            Diagnostic("file-unreadable", f"无法读取文件：{os_reason(err)}", Source(str(path)),
                       "检查路径是否正确，以及是否有读取权限")
        ]
    return parse_yaml(text, str(path))


def describe(node: Node) -> str:
    if isinstance(node, Scalar):
        shown = str(node.value)
        return f"“{shown if len(shown) <= 40 else shown[:40] + '…'}”"
    return KIND_NAMES[type(node)]


@dataclass
class Reader:
    """Reads typed fields from one :class:`Map`, collecting diagnostics into ``diags``.

    Call :meth:`finish` once every expected key is read: any key left is reported as unknown,
    with the closest known key suggested.
    """

    node: Map
    diags: list[Diagnostic]
    where: str  # how a person names this map in a message, e.g. "资金（funds）"
    _known: set[str] = field(default_factory=set)

    @classmethod
    def of(cls, node: Node | None, diags: list[Diagnostic], where: str,
           source: Source | None = None) -> Reader | None:
        """A reader for ``node`` if it is a map; otherwise a diagnostic and ``None``."""
        if isinstance(node, Map):
            return cls(node, diags, where)
        if node is None:
            return None
        diags.append(Diagnostic("wrong-type", f"{where}应为键值表，实际是{describe(node)}",
                                node.source or source, "按文档中的示例写成“键: 值”的形式"))
        return None

    @property
    def source(self) -> Source:
        return self.node.source

    def has(self, key: str) -> bool:
        return key in self.node.entries

    def key_source(self, key: str) -> Source:
        entry = self.node.entries.get(key)
        return entry[0] if entry else self.node.source

    def raw(self, key: str, required: bool = False) -> Node | None:
        self._known.add(key)
        node = self.node.get(key)
        if isinstance(node, Scalar) and node.value is None:
            node = None
        if node is None and required:
            self.diags.append(Diagnostic("missing-key", f"{self.where}缺少“{key}”",
                                         self.node.source, f"请在此处添加“{key}: …”"))
        return node

    def text(self, key: str, required: bool = False, default: str = "") -> str:
        node = self.raw(key, required)
        if node is None:
            return default
        value = as_text(node, self.diags, f"{self.where}的“{key}”")
        return default if value is None else value

    def decimal(self, key: str, required: bool = False) -> Decimal | None:
        node = self.raw(key, required)
        return None if node is None else as_decimal(node, self.diags, f"{self.where}的“{key}”")

    def rate(self, key: str, required: bool = False) -> Decimal | None:
        node = self.raw(key, required)
        return None if node is None else as_rate(node, self.diags, f"{self.where}的“{key}”")

    def integer(self, key: str, required: bool = False) -> int | None:
        node = self.raw(key, required)
        return None if node is None else as_int(node, self.diags, f"{self.where}的“{key}”")

    def boolean(self, key: str, required: bool = False) -> bool | None:
        node = self.raw(key, required)
        return None if node is None else as_bool(node, self.diags, f"{self.where}的“{key}”")

    def date(self, key: str, required: bool = False) -> dt.date | None:
        node = self.raw(key, required)
        return None if node is None else as_date(node, self.diags, f"{self.where}的“{key}”")

    def choice(self, key: str, options: dict[str, str], default: str) -> str:
        """One of ``options`` (accepted spelling → canonical value)."""
        node = self.raw(key)
        if node is None:
            return default
        text = as_text(node, self.diags, f"{self.where}的“{key}”")
        if text is None:
            return default
        if text not in options:
            allowed = "、".join(dict.fromkeys(options))
            self.diags.append(Diagnostic("bad-value", f"{self.where}的“{key}”不能是“{text}”",
                                         node.source, f"可选值：{allowed}"))
            return default
        return options[text]

    def map(self, key: str, required: bool = False) -> Reader | None:
        node = self.raw(key, required)
        return Reader.of(node, self.diags, f"{self.where}的“{key}”")

    def seq(self, key: str, required: bool = False) -> tuple[Node, ...]:
        node = self.raw(key, required)
        if node is None:
            return ()
        if isinstance(node, Seq):
            return node.items
        self.diags.append(Diagnostic("wrong-type", f"{self.where}的“{key}”应为列表，实际是{describe(node)}",
                                     node.source, "每一项另起一行，以“- ”开头"))
        return ()

    def finish(self) -> None:
        for key in self.node.entries:
            if key not in self._known:
                self.diags.append(unknown_key(key, self.key_source(key), self.where, self._known))


def unknown_key(key: str, source: Source, where: str, known: set[str]) -> Diagnostic:
    close = difflib.get_close_matches(key, sorted(known), n=1, cutoff=0.6)
    hint = f"是否想写“{close[0]}”？" if close else "可用的键：" + "、".join(sorted(known))
    return Diagnostic("unknown-key", f"{where}中有无法识别的键“{key}”", source, hint)


def _wrong(node: Node, diags: list[Diagnostic], what: str, expected: str, hint: str) -> None:
    diags.append(Diagnostic("wrong-type", f"{what}应为{expected}，实际是{describe(node)}",
                            node.source, hint))


def as_text(node: Node, diags: list[Diagnostic], what: str) -> str | None:
    if isinstance(node, Scalar) and node.value is not None and not isinstance(node.value, bool):
        return str(node.value)
    _wrong(node, diags, what, "文字", "写成一行文字；多行文字用“|”开头")
    return None


def as_decimal(node: Node, diags: list[Diagnostic], what: str) -> Decimal | None:
    if isinstance(node, Scalar):
        value = node.value
        if isinstance(value, Decimal):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return Decimal(value)
        if isinstance(value, str):
            parsed = parse_number(value)
            if parsed is not None and not parsed[1]:
                return parsed[0]
    _wrong(node, diags, what, "数字", "只写数字，例如 61.91；不要带单位")
    return None


def as_rate(node: Node, diags: list[Diagnostic], what: str) -> Decimal | None:
    """A rate: ``98%`` or a fraction between 0 and 1 (``0.98``). ``98`` alone is ambiguous."""
    if isinstance(node, Scalar):
        value = node.value
        if isinstance(value, str):
            parsed = parse_number(value)
            if parsed is not None and parsed[1]:
                return parsed[0]
        number = value if isinstance(value, Decimal) else (
            Decimal(value) if isinstance(value, int) and not isinstance(value, bool) else None)
        if number is not None and 0 <= number <= ONE:
            return number
        if number is not None:
            diags.append(Diagnostic("wrong-type", f"{what}是“{number}”，看不出是百分比还是小数",
                                    node.source, f"百分比请写成“{number}%”"))
            return None
    _wrong(node, diags, what, "百分比", "例如 99.68%")
    return None


def as_int(node: Node, diags: list[Diagnostic], what: str) -> int | None:
    if isinstance(node, Scalar) and isinstance(node.value, int) and not isinstance(node.value, bool):
        return node.value
    _wrong(node, diags, what, "整数", "例如 12")
    return None


_TRUE = {"是", "符合", "有", "满足", "true", "True", "yes", "Y", "y"}
_FALSE = {"否", "不符合", "无", "不满足", "false", "False", "no", "N", "n"}


def as_bool(node: Node, diags: list[Diagnostic], what: str) -> bool | None:
    if isinstance(node, Scalar):
        if isinstance(node.value, bool):
            return node.value
        if isinstance(node.value, str) and node.value.strip() in _TRUE | _FALSE:
            return node.value.strip() in _TRUE
    _wrong(node, diags, what, "“是”或“否”", "填写 是 或 否")
    return None


def as_date(node: Node, diags: list[Diagnostic], what: str) -> dt.date | None:
    if isinstance(node, Scalar):
        if isinstance(node.value, dt.date):
            return node.value
        if isinstance(node.value, str):
            try:
                return dt.date.fromisoformat(node.value.strip())
            except ValueError:
                pass
    _wrong(node, diags, what, "日期", "写成 2023-07-31 的形式")
    return None


@dataclass(frozen=True, slots=True)
class Located:
    """A plain value with the place it was read from (a report's cell), for :func:`from_data`."""

    value: Any
    source: Source


def from_data(data: Any, source: Source) -> Node:
    """Plain data (dicts, lists, text, numbers; :class:`Located` values keep their own place) as
    located nodes, typed as dumping it to YAML and reading it back would type it: text stays text.
    Importers build a project this way, so every fact points at the cell it came from."""
    if isinstance(data, Located):
        return from_data(data.value, data.source)
    if isinstance(data, dict):
        entries: dict[str, tuple[Source, Node]] = {}
        for key, value in data.items():
            node = from_data(value, source)
            entries[str(key)] = (node.source, node)
        return Map(entries, source)
    if isinstance(data, list | tuple):
        return Seq(tuple(from_data(item, source) for item in data), source)
    if data is None or isinstance(data, str | int | Decimal | bool | dt.date):
        return Scalar(data, source)
    raise TypeError(f"not plain data: {type(data).__name__}")


def to_plain(data: Any) -> Any:
    """The same data without places, for writing it out as YAML."""
    if isinstance(data, Located):
        return to_plain(data.value)
    if isinstance(data, dict):
        return {key: to_plain(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [to_plain(item) for item in data]
    return data


def set_path(root: Node, path: list[str], value: Node) -> Node | str:
    """A copy of ``root`` with the value at ``path`` replaced (or added); an error text if the
    path leads through something that is not a map or a list."""
    if not path:
        return value
    head, rest = path[0], path[1:]
    if isinstance(root, Map):
        entry = root.entries.get(head)
        child: Node = entry[1] if entry else Map({}, value.source)
        new_child = set_path(child, rest, value)
        if isinstance(new_child, str):
            return new_child
        entries = dict(root.entries)
        entries[head] = (entry[0] if entry else value.source, new_child)
        return Map(entries, root.source)
    if isinstance(root, Seq) and head.isdigit() and int(head) < len(root.items):
        index = int(head)
        new_item = set_path(root.items[index], rest, value)
        if isinstance(new_item, str):
            return new_item
        items = (*root.items[:index], new_item, *root.items[index + 1:])
        return Seq(items, root.source)
    return f"“{head}”不在一个可以修改的位置上"


# Text YAML would not read back as the same plain text: an indicator first, a separator inside
# (in a flow list or map, a comma or bracket too), or spaces at either end.
_PLAIN_UNSAFE = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`\s]|: | #|:$|\s$")
_FLOW_UNSAFE = re.compile(r"[,\[\]{}]")


def flow_text(node: Node | None, nested: bool = False) -> str:
    """``node`` written back as one line of YAML that reads the same: ``98%``, ``[是, 否]``,
    ``{a: 1}``. For form fields, where a value is shown to be edited and saved again."""
    if node is None:
        return ""
    if isinstance(node, Seq):
        return "[" + ", ".join(flow_text(item, True) for item in node.items) + "]"
    if isinstance(node, Map):
        # keys are always read as text (see _convert), so 3 needs no quotes to stay the key "3"
        return "{" + ", ".join(f"{_flow_scalar(k, True, key=True)}: {flow_text(v, True)}"
                               for k, (_, v) in node.entries.items()) + "}"
    value = node.value
    if value is None:
        return "null" if nested else ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return _flow_scalar(value, nested)


def _flow_scalar(value: ScalarValue, nested: bool, key: bool = False) -> str:
    """Text that would read back as something else (a number, a flow bracket) is quoted; at the
    top level of a field only what YAML cannot read plainly is, as a person would type it."""
    text = str(value)
    if not isinstance(value, str):
        return text
    typed = not key and (_INT.match(text) or _FLOAT.match(text) or text in _NULL or text.lower() in _BOOL)
    unsafe = _PLAIN_UNSAFE.search(text) or (nested and _FLOW_UNSAFE.search(text))
    return json.dumps(text, ensure_ascii=False) if typed or unsafe or "\n" in text else text
