"""A name (system, project, department) spelt differently once among many occurrences.

Every run of 4–7 Chinese characters that ends with a name word (系统, 平台, 中心, 局, 校…) and
occurs at least three times is a name. Another run that differs from it in one character (not
the first, where a run may merely start inside the word before), occurs once, and sounds the
same at that character (the commonest slip with a Chinese input method, which offers every
homophone), is that name misspelt. Characters that do not sound alike (区/市, 省/县) usually
name different things and are left alone.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache

from ...diagnostics import Severity, Source
from ..base import Check, Finding, Location
from ..subject import Subject

NAME_WORDS = ("系统", "平台", "中心", "局", "委", "院", "校", "公司", "工程", "基地", "街道", "社区", "小区", "站")
LENGTHS = (4, 5, 6, 7)
MIN_COMMON = 3
_RUN = re.compile(r"[\u4e00-\u9fff]+")


@dataclass(frozen=True, slots=True)
class _Hit:
    source: Source
    context: str


class NameVariant(Check):
    code = "name-variant"
    title = "名称前后写法不一"
    severity = Severity.WARNING
    subject = "name"
    rank = 1

    def run(self, subject: Subject) -> Iterable[Finding]:
        texts = _texts(subject)
        commons = {name: hits for name, hits in _names(texts).items() if len(hits) >= MIN_COMMON}
        best: dict[Source, tuple[int, str, str, str]] = {}
        for common, hits in commons.items():
            for rare, hit in _variants(common, texts):
                rank = (len(hits), len(common))
                if hit.source not in best or rank > (best[hit.source][0], len(best[hit.source][1])):
                    best[hit.source] = (len(hits), common, rare, hit.context)
        for place, (count, common, rare, context) in best.items():
            yield self.finding(f"“{rare}”只出现 1 次，而“{common}”出现 {count} 次，疑为同一名称的错别字：“{context}”",
                               [Location(place, context), *(Location(h.source, h.context) for h in commons[common][:2])],
                               f"统一写作“{common}”")


Texts = list[tuple[str, Callable[[int], Source]]]


def _texts(subject: Subject) -> Texts:
    out: Texts = [(p.text, p.source_at) for p in subject.passages]
    values = [v for n in subject.nodes() for v in (n.name, n.cells.get("description")) if v is not None and v.text]
    values += [g.name for g in subject.goals]
    out.extend((v.text, _fixed(v.source)) for v in values)
    return out


def _fixed(source: Source) -> Callable[[int], Source]:
    """A cell is located as a whole, whatever the offset inside it."""
    return lambda _offset: source


def _names(texts: Texts) -> dict[str, list[_Hit]]:
    """Runs of 4–7 Chinese characters ending with a name word, with every place they occur."""
    names: dict[str, list[_Hit]] = defaultdict(list)
    pattern = re.compile("|".join(NAME_WORDS))
    for text, where in texts:
        for match in pattern.finditer(text):
            for n in LENGTHS:
                start = match.end() - n
                if start >= 0 and _RUN.fullmatch(text, start, match.end()):
                    names[text[start:match.end()]].append(_Hit(where(start), _clause(text, start, match.end())))
    return names


def _variants(name: str, texts: Texts) -> Iterable[tuple[str, _Hit]]:
    """Runs that differ from ``name`` in one homophone character, each occurring once in all the texts."""
    pattern = re.compile("|".join(f"{re.escape(name[:i])}(?!{re.escape(name[i])})[\u4e00-\u9fff]{re.escape(name[i + 1:])}"
                                  for i in range(1, len(name))))
    found = [(m.group(), text, where, m.start()) for text, where in texts for m in pattern.finditer(text)]
    for variant, text, where, start in found:
        i = next(i for i, (a, b) in enumerate(zip(name, variant, strict=True)) if a != b)
        if sum(t.count(variant) for t, _ in texts) == 1 and _homophones(name[i], variant[i]):
            yield variant, _Hit(where(start), _clause(text, start, start + len(variant)))


@lru_cache(maxsize=4096)  # bounded: a long-running server reviews many reports
def _homophones(a: str, b: str) -> bool:
    from pypinyin import Style, pinyin  # heavy: loaded only when names are compared

    sounds = [set(pinyin(c, style=Style.NORMAL)[0]) for c in (a, b)]
    return bool(sounds[0] & sounds[1])


def _clause(text: str, start: int, end: int) -> str:
    left = max(text.rfind(p, 0, start) for p in "，。；、,;") + 1
    rights = [i for i in (text.find(p, end) for p in "，。；、,;") if i >= 0]
    return text[left:min(rights) if rights else len(text)].strip()


CHECK = NameVariant()
