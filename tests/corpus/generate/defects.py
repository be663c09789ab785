"""Plant defects in a clean form, each unambiguous, and record the words a finding must quote.

Each planter changes one thing and returns its Defect records, or None when the form offers no place for it.
A row that carries a defect is locked, so no two defects share a row.
"""

from __future__ import annotations

import copy
import random
from collections.abc import Callable
from decimal import Decimal

from . import scoring
from .content import PROJECT_TYPES
from .forms import criterion_text
from .model import Defect, Form, Leaf
from .numbers import ONE, fixed, percent, q2, trim

Planter = Callable[[random.Random, Form], list[Defect] | None]

TEMPLATES = (
    ("achieved", "请填写项目年度总体目标实际完成情况。", "请填写"),
    ("achieved", "对照年度目标，说明相关任务目标的完成情况（100字以内）。", "100字以内"),
    ("reason", "（说明：偏差原因按实际情况填列）", "填列"),
    ("phone", "请填写联系电话", "请填写"),
)


def free(form: Form, test: Callable[[Leaf], bool]) -> list[Leaf]:
    return [lf for i, lf in enumerate(form.leaves) if lf.applicable and not lf.locked and i != form.figure_leaf and test(lf)]


def take(rng: random.Random, leaves: list[Leaf]) -> Leaf | None:
    if not leaves:
        return None
    leaf = rng.choice(leaves)
    leaf.locked = True
    return leaf


def quantitative(lf: Leaf) -> bool:
    return lf.kind in ("forward", "reverse", "equal") and lf.a_num is not None


def missed(lf: Leaf) -> bool:
    return quantitative(lf) and lf.score is not None and lf.weight is not None and lf.score < lf.weight


def full(lf: Leaf) -> bool:
    return lf.score is not None and lf.score == lf.weight


def named(leaf: Leaf, code: str) -> list[Defect]:
    return [Defect(code, leaf.name, "name")]


def score_recomputed(rng: random.Random, form: Form) -> list[Defect] | None:
    partial = [lf for lf in free(form, lambda lf: lf.kind == "qual" and lf.tier == "部分达成")]
    leaf = take(rng, free(form, missed) + partial)
    if leaf is None or leaf.weight is None or leaf.score is None:
        return None
    if leaf.kind == "qual":
        leaf.score = q2(leaf.weight * Decimal("0.9"))  # above the 部分达成 band, below full
    else:
        delta = rng.choice((Decimal("0.5"), Decimal(1), Decimal("1.5")))
        wrong = leaf.score - delta if leaf.score - delta > 0 else leaf.score + delta / 2
        leaf.score = q2(min(wrong, leaf.weight - Decimal("0.1")))
    return named(leaf, "score-recomputed")


def full_missed(rng: random.Random, form: Form) -> list[Defect] | None:
    leaf = take(rng, free(form, lambda lf: missed(lf) or (lf.kind == "qual" and lf.tier == "部分达成")))
    if leaf is None:
        return None
    leaf.score, leaf.reason = leaf.weight, ""
    return named(leaf, "full-missed")


def loss_met(rng: random.Random, form: Form) -> list[Defect] | None:
    leaf = take(rng, free(form, lambda lf: lf.kind == "qual" and full(lf) and (lf.weight or 0) >= 3 and lf.actual != "基本达成"))
    if leaf is None or leaf.weight is None:
        return None
    leaf.score, leaf.reason = q2(leaf.weight * Decimal("0.9")), ""
    return named(leaf, "loss-met")


def loss_unexplained(rng: random.Random, form: Form) -> list[Defect] | None:
    leaf = take(rng, free(form, missed))
    if leaf is None:
        return None
    leaf.reason = ""
    return named(leaf, "loss-unexplained")


def score_over_weight(rng: random.Random, form: Form) -> list[Defect] | None:
    leaf = take(rng, free(form, full))
    if leaf is None or leaf.weight is None:
        return None
    leaf.score = leaf.weight + rng.choice((Decimal("0.5"), Decimal(1), Decimal(2)))
    return named(leaf, "score-over-weight")


