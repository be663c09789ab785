"""The generator's own arithmetic: jixiao's documented default form rules and the report criteria, in Decimal.

Written independently of jixiao: these numbers fill the truth's ``rescored`` and the stated scores of
clean documents.
"""

from __future__ import annotations

import math
from decimal import Decimal

from .model import Form, Leaf, Report, Rule
from .numbers import HUNDRED, ONE, ZERO, q2
from .profiles import Profile


def execution(weight: Decimal, budget: Decimal, spent: Decimal) -> Decimal:
    """分值 × min(全年执行数 ÷ 全年预算数, 1)."""
    rate = spent / budget if budget else ZERO
    return q2(weight * min(rate, ONE))


def quantitative(leaf: Leaf, profile: Profile) -> Decimal:
    w, t, a = leaf.weight, leaf.t_num, leaf.a_num
    assert w is not None and t is not None and a is not None
    if leaf.kind == "reverse":
        if a <= t:
            return q2(w)
        if profile.reverse_rule == "linear":
            return q2(w * max(ZERO, (2 * t - a) / t))
        return q2(w * t / a)
    if leaf.kind == "equal":
        return q2(w) if a == t else q2(w * max(ZERO, ONE - abs(a - t) / t))
    return q2(w * min(a / t, ONE))


def clamp(leaf: Leaf, profile: Profile) -> Decimal | None:
    """A qualitative row: the stated score when it lies in its tier's band, else the nearest end of the band."""
    if leaf.score is None or leaf.tier is None or leaf.weight is None:
        return leaf.score
    low, high = profile.qual_bands[leaf.tier]
    return q2(min(max(leaf.score, leaf.weight * low), leaf.weight * high))


def form_leaf(leaf: Leaf, profile: Profile) -> Decimal | None:
    """The score a leaf deserves; None for a 不适用 row or an unscored qualitative one."""
    if not leaf.applicable or leaf.weight is None:
        return None
    if leaf.target is None or leaf.t_num is None or leaf.a_num is None or leaf.kind == "qual":
        return clamp(leaf, profile) if leaf.target is not None else leaf.score
    return quantitative(leaf, profile)


def applicable_weight(form: Form) -> Decimal:
    return form.exec_weight + sum((lf.weight or ZERO for lf in form.leaves if lf.applicable), ZERO)


def combine(form: Form, rows: list[Decimal]) -> Decimal:
    """Sum of rounded rows, rescaled to 100 when the form's notes say 按百分制折算."""
    raw = sum(rows, ZERO)
    weights = applicable_weight(form)
    if form.profile.rescale and weights != HUNDRED:
        return q2(raw * HUNDRED / weights)
    return raw


def stated_total(form: Form) -> Decimal:
    """What the rows as stated add up to: the total a clean form prints."""
    rows = [form.exec_score or ZERO] + [lf.score or ZERO for lf in form.leaves if lf.applicable]
    return combine(form, rows)


def rescore_form(form: Form) -> Decimal | None:
    total_row = form.total_row()
    assert total_row.budget is not None and total_row.spent is not None
    rows = [execution(form.exec_weight, total_row.budget, total_row.spent)]
    for leaf in form.leaves:
        if not leaf.applicable:
            continue
        value = form_leaf(leaf, form.profile)
        if value is None:
            return None  # an unscored qualitative row: no single total follows
        rows.append(value)
    return combine(form, rows)


def report_rule(rule: Rule, weight: Decimal, actual: Decimal) -> Decimal:
    """A report criterion applied to a leaf's actual (a fraction for rates, a count otherwise)."""
    kind = rule.kind
    if kind in ("checklist", "rate_times", "satisfaction"):
        return q2(weight * actual)
    if kind == "ratio":
        assert rule.target is not None
        return q2(weight * min(actual / rule.target, ONE))
    if kind == "step":
        assert rule.threshold is not None and rule.step is not None
        short = rule.threshold - actual * HUNDRED
        return q2(weight) if short <= 0 else q2(max(ZERO, weight - rule.step * math.ceil(short)))
    if kind == "overrun":
        assert rule.step is not None
        over = actual * HUNDRED - HUNDRED
        return q2(weight) if over <= 0 else q2(max(ZERO, weight - rule.step * over))
    if kind in ("binary", "build"):
        return q2(weight) if actual > 0 else ZERO
    if kind == "incident":
        return q2(weight) if actual == 0 else ZERO
    if kind == "per_item":
        assert rule.step is not None
        return q2(max(ZERO, weight - rule.step * actual))
    if kind == "ranges":
        for low, share in ((Decimal("0.9"), ONE), (Decimal("0.8"), Decimal("0.8")), (Decimal("0.7"), Decimal("0.6"))):
            if actual >= low:
                return q2(weight * share)
        return ZERO
    raise ValueError(f"unknown criterion kind {kind}")


def rescore_report(report: Report) -> Decimal:
    total = ZERO
    for leaf in report.leaves:
        assert leaf.rule is not None and leaf.weight is not None and leaf.a_num is not None
        total += report_rule(leaf.rule, leaf.weight, leaf.a_num)
    return total
