"""A satisfaction rate given as a survey result where the report says no survey was held."""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from ...diagnostics import Severity
from ...numbers import percent
from ..base import Check, Finding, Location
from ..subject import Subject

NO_SURVEY = re.compile(r"未(?:对[^。]{0,40})?(?:开展|进行|组织)[^。]{0,20}?满意度调查")


class SurveyContradiction(Check):
    code = "survey-contradiction"
    title = "未开展调查却列出满意度"
    severity = Severity.ERROR
    subject = "figure"
    rank = 5

    def run(self, subject: Subject) -> Iterable[Finding]:
        said = next(((p, m) for p in subject.passages if (m := NO_SURVEY.search(p.text))), None)
        if said is None:
            return
        passage, match = said
        rates = [f for f in subject.figures if f.is_rate and "满意度" in f.label]
        statement = Location(passage.source_at(match.start()), _sentence(passage.text, match.start()))
        # The rate the report presumes when no survey is held, wherever the text breaks its line
        # (a PDF cell may put “视满意度为” and “90%” on two lines, so no figure carries both).
        presumed = {f.value for f in rates if "视" in f.quote or "推定" in f.quote} | _rates_in(statement.quote)
        # 90% − 3 × 0.5% = 88.5%: the presumed rate worked out, wherever it is written, and its result
        presumed |= {r for f in rates if _ARITHMETIC.search(f.quote) for r in _rates_in(f.quote)}
        for figure in rates:
            if figure.value in presumed or "视" in figure.quote:
                continue
            yield self.finding(
                f"报告称“{statement.quote}”，却列出“{figure.quote}”：未开展调查就不应有调查得出的满意度 {percent(figure.value)}",
                [Location(figure.source, figure.quote), statement],
                "删除该满意度或附上调查材料；未开展调查时按评分标准的推定满意度计分")


_RATE = re.compile(r"(\d+(?:\.\d+)?)\s*[%％]")
_ARITHMETIC = re.compile(r"[%％]\s*[−\-×*]\s*\d")


def _rates_in(text: str) -> set[Decimal]:
    return {Decimal(m.group(1)) / 100 for m in _RATE.finditer(text)}


def _sentence(text: str, at: int) -> str:
    start = max(text.rfind(p, 0, at) for p in "。；") + 1
    ends = [i for i in (text.find(p, at) for p in "。；") if i >= 0]
    return text[start:min(ends) if ends else len(text)].strip()


CHECK = SurveyContradiction()
