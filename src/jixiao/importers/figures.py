"""Labelled figures stated in prose: amounts of money (万元) and rates (率, 满意度).

The same figure is often written several times (the text, the goals table, the appendix); the
review compares them. Labels are taken as written, trimmed of leading filler words, except
for money, whose many wordings (年初预算, 指标金额, 预算资金…) map to three canonical labels.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from decimal import Decimal

from ..numbers import HUNDRED
from .document import Paragraph
from .model import Figure

BUDGET, ARRIVED, SPENT = "预算资金", "实际到位资金", "实际支出资金"
INITIAL = "年初预算"  # the budget before adjustment; the adjusted one (全年预算, 调整后预算) is BUDGET when both are given
MONEY_WORDS = (
    (ARRIVED, ("实际到位资金", "实际到位", "到位资金", "资金到位")),
    (SPENT, ("实际支出资金", "实际支出金额", "全年实际支出", "实际支出/执行数", "实际支出", "实际支付金额", "实际支付", "支出金额",
             "实际使用资金", "全年执行数", "实际执行数", "执行数", "执行金额")),
    (INITIAL, ("年初预算数", "年初预算", "年初批复", "年初安排")),
    (BUDGET, ("全年预算数", "全年预算", "调整后预算数", "调整后预算", "预算调整后", "预算资金", "预算金额", "指标金额", "预算数",
              "批复预算", "安排预算", "预算总额", "项目预算")),
)
AMOUNT = r"(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"  # 1,280.00 as well as 1280.00
_MONEY = re.compile(
    "(" + "|".join(sorted((re.escape(w) for _, ws in MONEY_WORDS for w in ws), key=len, reverse=True)) + r")"
    r"[^，。；,;\d]{0,8}?" + AMOUNT + r"\s*万元")
_RATE = re.compile(r"([\u4e00-\u9fff]{2,18}?(?:率|满意度))\s*(?:视为|视同|推定为|为|是|达到|达|约为|约|：|:)?\s*(\d+(?:\.\d+)?)\s*[%％]")
FILLER = ("视为", "视", "其中", "本项目", "项目的", "项目", "整体", "全年", "年度", "综合")
_CANON = {w: label for label, ws in MONEY_WORDS for w in ws}


def text_figures(paragraphs: Iterable[Paragraph]) -> list[Figure]:
    out: list[Figure] = []
    for p in paragraphs:
        out.extend(_done(p))
        for m in _MONEY.finditer(p.text):
            out.append(Figure(_CANON[m.group(1)], Decimal(m.group(2).replace(",", "")), False, "万元", _quote(p.text, m),
                              p.source_at(m.start()), "text"))
        for m in _RATE.finditer(p.text):
            out.append(Figure(trim_label(m.group(1)), Decimal(m.group(2)) / HUNDRED, True, "%", _quote(p.text, m),
                              p.source_at(m.start()), "text"))
    return out


_DONE = re.compile(r"(?:全年)?(?:实际)?完成([\u4e00-\u9fff()（）]{2,20}?)(\d+(?:\.\d+)?)\s*(个月|人次|个|個|次|人|户|戶|家|项|項|"
                   r"台|臺|套|篇|份|场|場|期|所|座|公里|千米|厘米|米|亩|畝|吨|噸|辆|輛|册|冊|本|件|处|處|条|條|名|位|批|种|種|部|门|門|头|頭|只|隻)")
_PLAN = ("计划", "計劃", "预期", "預期", "目标", "目標", "应", "需")


def _done(p: Paragraph) -> list[Figure]:
    """Counts said to be done (全年完成开发培训课程数量11门), set beside the table's actuals; a plan's
    (计划完成…) are not what was done."""
    out = []
    for match in _DONE.finditer(p.text):
        if any(w in p.text[max(0, match.start() - 4):match.start()] for w in _PLAN):
            continue
        label, number, unit = match.groups()
        out.append(Figure(label, Decimal(number), False, unit, _quote(p.text, match), p.source_at(match.start()), "text"))
    return out


def trim_label(label: str) -> str:
    """``视信访群众满意度`` → ``信访群众满意度``; keeps at least three characters."""
    changed = True
    while changed:
        changed = False
        for word in FILLER:
            if label.startswith(word) and len(label) - len(word) >= 3:
                label, changed = label[len(word):], True
    return label


def _quote(text: str, m: re.Match[str]) -> str:
    """The clause holding the match: from the previous to the next punctuation mark."""
    start = max(text.rfind(p, 0, m.start()) for p in "，。；,;：") + 1
    ends = [i for i in (text.find(p, m.end()) for p in "，。；,;") if i >= 0]
    return text[start:min(ends) if ends else len(text)].strip()


_QUANTITY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(%|％)?\s*([\u4e00-\u9fff]{0,3})\s*$")


def quantity(text: str) -> tuple[Decimal, bool, str] | None:
    """``99.68%`` → (0.9968, True, "%"); ``365次`` → (365, False, "次"); anything else → None."""
    match = _QUANTITY.match(text)
    if match is None:
        return None
    value = Decimal(match.group(1))
    return (value / 100, True, "%") if match.group(2) else (value, False, match.group(3))
