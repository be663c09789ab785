"""A required header cell of a form left blank: 项目名称, 主管部门, 实施单位."""

from __future__ import annotations

from collections.abc import Iterable

from ...diagnostics import Severity
from ...importers.form.words import REQUIRED_HEADER
from ..base import Check, Finding, Location
from ..subject import Subject


class HeaderBlank(Check):
    code = "header-blank"
    title = "表头必填项为空"
    severity = Severity.WARNING
    subject = "header"
    kinds = frozenset({"form"})

    def run(self, subject: Subject) -> Iterable[Finding]:
        if subject.form is None:
            return
        for label in REQUIRED_HEADER:
            value = subject.form.header.get(label)
            if value is not None and not value.text.strip():
                yield self.finding(f"自评表的“{label}”一栏为空", [Location(value.source, label)], f"填写{label}")


CHECK = HeaderBlank()
