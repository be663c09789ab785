"""An indicator or goal name that is a whole sentence rather than a measurable name."""

from __future__ import annotations

from collections.abc import Iterable

from ...diagnostics import Severity
from ...importers.document import Value
from ...importers.form.words import norm
from ..base import Check, Finding, Location
from ..subject import Subject

MAX_NAME = 30
SENTENCE_MARKS = "，。；！？,;"


class SentenceName(Check):
    code = "name-is-sentence"
    title = "指标名称是一句话"
    severity = Severity.WARNING
    subject = "indicator"
    rank = 2

    def run(self, subject: Subject) -> Iterable[Finding]:
        names = [g.name for g in subject.goals] + [n.name for n in subject.nodes()]
        seen: set[str] = set()
        for name in names:
            if name.text in seen or not _sentence(name):
                continue
            seen.add(name.text)
            yield self.finding(f"指标名称“{name.text}”是一整句话（{len(norm(name.text))} 个字），不是可衡量的指标名称",
                               [Location(name.source, name.text)],
                               "改为简短、可衡量的名称（如“信访事项按期办结率”），并给出量化的指标值")


def _sentence(name: Value) -> bool:
    """Counted in words: a mirror site's pinyin (補(bǔ)助) and traditional characters do not lengthen a name."""
    return len(norm(name.text)) > MAX_NAME or any(mark in name.text for mark in SENTENCE_MARKS)


CHECK = SentenceName()
