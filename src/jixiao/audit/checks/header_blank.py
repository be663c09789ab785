"""A required header cell of a form left blank: 项目名称, 主管部门, 实施单位."""

from __future__ import annotations

from collections.abc import Iterable

from ...diagnostics import Severity
from ...importers.form.words import REQUIRED_HEADER, norm
from ..base import Check, Finding, Location
from ..subject import Subject


class HeaderBlank(Check):
    code = "header-blank"
    title = "表头必填项为空"
    severity = Severity.WARNING
    subject = "header"
    kinds = frozenset({"form", "department"})  # a department form has the same header cells

    def run(self, subject: Subject) -> Iterable[Finding]:
        if subject.form is None:
            return
        form = subject.form
        for label in REQUIRED_HEADER:
            value = form.header.get(label)
            if value is not None and not value.text.strip():
                # quote the label as printed (主管部門 in a traditional-character form), not our canonical word
                printed = next((c.text for c in form.cells if norm(c.text) == label), label)
                yield self.finding(f"自评表的“{printed}”一栏为空", [Location(value.source, printed)], f"填写{label}")


CHECK = HeaderBlank()
