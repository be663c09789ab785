"""The project page's form controls read back as the ``PATH → YAML value`` edits
:meth:`jixiao.storage.Store.edit` takes. :func:`changes` is the only way a posted form becomes
edits, so whatever a control sends passes the one admission gate (``admit`` in
storage/projects.py) like an API edit or a workbook: nothing here checks a value, it only
writes what was typed the way the project file holds it.

A control names its field ``PREFIX:PATH``; the prefix says how the typed text becomes YAML:

- ``set:PATH``: the text is YAML already: a number, a date, 是/否 (and any value typed as YAML).
- ``text:PATH``: the text is text; it is quoted when YAML would read it as something else
  (``100``, ``true``, ``a: b``), so a note stays a note.
- ``rate:PATH``: a percentage typed as a number: ``98`` is saved as ``98%``.
- ``answer:PATH#N``: item N (from 1) of a list of 是/否. A checkbox posts 是 only when ticked, so
  each comes after a hidden field worth 否 of the same name, and the last value posted wins.
- ``reason:PATH#N``: the text of item N of a numbered map (``{3: 原因}``).
- ``lost-if:PATH#N`` = ``LIST#M=答案``: reason N is kept only while item M of the list LIST has
  that answer (a checklist keeps the reasons of the points lost, not of those met again).
- ``new:PREFIX``: the fields under PREFIX make a row being added (``goals.3``): blank ones are
  not written, so an untouched blank row adds nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..diagnostics import Source
from ..yamlsrc import Scalar, flow_text

SET, TEXT, RATE, ANSWER, REASON, LOST_IF, NEW = "set", "text", "rate", "answer", "reason", "lost-if", "new"
ITEM = "#"  # between a list's path and an item's number
_FORM = Source("表单")


def changes(pairs: Iterable[tuple[str, str]]) -> dict[str, str]:
    """The edits a posted form asks for, values before clearings (a clearing of a key that is
    not there is cheapest once the values have made the leaf's map)."""
    fields = dict(pairs)  # the last value of a name wins: a ticked box after its hidden 否
    edits = {path: _scalar(kind, value) for kind, path, value in _named(fields) if kind in (SET, TEXT, RATE)}
    answers = _numbered(fields, ANSWER)
    for path, items in answers.items():
        edits[path] = "[" + ", ".join(yaml_text(items[n], nested=True) for n in sorted(items)) + "]"
    for path, items in _numbered(fields, REASON).items():
        kept = {n: text.strip() for n, text in items.items()
                if text.strip() and _applies(fields.get(f"{LOST_IF}:{path}{ITEM}{n}", ""), answers)}
        edits[path] = _numbered_map(kept)
    for prefix in (name.partition(":")[2] for name in fields if name.startswith(f"{NEW}:")):
        edits = {p: v for p, v in edits.items() if v.strip() or not p.startswith(f"{prefix}.")}
    return dict(sorted(edits.items(), key=lambda edit: not edit[1].strip()))


def yaml_text(value: str, nested: bool = False) -> str:
    """Typed text as a YAML value that reads back as that text (``nested``: inside a flow list
    or map); blank text clears the value."""
    text = value.strip()
    return flow_text(Scalar(text, _FORM), nested) if text else ""


def percent_text(value: str) -> str:
    """A percentage typed as a number, as the project file writes it: ``98`` → ``98%``."""
    text = value.strip()
    return text if not text or text.endswith(("%", "％")) else f"{text}%"


def _named(fields: dict[str, str]) -> Iterable[tuple[str, str, str]]:
    for name, value in fields.items():
        kind, sep, path = name.partition(":")
        if sep and path:
            yield kind, path, value


def _scalar(kind: str, value: str) -> str:
    if kind == TEXT:
        return yaml_text(value)
    if kind == RATE:
        return percent_text(value)
    return value


def _numbered(fields: dict[str, str], kind: str) -> dict[str, dict[int, str]]:
    """``kind:PATH#N`` fields as PATH → {N: value}; a malformed number is ignored."""
    found: dict[str, dict[int, str]] = {}
    for name, value in fields.items():
        prefix, sep, rest = name.partition(":")
        path, mark, number = rest.rpartition(ITEM)
        if prefix == kind and sep and mark and path and number.isdigit() and len(number) <= 4:
            found.setdefault(path, {})[int(number)] = value
    return found


def _applies(condition: str, answers: dict[str, dict[int, str]]) -> bool:
    """Whether ``LIST#M=答案`` holds for the answers posted (no condition, or no such list: yes)."""
    where, sep, wanted = condition.partition("=")
    path, mark, number = where.rpartition(ITEM)
    if not (sep and mark and number.isdigit()) or path not in answers:
        return True
    return answers[path].get(int(number)) == wanted


def _numbered_map(items: dict[int, str]) -> str:
    """``{3: 原因}``; no item clears the map."""
    if not items:
        return ""
    return "{" + ", ".join(f"{n}: {yaml_text(text, nested=True)}" for n, text in sorted(items.items())) + "}"
