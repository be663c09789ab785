"""A template instruction left in a form's cell: 请填写…, 按…填列, （200字以内）, ××."""

from __future__ import annotations

from collections.abc import Iterable

from ...diagnostics import Severity
from ...importers.form.words import TEMPLATE_TEXT
from ..base import Check, Finding, Location
from ..subject import Subject


class TemplateText(Check):
    code = "template-text"
    title = "模板说明文字未替换"
    severity = Severity.WARNING
    subject = "passage"
    kinds = frozenset({"form", "department"})

    def run(self, subject: Subject) -> Iterable[Finding]:
        if subject.form is None:
            return
        notes = {id(n) for n in subject.form.notes}
        seen: set[str] = set()
        for value in subject.form.cells:
            match = TEMPLATE_TEXT.search(value.text)
            if match is None or id(value) in notes or value.text in seen or _note(value.text):
                continue
            seen.add(value.text)
            yield self.finding(f"单元格中留有填表模板的说明文字“{value.text[:60]}”，没有换成实际内容",
                               [Location(value.source, value.text[:80])], "删去模板说明，填写实际情况")


def _note(text: str) -> bool:
    """The form's own printed notes (填报说明, 注：…) explain how to fill it in; they are not cells left unfilled."""
    return text.lstrip().startswith(("注", "说明", "填报说明", "填表说明", "备注", "1.", "1、"))


CHECK = TemplateText()