def weights_sum(rng: random.Random, form: Form) -> list[Defect] | None:
    """Move points from a leaf of one 一级 to a leaf of another: both groups stop adding up to their points."""
    if "{points}" not in form.profile.level1_label:
        return None
    candidates = free(form, lambda lf: full(lf) or (not form.scored and lf.applicable))
    pairs = [(a, b) for a in candidates for b in candidates if a.level1 != b.level1 and (a.weight or 0) >= 4]
    if not pairs:
        return None
    a, b = rng.choice(pairs)
    d = Decimal(rng.choice((1, 2)))
    assert a.weight is not None and b.weight is not None
    a.weight, b.weight = a.weight - d, b.weight + d
    a.locked = b.locked = True
    if form.scored:
        a.score, b.score = a.weight, b.weight
    return [Defect("weights-sum", a.level1, "l1"), Defect("weights-sum", b.level1, "l1")]


def replace(leaf: Leaf, name: str, kind: str, comparator: str, t: Decimal, a: Decimal, unit: str, form: Form) -> None:
    leaf.name, leaf.kind, leaf.comparator, leaf.unit, leaf.tier = name, kind, comparator, unit, None
    leaf.t_num, leaf.a_num, leaf.reason = t, a, ""
    leaf.value = fixed(t) if unit == "万元" else trim(t)
    leaf.actual = (fixed(a) if unit == "万元" else trim(a)) + (unit if form.profile.actual_units or unit == "%" else "")
    if form.scored:
        leaf.score = leaf.weight
    leaf.explain = f"考察{name}的完成情况。"
    leaf.criterion = criterion_text(leaf, form.profile)


def money_as_output(rng: random.Random, form: Form) -> list[Defect] | None:
    leaf = take(rng, free(form, lambda lf: lf.group == "数量" and (full(lf) or not form.scored)))
    spent = form.total_row().spent
    if leaf is None or spent is None:
        return None
    amount = q2(spent * Decimal(rng.randint(50, 90)) / 100)
    replace(leaf, form.ptype.money_output, "forward", "≥", amount, amount, "万元", form)
    return named(leaf, "money-as-output")


def indicator_misfiled(rng: random.Random, form: Form) -> list[Defect] | None:
    names = {lf.name for lf in form.leaves}
    if rng.random() < 0.5 and form.ptype.misfiled_cost not in names:
        leaf = take(rng, free(form, lambda lf: lf.group in ("社会效益", "经济效益") and (full(lf) or not form.scored)))
        if leaf is not None:
            t = Decimal(rng.choice((500, 800, 1200, 3000)))
            replace(leaf, form.ptype.misfiled_cost, "reverse", "≤", t, t * Decimal(rng.randint(80, 100)) / 100, "元", form)
            leaf.a_num = leaf.a_num.to_integral_value() if leaf.a_num is not None else None
            leaf.actual = trim(leaf.a_num or ONE) + ("元" if form.profile.actual_units else "")
            return named(leaf, "indicator-misfiled")
    name = "群众满意度" if "服务对象满意度" in names else "服务对象满意度"
    leaf = take(rng, free(form, lambda lf: lf.group == "数量" and (full(lf) or not form.scored)))
    if leaf is None:
        return None
    replace(leaf, name, "forward", "≥", Decimal(90), Decimal(rng.randint(91, 99)), "%", form)
    return named(leaf, "indicator-misfiled")


def name_is_sentence(rng: random.Random, form: Form) -> list[Defect] | None:
    leaf = take(rng, free(form, lambda lf: lf.group == "社会效益" and lf.kind == "qual"))
    if leaf is None:
        return None
    leaf.name = form.ptype.sentence
    leaf.explain = f"考察{leaf.name}的完成情况。"
    return named(leaf, "name-is-sentence")


def actual_kind(rng: random.Random, form: Form) -> list[Defect] | None:
    """A qualitative target answered with a percentage, or a time limit answered with words."""
    timed = free(form, lambda lf: lf.kind == "reverse" and lf.unit in ("小时", "个工作日") and (full(lf) or not form.scored))
    qual = free(form, lambda lf: lf.kind == "qual" and (full(lf) or not form.scored) and lf.actual != "基本达成")
    leaf = take(rng, qual + timed)
    if leaf is None:
        return None
    if leaf.kind == "qual":
        leaf.actual, leaf.tier = rng.choice(("100%", "98%", "95%")), None
    else:
        leaf.actual, leaf.a_num = rng.choice(("按期完成", "及时响应", "已完成")), None
    return named(leaf, "actual-kind")


