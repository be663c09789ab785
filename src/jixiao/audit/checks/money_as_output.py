"""An amount of money (万元, 元) given as an output quantity: money spent is an input, not an output."""

from __future__ import annotations

import re
from collections.abc import Iterable

from ...diagnostics import Severity
from ...importers.form.words import norm
from ..base import Check, Finding, Location
from ..subject import Subject

MONEY = re.compile(r"\d\s*(?:万元|元|亿元)|(?:金额|资金)")
# a name that says money (工程资金金额, 补助经费) over a bare figure (43.2): the amount is the output
MONEY_NAME = re.compile(r"金额|经费|投资额|补助额|补贴额|资金(?!拨付|到位|使用|支付|发放|兑付|执行)")
BARE_FIGURE = re.compile(r"[≥≤=﹦＝<>≧≦]?\s*\d[\d.,]*\s*(?:万元|元|亿元)?")


class MoneyAsOutput(Check):
    code = "money-as-output"
    title = "以金额作为产出数量"
    severity = Severity.WARNING
    subject = "indicator"
    kinds = frozenset({"form", "department"})

    def run(self, subject: Subject) -> Iterable[Finding]:
        if subject.form is None:
            return
        for row in subject.form.rows:
            if "数量" not in norm(row.level2.text) or not row.applicable:
                continue
            target, name, words = norm(row.text("target") + row.text("unit")), row.name.text, norm(row.name.text)
            if not MONEY.search(target) and not (re.search(r"金额|资金", words) and re.search(r"万元|元", target + row.text("actual"))) \
                    and not (MONEY_NAME.search(words) and BARE_FIGURE.fullmatch(target)):
                continue
            where = row.cells.get("target", row.name)
            amount = row.text("target") + row.text("unit") or row.text("actual")
            yield self.finding(f"数量指标“{name}”以金额“{amount}”作为产出数量：资金投入不是产出",
                               [Location(row.name.source, name), Location(where.source, where.text)],
                               "改用项目实际形成的产出（如完成工程量、服务人次）作为数量指标", certain=row.certain)


CHECK = MoneyAsOutput()
