"""Passages that belong to another kind of project: pasted from another report.

The vocabulary of each kind of project (:mod:`jixiao.audit.vocabulary`) is data. A kind is this project's
own when any of its ``own`` words occurs in the project's title, indicator names, goals or
benchmarks; a passage using the ``telltale`` words of a kind that is not is reported, all
passages of one foreign kind in one finding.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ...diagnostics import Severity
from ..base import Check, Finding, Location
from ..subject import Subject
from ..vocabulary import KINDS


class ForeignPassage(Check):
    code = "foreign-passage"
    title = "疑似粘贴自其他项目的段落"
    severity = Severity.WARNING
    subject = "passage"
    rank = 1

    def run(self, subject: Subject) -> Iterable[Finding]:
        own = subject.facts_text
        for kind, (marks, words) in vocabulary().items():
            if any(w in own for w in marks):
                continue
            hits = [(p, w, m.start()) for p in subject.passages for w in words
                    for m in re.finditer(re.escape(w), _untitled(p.text))]
            if not hits:
                continue
            found = "、".join(dict.fromkeys(f"“{w}”" for _, w, _ in hits))
            locations = {str(p.source_at(at)): Location(p.source_at(at), _sentence(p.text, at)) for p, _, at in hits}
            yield self.finding(f"正文出现{found}等{kind}项目的用语，而本项目的指标、目标中没有这类内容，疑似从其他项目报告中粘贴",
                               list(locations.values()), "核对这些段落，改写为与本项目相符的内容")


def vocabulary() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """Kind → (own words, telltale words)."""
    return {kind: (words["own"], words["telltale"]) for kind, words in KINDS.items()}


def _untitled(text: str) -> str:
    """The text with the titles of cited documents (《…》) blanked out, offsets kept: a basis document
    of another kind (《…补助资金管理办法》) is cited, not pasted."""
    return re.sub(r"《[^》]{0,80}》", lambda m: " " * len(m.group()), text)


def _sentence(text: str, at: int) -> str:
    start = max(text.rfind(p, 0, at) for p in "。；") + 1
    ends = [i for i in (text.find(p, at) for p in "。；") if i >= 0]
    return text[start:min(ends) if ends else len(text)].strip()


CHECK = ForeignPassage()