def target_missing(rng: random.Random, form: Form) -> list[Defect] | None:
    leaf = take(rng, free(form, lambda lf: lf.kind != "qual" and (full(lf) or not form.scored)))
    if leaf is None:
        return None
    leaf.target_override = ""
    return named(leaf, "target-missing")


def execution_score(rng: random.Random, form: Form) -> list[Defect] | None:
    total = form.total_row()
    assert total.budget is not None and total.spent is not None
    weight, rate = form.exec_weight, total.spent / total.budget
    if form.scored and (rate < 1 or rng.random() < 0.5):
        form.exec_score = weight if rate < 1 else weight - rng.choice((Decimal(1), Decimal(2)))
        return [Defect("execution-score", fixed(form.exec_score) if form.profile.score_style == "2" else trim(form.exec_score), "number")]
    wrong = rate + Decimal(rng.randint(150, 600)) / 10000 if rate < Decimal("0.94") else rate - Decimal(rng.randint(150, 600)) / 10000
    form.rate_text = percent(wrong, form.profile.rate_style)
    if form.scored:
        form.exec_score = q2(weight * min(q2(wrong * 100) / 100, ONE))
    form.exec_reason = form.exec_reason and f"预算执行率{form.rate_text}，" + form.exec_reason.split("，", 1)[1]
    return [Defect("execution-score", form.rate_text, "number")]


def budget_changed(rng: random.Random, form: Form) -> list[Defect] | None:
    total = form.total_row()
    if total.initial is None or total.budget is None:
        return None
    if total.initial == total.budget:
        cut = q2(total.budget * Decimal(rng.randint(5, 20)) / 100)
        total.initial = total.budget - cut
        form.funds[1].initial = (form.funds[1].initial or total.budget) - cut
    form.change_reason = ""
    money = fixed(total.budget) if form.profile.funds.money == "2" else trim(total.budget)
    return [Defect("budget-changed", money, "number")]


def header_blank(rng: random.Random, form: Form) -> list[Defect] | None:
    options = ["department", "unit"] + (["project"] if form.kind == "form" else [])
    key = rng.choice(options)
    setattr(form, key, None)
    word = {"project": "项目名称", "department": "主管部门", "unit": "实施单位"}[key]
    return [Defect("header-blank", word, "label")]


def template_text(rng: random.Random, form: Form) -> list[Defect] | None:
    options = []
    conflict = any(d.code == "figure-conflict" for d in form.defects)
    if not (form.exec_reason or form.change_reason or form.foreign or conflict):
        options += [t for t in TEMPLATES if t[0] == "achieved"]
    if form.profile.leader:
        options += [t for t in TEMPLATES if t[0] == "phone"]
    blank = [i for i, lf in enumerate(form.leaves) if lf.applicable and not lf.reason and not lf.locked]
    if blank and "reason" in form.profile.columns:
        options += [t for t in TEMPLATES if t[0] == "reason"]
    if not options:
        return None
    place, text, words = rng.choice(options)
    if place == "reason":
        i = rng.choice(blank)
        form.leaves[i].locked = True
        place = f"reason:{i}"
    form.template[place] = text
    return [Defect("template-text", words, "text")]


def figure_conflict(rng: random.Random, form: Form) -> list[Defect] | None:
    if form.figure_leaf < 0 or "achieved" in form.template:
        return None
    leaf = form.leaves[form.figure_leaf]
    if leaf.a_num is None or leaf.locked:
        return None
    leaf.locked = True
    off = max(ONE, (leaf.a_num * Decimal(rng.randint(5, 12)) / 100).to_integral_value())
    form.figure = f"{trim(leaf.a_num + off if rng.random() < 0.6 else max(ONE, leaf.a_num - off))}{leaf.unit}"
    return [Defect("figure-conflict", form.figure, "text")]


def foreign_passage(rng: random.Random, form: Form) -> list[Defect] | None:
    if "achieved" in form.template:
        return None
    text = form.expected + form.achieved + "".join(lf.name + lf.reason for lf in form.leaves)
    donors = [t for t in PROJECT_TYPES if t.key != form.ptype.key and t.passage and not any(w in text for w in t.telltales)]
    if not donors:
        return None
    donor = rng.choice(donors)
    form.foreign = donor.passage
    word = next(w for w in donor.telltales if w in donor.passage)
    return [Defect("foreign-passage", word, "text")]


def completion_rate(rng: random.Random, form: Form) -> list[Defect] | None:
    """A 完成率 off by 5 to 15 points from 实际完成值 ÷ 指标值 (the 2023 form's column)."""
    if "rate" not in form.profile.columns:
        return None
    leaf = take(rng, free(form, lambda lf: lf.kind == "forward" and bool(lf.a_num) and bool(lf.t_num)))
    if leaf is None or leaf.a_num is None or leaf.t_num is None:
        return None
    rate = min(leaf.a_num / leaf.t_num, ONE)
    off = Decimal(rng.randint(5, 15)) / 100
    leaf.completion = percent(rate - off if rate - off > 0 else rate + off, form.profile.rate_style)
    return [Defect("completion-rate", leaf.completion, "number")]


ROW_PLANTERS: dict[str, Planter] = {
    "score-recomputed": score_recomputed, "full-missed": full_missed, "loss-met": loss_met, "loss-unexplained": loss_unexplained,
    "score-over-weight": score_over_weight, "weights-sum": weights_sum, "money-as-output": money_as_output,
    "indicator-misfiled": indicator_misfiled, "name-is-sentence": name_is_sentence, "actual-kind": actual_kind,
    "target-missing": target_missing, "execution-score": execution_score, "budget-changed": budget_changed,
    "header-blank": header_blank, "figure-conflict": figure_conflict, "template-text": template_text,
    "foreign-passage": foreign_passage, "completion-rate": completion_rate,
}
NEEDS_SCORES = {"score-recomputed", "full-missed", "loss-met", "loss-unexplained", "score-over-weight", "score-total", "grade-band"}
FORM_CODES = (*ROW_PLANTERS, "score-total", "grade-band")


def score_total(rng: random.Random, form: Form, rescored: Decimal | None) -> list[Defect] | None:
    assert form.total is not None
    scale = form.profile.grade_scale
    for delta in rng.sample([Decimal(x) for x in ("0.5", "1", "2", "-0.5", "-1", "-2", "1.5", "3")], 8):
        wrong = form.total + delta
        if wrong <= 100 and scale.grade(wrong) == form.grade and (rescored is None or scale.grade(rescored) == form.grade):
            form.total = wrong
            return [Defect("score-total", fixed(wrong) if form.profile.score_style == "2" else trim(wrong), "number")]
    return None


def grade_band(rng: random.Random, form: Form) -> list[Defect] | None:
    assert form.grade is not None
    form.grade = form.profile.grade_scale.neighbour(form.grade)
    return [Defect("grade-band", form.grade, "grade")]


def settle(form: Form) -> bool:
    """Recompute what follows from the rows; False when the stated and the recomputed totals fall in different grades."""
    if not form.scored:
        return True
    form.total = scoring.stated_total(form)
    form.grade = form.profile.grade_scale.grade(form.total)
    rescored = scoring.rescore_form(form)
    return rescored is None or form.profile.grade_scale.grade(rescored) == form.grade


def plant(rng: random.Random, form: Form, count: int) -> Form:
    """A copy of the form with `count` defects planted (fewer when it offers no place); the original when none fit."""
    codes = [c for c in FORM_CODES if form.scored or c not in NEEDS_SCORES]
    for _ in range(8):
        trial = copy.deepcopy(form)
        chosen = rng.sample(codes, min(count, len(codes)))
        defects: list[Defect] = []
        for code in [c for c in chosen if c in ROW_PLANTERS]:
            trial.defects = defects
            found = ROW_PLANTERS[code](rng, trial)
            defects += found or []
        if not settle(trial):
            continue
        rescored = scoring.rescore_form(trial)
        if "score-total" in chosen:
            defects += score_total(rng, trial, rescored) or []
        if "grade-band" in chosen and trial.grade is not None:
            defects += grade_band(rng, trial) or []
        if defects:
            trial.defects = defects
            return trial
    return form
